import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clinic } from '../../shared/clinic';
import type { Provider } from '../../shared/provider';
import { formatDate, formatMoney, pdfText } from '../../shared/reports/pdf-kit';
import { progressReportPdf } from '../../shared/reports/progress-report';
import type { ProgressReportData } from '../../shared/reports/progress-report-data';
import { inspectPdf, type InspectedPdf } from '../support/pdf';
import { caseChart, type ChartedTreatment } from '../../shared/body-chart';

/** The ITBS case's six visits as charted: GB34 R and ST36 B every time, the rest on fewer visits. */
const ITBS_VISITS: ChartedTreatment[] = Array.from({ length: 6 }, (_, i) => ({
  acupoints: [
    { code: 'GB34', side: 'R' },
    { code: 'ST36', side: 'B' },
    ...(i < 5 ? [{ code: 'GB31', side: 'R' }] : []),
    ...(i < 4 ? [{ code: 'GB33', side: 'R' }] : []),
    ...(i < 3 ? [{ code: 'BL40', side: 'R' }] : []),
  ],
  triggerPoints: [
    { muscleId: 'tensor-fasciae-latae', side: 'R' },
    ...(i < 5 ? [{ muscleId: 'gluteus-medius', side: 'R' }] : []),
    ...(i < 4 ? [{ muscleId: 'vastus-lateralis', side: 'R' }] : []),
  ],
  leadPairs: [],
}));
import { loadPdfFonts } from '../../db/pdf-fonts';

loadPdfFonts();

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'needlebook-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------- fixtures

const clinic: Clinic = {
  name: 'Cedar Ridge Acupuncture & Sports Recovery',
  addressLine1: '2150 NW Lovejoy St',
  addressLine2: 'Suite 3',
  city: 'Portland',
  state: 'OR',
  postalCode: '97210',
  phone: '(503) 555-0142',
  email: 'front@cedarridge.example',
  taxId: '93-1234567',
  npi: null,
  placeOfService: '11',
  idleLockMinutes: null,
  tcmFindings: false,
  updatedAt: '2026-01-05T09:00:00.000Z',
};

const provider: Provider = {
  id: 1,
  name: 'Dana Whitfield',
  credentials: 'L.Ac.',
  npi: '1234567893',
  licenseNumber: 'AC-01234',
  licenseState: 'OR',
  taxonomyCode: '171100000X',
  signatureName: 'Dana M. Whitfield',
  active: true,
  hasPasscode: false,
  otherLicenses: [],
  createdAt: '2025-06-01T09:00:00.000Z',
  updatedAt: '2025-06-01T09:00:00.000Z',
};

const normal: ProgressReportData = {
  generatedOn: '2026-03-02',
  clinic,
  provider,
  patient: {
    name: 'Maya Okafor',
    dateOfBirth: '1991-07-14',
    sex: 'female',
    primarySport: 'Trail running',
    trainingPhase: 'peak',
    weeklyVolume: 55,
    volumeUnit: 'km',
  },
  careCase: {
    conditionText: 'IT band syndrome',
    side: 'right',
    diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg', pointer: 'A', inCatalog: true }],
    onsetDate: '2025-12-01',
    startDate: '2026-01-12',
    phase: 'subacute',
    status: 'active',
    dischargedOn: null,
    goals: 'Run the Cascade Half Marathon on Mar 22 without lateral knee pain; descend 600 m of trail without stopping.',
  },
  sessions: { done: 6, expectedMin: 4, expectedMax: 10, nextReassessment: null, firstVisit: '2026-01-12', lastVisit: '2026-02-27' },
  treatment: {
    acupoints: [
      { label: 'GB34 R', count: 6 },
      { label: 'ST36 B', count: 6 },
      { label: 'GB31 R', count: 5 },
      { label: 'GB33 R', count: 4 },
      { label: 'BL40 R', count: 3 },
    ],
    muscles: [
      { label: 'TFL R', count: 6 },
      { label: 'Gluteus medius R', count: 5 },
      { label: 'Vastus lateralis R', count: 4 },
    ],
    estimVisits: 4,
    estimCommon: '2/100 Hz',
    adjuncts: [
      { label: 'Cupping', count: 3 },
      { label: 'Manual therapy', count: 2 },
    ],
  },
  bodyChart: caseChart(ITBS_VISITS),
  outcomes: [
    {
      measure: 'nprs',
      name: 'Numeric Pain Rating Scale',
      first: { date: '2026-01-12', score: 6 },
      latest: { date: '2026-02-20', score: 2 },
      improvement: 4,
      mcid: 2,
      met: true,
      worsened: false,
      higherIsBetter: false,
      min: 0,
      max: 10,
    },
    {
      measure: 'lefs',
      name: 'Lower Extremity Functional Scale',
      first: { date: '2026-01-12', score: 52 },
      latest: { date: '2026-02-20', score: 64 },
      improvement: 12,
      mcid: 9,
      met: true,
      worsened: false,
      higherIsBetter: true,
      min: 0,
      max: 80,
    },
  ],
  referring: { name: 'Dr. Lena Ortiz, DPT', npi: '1245319599' },
  summary: { on: '2026-02-20', text: 'ITBS settling: pain 2/10 on 16 km runs; hip abductor strength now symmetric.' },
  objective: { on: '2026-02-27', text: 'Ober test negative R; TFL and gluteus medius non-tender; single-leg squat controlled.' },
  painTarget: 4,
  tcm: {
    date: '2026-02-20',
    tongue: 'pale, tooth-marked, thin white coat',
    pulse: '72 bpm; L guan wiry; R chi weak',
    pattern: 'Qi and Blood stagnation; Kidney Yang deficiency',
  },
  painSeries: [
    { session: 1, date: '2026-01-12', before: 6, after: 4 },
    { session: 2, date: '2026-01-19', before: 5, after: 3 },
    { session: 3, date: '2026-01-26', before: 5, after: null },
    { session: 4, date: '2026-02-06', before: 4, after: 2 },
    { session: 5, date: '2026-02-20', before: 3, after: 2 },
    { session: 6, date: '2026-02-27', before: 2, after: 1 },
  ],
  flags: [
    {
      title: 'Race in 20 days: Cascade Half Marathon (Mar 22, 2026)',
      rule: 'No aggressive dry needling in the 48–72 hours before a race; a pre-race session fits 7–10 days out.',
    },
    { title: 'Reassessment overdue', rule: 'Subacute cases are reassessed at the midpoint (session 5); none is charted since session 1.' },
  ],
  plan: {
    text: 'Continue weekly acupuncture with electroacupuncture GB31 <-> GB34 and dry needling of TFL and gluteus medius. Taper to every other week after the race.',
    plannedSessions: 8,
    frequency: 'Once a week',
    homeCare: 'Foam roll the lateral thigh daily; hip abductor strength work 3x/week; hold long runs at 18 km until the race.',
  },
};

const LONG_GOALS = Array.from(
  { length: 9 },
  (_, i) =>
    `Goal ${i + 1}: return to ${60 + i * 5} km per week of mixed road and trail running with no more than 2/10 pain during or after any run, including hill repeats and a long run of ${20 + i} km, sustained for three consecutive weeks — measured on the training log.`,
).join('\n');
const LONG_PLAN = Array.from(
  { length: 10 },
  (_, i) =>
    `Block ${i + 1}: needle Zúsānlǐ (ST36) and GB34 bilaterally, e-stim GB31 ↔ GB34 at 2/100 Hz for 20 minutes, dry needling of gluteus medius and TFL when palpation finds active trigger points; reassess load tolerance and adjust the strength programme before progressing volume.`,
).join(' ');

const MEASURES = [
  ['nprs', 'Numeric Pain Rating Scale', 0, 10, false, 7, 3, 2],
  ['nprs', 'Pain NRS (worst in the last week)', 0, 10, false, 9, 4, 2],
  ['lefs', 'Lower Extremity Functional Scale', 0, 80, true, 41, 67, 9],
  ['psfs', 'Patient-Specific Functional Scale (average)', 0, 10, true, 3.4, 7.8, 2],
  ['psfs', 'PSFS: downhill running on technical trail', 0, 10, true, 2.1, 3.3, 2],
  ['visa_a', 'Victorian Institute of Sport Assessment – Achilles', 0, 100, true, 48, 71, 10],
  ['visa_p', 'Victorian Institute of Sport Assessment – Patella', 0, 100, true, 55, 62, 13],
  ['kujala', 'Kujala Anterior Knee Pain Scale (AKPS)', 0, 100, true, 70, 83, 10],
  ['faam_adl', 'Foot and Ankle Ability Measure – ADL subscale', 0, 100, true, 72.5, 88.1, 8],
  ['faam_sports', 'Foot and Ankle Ability Measure – Sports subscale', 0, 100, true, 47.2, 51.9, 9],
  ['groc', 'Global Rating of Change', -7, 7, true, 0, 4, 3],
  ['lefs', 'LEFS repeated after the race block', 0, 80, true, 58, 54, 9],
] as const;

const stress: ProgressReportData = {
  ...normal,
  patient: { ...normal.patient, name: 'Zoë Ramírez-Lindqvist', dateOfBirth: '1979-12-31', weeklyVolume: 40, volumeUnit: 'mi', trainingPhase: 'off-season' },
  careCase: {
    ...normal.careCase,
    conditionText: 'Proximal hamstring tendinopathy with recurrent lateral knee pain',
    side: 'bilateral',
    diagnoses: [
      { code: 'M76.891', description: 'Other specified enthesopathies of right lower limb, excluding foot', pointer: 'A', inCatalog: true },
      { code: 'M76.892', description: 'Other specified enthesopathies of left lower limb, excluding foot', pointer: 'B', inCatalog: true },
      { code: 'M76.31', description: 'Iliotibial band syndrome, right leg', pointer: 'C', inCatalog: true },
    ],
    phase: 'maintenance',
    goals: LONG_GOALS,
  },
  sessions: { done: 40, expectedMin: 0, expectedMax: null, nextReassessment: 42, firstVisit: '2025-03-03', lastVisit: '2026-02-27' },
  outcomes: MEASURES.map(([measure, name, min, max, higherIsBetter, first, latest, mcid], i) => {
    const improvement = Math.round((higherIsBetter ? latest - first : first - latest) * 10) / 10;
    return {
      measure,
      name,
      first: { date: `2025-03-${String(i + 3).padStart(2, '0')}`, score: first },
      latest: { date: `2026-02-${String(i + 10).padStart(2, '0')}`, score: latest },
      improvement,
      mcid,
      met: measure === 'groc' ? latest >= mcid : improvement >= mcid,
      worsened: measure === 'groc' ? latest <= -mcid : improvement <= -mcid,
      higherIsBetter,
      min,
      max,
    };
  }),
  painSeries: Array.from({ length: 40 }, (_, i) => ({
    session: i + 1,
    date: `2025-${String(3 + Math.floor(i / 4)).padStart(2, '0')}-${String(3 + (i % 4) * 7).padStart(2, '0')}`,
    before: i === 17 ? null : Math.max(1, Math.round(8 - i * 0.15 + (i % 3))),
    after: i % 9 === 4 ? null : Math.max(0, Math.round(6 - i * 0.13 + (i % 2))),
  })),
  flags: [],
  plan: { text: LONG_PLAN, plannedSessions: 12, frequency: 'Every 2–4 weeks in base training, weekly at peak load', homeCare: LONG_GOALS },
};

const edge: ProgressReportData = {
  generatedOn: '2026-03-02',
  clinic: { ...clinic, addressLine2: null, email: null, taxId: null },
  provider: { ...provider, licenseNumber: null, licenseState: null, signatureName: null },
  patient: { name: 'Sam Ortiz', dateOfBirth: '2004-02-29', sex: 'male', primarySport: null, trainingPhase: null, weeklyVolume: null, volumeUnit: 'mi' },
  careCase: {
    conditionText: 'Achilles tendinopathy',
    side: 'left',
    diagnoses: [{ code: 'M76.62', description: 'Achilles tendinitis, left leg', pointer: 'A', inCatalog: true }],
    onsetDate: '2026-02-20',
    startDate: '2026-03-01',
    phase: 'acute',
    status: 'active',
    dischargedOn: null,
    goals: null,
  },
  sessions: { done: 0, expectedMin: 2, expectedMax: 6, nextReassessment: 3, firstVisit: null, lastVisit: null },
  treatment: { acupoints: [], muscles: [], estimVisits: 0, estimCommon: null, adjuncts: [] },
  bodyChart: { marks: [], lines: [], unplaced: [] },
  outcomes: [],
  referring: null,
  summary: null,
  objective: null,
  painTarget: null,
  tcm: null,
  painSeries: [],
  flags: [],
  plan: { text: null, plannedSessions: null, frequency: null, homeCare: null },
};

const oneVisit: ProgressReportData = {
  ...edge,
  careCase: { ...edge.careCase, status: 'discharged', dischargedOn: '2026-03-02' },
  sessions: { ...edge.sessions, done: 1, firstVisit: '2026-03-02', lastVisit: '2026-03-02' },
  painSeries: [{ session: 1, date: '2026-03-02', before: 5, after: 3 }],
};

// ---------------------------------------------------------------- poppler and qpdf

type Rendered = InspectedPdf;

function render(name: string, data: ProgressReportData, dir = scratch): Rendered {
  const bytes = progressReportPdf(data);
  expect(bytes).toBeInstanceOf(Uint8Array);
  return inspectPdf(bytes, join(dir, `${name}.pdf`));
}

/**
 * The line of a table row that carries its scores: it starts with the measure's name (which may
 * wrap, so only its start is matched) and, when given, shows these first and latest scores.
 */
function rowLine(pageText: string, name: string, scores?: RegExp): string | undefined {
  const start = name.slice(0, 18);
  return pageText.split('\n').find((l) => l.trimStart().startsWith(start) && (scores === undefined || scores.test(l)));
}

function expectCommon(r: Rendered, data: ProgressReportData): void {
  const { text } = r;
  expect(text).toContain(data.patient.name);
  expect(text).toContain(formatDate(data.patient.dateOfBirth));
  expect(text).toContain(data.careCase.conditionText.slice(0, 30));
  expect(text).toContain({ left: 'Left', right: 'Right', bilateral: 'Bilateral', na: 'Not applicable' }[data.careCase.side]);
  for (const d of data.careCase.diagnoses) expect(text).toMatch(new RegExp(`${d.code.replace('.', '\\.')}\\s+${d.description.slice(0, 20)}`));
  expect(text).toContain(data.provider.npi);
  expect(text).toContain(data.clinic.name);
  expect(text).toContain('Progress report');
  expect(text).toContain(`Generated ${formatDate(data.generatedOn)}`);
  expect(r.info).toMatch(/^Creator:\s+Needlebook$/m);
  expect(r.info).toMatch(new RegExp(`^Title:\\s+Progress report: ${data.patient.name}$`, 'm'));
  expect(r.pageCount).toBeGreaterThanOrEqual(1);
  for (let n = 1; n <= r.pageCount; n++) expect(r.pages[n - 1]).toContain(`Page ${n} of ${r.pageCount}`);
  expect(r.pages).toHaveLength(r.pageCount);
  expect(r.sizes).toHaveLength(r.pageCount);
  for (const size of r.sizes) expect(size).toMatch(/size:\s+612 x 792 pts \(letter\)/);

  for (const o of data.outcomes) {
    const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
    const unit = o.measure.startsWith('faam') ? '%' : '';
    // GROC rates change itself: one signed rating under Latest, none under First.
    const scores =
      o.measure === 'groc'
        ? new RegExp(`\\s—\\s+${o.latest.score > 0 ? '\\+' : ''}${num(o.latest.score)}\\s+`)
        : new RegExp(`\\s${num(o.first.score)}${unit}\\s+${num(o.latest.score)}${unit}\\s+`);
    const page = r.pages.find((p) => rowLine(p, o.name, scores) !== undefined);
    expect(page, `row for ${o.name} with ${scores}`).toBeDefined();
    // The dates under the scores print on the same page: rows are never split.
    if (o.measure !== 'groc') expect(page).toContain(formatDate(o.first.date));
    expect(page).toContain(formatDate(o.latest.date));
    expect(page).toMatch(/Measure\s+First\s+Latest\s+Change\s+MCID\s+Meaningful/);
  }
}

// ---------------------------------------------------------------- tests

describe('pdf-kit helpers', () => {
  it('formats ISO dates the same in every time zone', () => {
    expect(formatDate('2026-03-02')).toBe('Mar 2, 2026');
    expect(formatDate('2025-12-31')).toBe('Dec 31, 2025');
    expect(formatDate('2026-01-01T00:30:00.000Z')).toBe('Jan 1, 2026');
    expect(formatDate('2026-02-30')).toBe('2026-02-30');
  });

  it('formats money from cents', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(12345)).toBe('$123.45');
    expect(formatMoney(123456789)).toBe('$1,234,567.89');
    expect(formatMoney(-500)).toBe('-$5.00');
  });

  it('keeps every letter the embedded font has and spells out the signs it lacks', () => {
    expect(pdfText('GB31 ↔ GB34 → ST36, NRS ≥ 3 − 1')).toBe('GB31 <-> GB34 -> ST36, NRS >= 3 − 1');
    expect(pdfText('4–10 sessions — ×6 · “ok” café')).toBe('4–10 sessions — ×6 · “ok” café');
    expect(pdfText('Zúsānlǐ')).toBe('Zúsānlǐ');
    expect(pdfText("O'Brien-Łukasz Żółć, Nguyễn Thị Ánh, Ștefan, Ħal, Δημήτρης, Юлия")).toBe(
      "O'Brien-Łukasz Żółć, Nguyễn Thị Ánh, Ștefan, Ħal, Δημήτρης, Юлия",
    );
    // Decomposed input is composed first; a mark with no composed form is dropped from its letter.
    expect(pdfText('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(pdfText('ok 🙂 水')).toBe('ok ? ?');
  });
});

describe('progress report PDF', () => {
  it('prints a typical case on one or two clean pages', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('progress-report', normal, ARTIFACTS);
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', r.file, join(ARTIFACTS, 'progress-report')]);
    expectCommon(r, normal);
    expect(r.pageCount).toBeLessThanOrEqual(2);
    const { text } = r;
    expect(text).toContain('Jul 14, 1991 (age 34)');
    expect(text).toContain('Subacute');
    expect(text).toContain('Sessions 6 of 4–10');
    expect(text).toContain('Jan 12, 2026');
    expect(text).toContain('Feb 27, 2026');
    // Written for the referring provider: addressed to them, with the summary and latest findings, and no internal scheduling.
    expect(text).toContain('To: Dr. Lena Ortiz, DPT (NPI 1245319599), referring provider');
    expect(text).toMatch(/Assessment, Feb 20, 2026\s+ITBS settling: pain 2\/10 on 16 km runs/);
    expect(text).toMatch(/Findings, Feb 27, 2026\s+Ober test negative R/);
    expect(text).not.toMatch(/Reassessment\s+(At session|None scheduled)/);
    expect(text).toContain('meaningful improvement: 4 or lower');
    expect(text).toMatch(/Feb 20, 2026 · 10 d ago/);
    expect(text).toContain('55 km per week');
    expect(text).toMatch(/AC-01234 \(OR\)/);
    expect(text).toContain('93-1234567');
    expect(text).toMatch(/GB34 R ×6, ST36 B ×6/);
    expect(text).toMatch(/4 visits; most often 2\/100 Hz/);
    expect(text).toContain('TCM findings (Feb 20, 2026)');
    expect(rowLine(text, 'Tongue')).toMatch(/Tongue\s+pale, tooth-marked, thin white coat/);
    expect(rowLine(text, 'Pulse')).toMatch(/Pulse\s+72 bpm; L guan wiry; R chi weak/);
    expect(rowLine(text, 'Pattern')).toMatch(/Pattern\s+Qi and Blood stagnation; Kidney Yang deficiency/);
    expect(rowLine(text, 'Numeric Pain Rating Scale')).toMatch(/\s6\s+2\s+\+4\s+2 pts or 30%\s+Yes/);
    expect(rowLine(text, 'Lower Extremity Functional Scale')).toMatch(/\s52\s+64\s+\+12\s+9\s+Yes/);
    expect(text).toContain('Pain per visit');
    expect(text).toContain('Before treatment');
    for (const f of normal.flags) expect(text).toContain(f.title);
    expect(text).toContain('Rule: Subacute cases are reassessed at the midpoint');
    expect(text).not.toContain('No flags');
    expect(text).toContain('GB31 <-> GB34');
    expect(text).toContain('Once a week');
    expect(text).toContain('Dana M. Whitfield, L.Ac.');
    expect(text).toContain('Provider signature');
    // The case's body chart, drawn as vector paths beside the treatment summary: its four views on
    // the first page, and not one raster image in the file.
    expect(r.pages[0]).toMatch(/Front\s+Back\s+Right side\s+Left side/);
    expect(r.pages[0]).toContain('Acupoint (larger: needled at more visits)');
    expect(execFileSync('pdfimages', ['-list', r.file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
  });

  it('breaks long text, 40 visits and 12 outcome rows across pages without splitting rows', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('progress-report-long', stress, ARTIFACTS);
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', r.file, join(ARTIFACTS, 'progress-report-long')]);
    expectCommon(r, stress);
    expect(r.pageCount).toBeGreaterThanOrEqual(3);
    const { text } = r;
    expect(text).toContain('Session 40 (open-ended)');
    expect(text).toContain('Maintenance');
    expect(text).not.toContain('At session 42');
    expect(text).toContain('40 mi per week');
    expect(text).toContain('No flags');
    expect(text).toContain('Goal 9: return to 100 km');
    expect(text).toContain('Block 10: needle');
    expect(text).toContain('Zúsānlǐ');
    expect(text).not.toContain('↔');
    // Continuation pages carry the patient so a loose page can be matched to the chart.
    for (const page of r.pages.slice(1)) expect(page).toMatch(new RegExp(`${stress.patient.name}\\s+·\\s+DOB Dec 31, 1979`));
    // GROC is one rating, not a first and a latest score; its MCID reads as a level.
    expect(rowLine(text, 'Global Rating of Change')).toMatch(/\s—\s+\+4\s+—\s+\+3 or more\s+Yes/);
    expect(rowLine(text, 'LEFS repeated after')).toMatch(/\s58\s+54\s+-4\s+9\s+No/);
  });

  it('prints a case with no visits and no outcomes yet', () => {
    const r = render('progress-report-edge', edge);
    expectCommon(r, edge);
    expect(r.pageCount).toBe(1);
    const { text } = r;
    expect(text).toContain('Feb 29, 2004 (age 22)');
    expect(text).toContain('Acute');
    expect(text).toContain('Sessions 0 of 2–6');
    expect(text).not.toContain('At session 3');
    expect(text).toContain('No visits yet');
    expect(text).toContain('No outcome measures recorded yet.');
    expect(text).toContain('No pain scores recorded at visits yet.');
    expect(text).toContain('No flags');
    expect(text).not.toContain('Tax ID');
    expect(text).not.toContain('Page 2');
    // Nothing needled: no figure.
    expect(text).not.toContain('Right side');
  });

  it('draws the chart for a single visit and shows a discharge', () => {
    const r = render('progress-report-one', oneVisit);
    expectCommon(r, oneVisit);
    expect(r.text).toContain('Sessions 1 of 2–6');
    expect(r.text).toContain('Discharged Mar 2, 2026');
    expect(r.text).toContain('Before treatment');
    expect(r.text).not.toContain('No pain scores recorded');
  });
});
