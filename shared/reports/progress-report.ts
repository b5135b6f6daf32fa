import type { jsPDF } from 'jspdf';
import { measureById } from '../catalogs/outcome-measures';
import { bodyFigureHeight, drawBodyFigure } from './body-figure';
import { ACUPUNCTURIST_TAXONOMY, signatureLine } from '../provider';
import { PHASE_LABEL } from '../rules/framework';
import { ageOn } from '../validation/dates';
import {
  COLOR,
  CONTENT_LEFT,
  CONTENT_RIGHT,
  CONTENT_WIDTH,
  PAGE,
  SIZE,
  createCursor,
  createDoc,
  drawLabelValues,
  drawLines,
  drawText,
  ensureSpace,
  formatDate,
  heading,
  keepTogether,
  labelValues,
  lineHeight,
  measureLabelValues,
  paragraph,
  pdfBytes,
  rule,
  stampFooters,
  table,
  wrap,
  type Cell,
  type Cursor,
  type LabelValue,
  type Rgb,
  type TableColumn,
} from './pdf-kit';
import type { ProgressReportData } from './progress-report-data';

/**
 * The progress report a referring physical therapist or physician reads: who, what, how many
 * sessions against the framework, what was done, whether the measures moved by their MCID, and the
 * plan. One or two pages for a typical case; everything it prints comes from the data, nothing is
 * derived here beyond formatting.
 */
export function progressReportPdf(data: ProgressReportData): Uint8Array {
  const { patient, careCase } = data;
  const doc = createDoc({
    title: `Progress report: ${patient.name}`,
    subject: `${careCase.conditionText}, ${formatDate(data.generatedOn)}`,
    author: providerName(data),
    keywords: careCase.diagnoses.map((d) => d.code).join(', '),
  });
  const cur = createCursor(doc, (d) => runningHead(d, data));

  header(cur, data);
  addressee(cur, data);
  people(cur, data);
  caseSection(cur, data);
  summarySection(cur, data);
  treatmentSection(cur, data);
  tcmSection(cur, data);
  outcomesSection(cur, data);
  painChart(cur, data.painSeries, data.painTarget);
  flagsSection(cur, data);
  planSection(cur, data);
  signature(cur, data);

  stampFooters(doc, `Generated ${formatDate(data.generatedOn)} by Needlebook for ${data.clinic.name}. Confidential health information.`);
  return pdfBytes(doc);
}

const NOT_RECORDED = 'Not recorded';

function providerName(data: ProgressReportData): string {
  return `${data.provider.name}, ${data.provider.credentials}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Sessions 6 of 4–10", or "Session 14 (open-ended)" for maintenance; the same words as sessionsLabel. */
export function sessionsWording(done: number, min: number, max: number | null): string {
  return max === null ? `Session ${done} (open-ended)` : `Sessions ${done} of ${min}–${max}`;
}

function score(value: number, measureId: string): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return measureById(measureId)?.unit === '%' ? `${text}%` : text;
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(Math.abs(rounded)) : Math.abs(rounded).toFixed(1);
  return rounded > 0 ? `+${text}` : rounded < 0 ? `-${text}` : '0';
}

function counted(items: readonly { label: string; count: number }[], limit: number): string {
  if (items.length === 0) return 'None recorded';
  const shown = items.slice(0, limit).map((i) => `${i.label} ×${i.count}`);
  const more = items.length - limit;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

// ---------------------------------------------------------------- header and people

function header(cur: Cursor, data: ProgressReportData): void {
  const { doc } = cur;
  const { clinic } = data;
  const titleWidth = 190;
  const clinicWidth = CONTENT_WIDTH - titleWidth;

  const cityLine = [clinic.city, [clinic.state, clinic.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const contact = [clinic.phone ? `Phone ${clinic.phone}` : null, clinic.email].filter(Boolean).join('  ·  ');
  const details = [clinic.addressLine1, clinic.addressLine2, cityLine, contact, clinic.taxId ? `Tax ID ${clinic.taxId}` : null].filter((l): l is string =>
    Boolean(l),
  );

  let left = cur.y;
  left += drawLines(doc, wrap(doc, clinic.name, clinicWidth, { size: SIZE.subtitle, bold: true }), CONTENT_LEFT, left, {
    size: SIZE.subtitle,
    bold: true,
  });
  left += 2;
  for (const line of details) {
    left += drawLines(doc, wrap(doc, line, clinicWidth, { size: SIZE.small }), CONTENT_LEFT, left, { size: SIZE.small, color: COLOR.muted });
  }

  let right = cur.y;
  right += drawText(doc, 'Progress report', CONTENT_RIGHT, right, { size: SIZE.title, bold: true, color: COLOR.accent }, 'right');
  right += 2;
  right += drawText(doc, `Generated ${formatDate(data.generatedOn)}`, CONTENT_RIGHT, right, { size: SIZE.small, color: COLOR.muted }, 'right');

  cur.y = Math.max(left, right) + 8;
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, cur.y, COLOR.accent, 1.2);
  cur.y += 6;
}

/** Continuation pages name the patient so a loose page can be matched to its chart. */
function runningHead(doc: jsPDF, data: ProgressReportData): number {
  const top = PAGE.margin - 16;
  const who = `${data.patient.name}  ·  DOB ${formatDate(data.patient.dateOfBirth)}`;
  drawText(doc, `Progress report  ·  ${data.clinic.name}`, CONTENT_LEFT, top, { size: SIZE.small, color: COLOR.muted });
  drawText(doc, who, CONTENT_RIGHT, top, { size: SIZE.small, color: COLOR.muted }, 'right');
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, top + lineHeight(SIZE.small) + 2);
  return top + lineHeight(SIZE.small) + 10;
}

function twoColumns(cur: Cursor, blocks: readonly [string, LabelValue[], string, LabelValue[]], labelWidth = 84): void {
  const [leftTitle, leftRows, rightTitle, rightRows] = blocks;
  const gutter = 20;
  const width = (CONTENT_WIDTH - gutter) / 2;
  const titleHeight = leftTitle || rightTitle ? lineHeight(SIZE.small) + 3 : 0;
  const layout = (x: number) => ({ x, width, labelWidth });
  const rightX = CONTENT_LEFT + width + gutter;
  const height = titleHeight + Math.max(measureLabelValues(cur.doc, leftRows, layout(CONTENT_LEFT)), measureLabelValues(cur.doc, rightRows, layout(rightX)));
  ensureSpace(cur, height);
  const columns: [string, LabelValue[], number][] = [
    [leftTitle, leftRows, CONTENT_LEFT],
    [rightTitle, rightRows, rightX],
  ];
  for (const [title, rows, x] of columns) {
    if (title) drawText(cur.doc, title.toUpperCase(), x, cur.y, { size: SIZE.small, bold: true, color: COLOR.muted });
    drawLabelValues(cur.doc, rows, cur.y + titleHeight, layout(x));
  }
  cur.y += height;
}

function people(cur: Cursor, data: ProgressReportData): void {
  const { patient, provider } = data;
  const volume = patient.weeklyVolume === null ? NOT_RECORDED : `${patient.weeklyVolume} ${patient.volumeUnit} per week`;
  const patientRows: LabelValue[] = [
    { label: 'Name', value: patient.name, bold: true },
    { label: 'Date of birth', value: `${formatDate(patient.dateOfBirth)} (age ${ageOn(patient.dateOfBirth, data.generatedOn)})` },
    { label: 'Sex', value: patient.sex ? capitalise(patient.sex) : NOT_RECORDED },
    { label: 'Primary sport', value: patient.primarySport ?? NOT_RECORDED },
    { label: 'Weekly volume', value: volume },
    { label: 'Training phase', value: patient.trainingPhase ? capitalise(patient.trainingPhase) : NOT_RECORDED },
  ];
  const license = provider.licenseNumber ? [provider.licenseNumber, provider.licenseState ? `(${provider.licenseState})` : ''].join(' ').trim() : NOT_RECORDED;
  const taxonomy = provider.taxonomyCode === ACUPUNCTURIST_TAXONOMY ? `${provider.taxonomyCode} (acupuncturist)` : provider.taxonomyCode;
  const providerRows: LabelValue[] = [
    { label: 'Name', value: providerName(data), bold: true },
    { label: 'NPI', value: provider.npi },
    { label: 'License', value: license },
    { label: 'Taxonomy', value: taxonomy },
  ];
  cur.y += 4;
  twoColumns(cur, ['Patient', patientRows, 'Treating provider', providerRows]);
}

/** For the referring provider, by name: the report is their letter back. */
function addressee(cur: Cursor, data: ProgressReportData): void {
  if (!data.referring) return;
  cur.y += 4;
  paragraph(cur, `To: ${data.referring.name}${data.referring.npi ? ` (NPI ${data.referring.npi})` : ''}, referring provider`, { bold: true });
}

/** The practitioner's own summary, and the latest objective findings, each with its date. */
function summarySection(cur: Cursor, data: ProgressReportData): void {
  if (!data.summary && !data.objective) return;
  heading(cur, 'Summary', 40);
  labelValues(
    cur,
    [
      ...(data.summary ? [{ label: `Assessment, ${formatDate(data.summary.on)}`, value: data.summary.text }] : []),
      ...(data.objective ? [{ label: `Findings, ${formatDate(data.objective.on)}`, value: data.objective.text }] : []),
    ],
    { labelWidth: 130 },
  );
}

// ---------------------------------------------------------------- case and sessions

const SIDE_WORD = { left: 'Left', right: 'Right', bilateral: 'Bilateral', na: 'Not applicable' } as const;

function caseSection(cur: Cursor, data: ProgressReportData): void {
  const { careCase: c, sessions: s } = data;
  heading(cur, 'Episode of care', 90);
  const status = c.status === 'discharged' ? `Discharged${c.dischargedOn ? ` ${formatDate(c.dischargedOn)}` : ''}` : 'Active';
  const caseRows: LabelValue[] = [
    { label: 'Condition', value: c.conditionText, bold: true },
    { label: 'Side', value: SIDE_WORD[c.side] },
    { label: 'Onset', value: formatDate(c.onsetDate) },
    { label: 'Start of care', value: formatDate(c.startDate) },
    { label: 'Phase at start', value: PHASE_LABEL[c.phase] },
    { label: 'Status', value: status },
  ];
  const sessionRows: LabelValue[] = [
    { label: 'Sessions', value: sessionsWording(s.done, s.expectedMin, s.expectedMax), bold: true },
    {
      label: 'Expected',
      value: s.expectedMax === null ? 'Open-ended (maintenance)' : `${s.expectedMin}–${s.expectedMax} sessions (${PHASE_LABEL[c.phase].toLowerCase()})`,
    },
    { label: 'First visit', value: s.firstVisit ? formatDate(s.firstVisit) : 'No visits yet' },
    { label: 'Last visit', value: s.lastVisit ? formatDate(s.lastVisit) : 'No visits yet' },
  ];
  twoColumns(cur, ['', caseRows, '', sessionRows]);

  const diagnoses = c.diagnoses.length === 0 ? 'None recorded' : c.diagnoses.map((d) => `${d.code}   ${d.description}`).join('\n');
  cur.y += 2;
  labelValues(
    cur,
    [
      { label: 'ICD-10-CM', value: diagnoses },
      { label: 'Goals', value: c.goals?.trim() || 'None recorded' },
    ],
    { labelWidth: 84 },
  );
}

// ---------------------------------------------------------------- treatment

/** The figure's width beside the treatment summary: the four views side by side, small enough to keep a typical report to two pages. */
const FIGURE_WIDTH = 220;
const FIGURE_GAP = 14;

/**
 * What was done, with the case drawn beside it: every signed visit's points and muscles on the body
 * figure as vector paths, a larger dot for a site needled at more visits. Without anything needled
 * the rows take the full width.
 */
function treatmentSection(cur: Cursor, data: ProgressReportData): void {
  const t = data.treatment;
  const chart = data.bodyChart;
  const estim =
    t.estimVisits === 0 ? 'Not used' : `${t.estimVisits} visit${t.estimVisits === 1 ? '' : 's'}${t.estimCommon ? `; most often ${t.estimCommon}` : ''}`;
  const rows: LabelValue[] = [
    { label: 'Acupoints', value: counted(t.acupoints, 12) },
    { label: 'Trigger points', value: counted(t.muscles, 10) },
    { label: 'Electroacupuncture', value: estim },
    { label: 'Adjuncts', value: counted(t.adjuncts, 8) },
  ];
  const note = t.acupoints.length + t.muscles.length + t.adjuncts.length > 0 ? '×N is the number of visits a site was treated.' : null;
  if (chart.marks.length === 0) {
    heading(cur, 'Treatment summary', 60);
    labelValues(cur, rows, { labelWidth: 96 });
    if (note) paragraph(cur, note, { size: SIZE.tiny, color: COLOR.muted });
    return;
  }
  const { doc } = cur;
  const textWidth = CONTENT_WIDTH - FIGURE_WIDTH - FIGURE_GAP;
  const figureHeight = bodyFigureHeight(FIGURE_WIDTH);
  const about = [
    ...(note ? [note] : []),
    'The figure: every signed visit of this case; a larger dot was needled at more visits. The front view faces the patient (their right on the page’s left); the back view is seen from behind.',
    ...(chart.unplaced.length > 0 ? [`Not drawn (no place on the figure): ${chart.unplaced.join(', ')}.`] : []),
  ];
  const aboutLines = about.map((p) => wrap(doc, p, textWidth, { size: SIZE.tiny }));
  const textHeight =
    measureLabelValues(doc, rows, { width: textWidth, labelWidth: 96 }) + aboutLines.reduce((h, l) => h + l.length * lineHeight(SIZE.tiny) + 3, 4);
  heading(cur, 'Treatment summary', Math.max(textHeight, figureHeight));
  const top = cur.y;
  let y = top + drawLabelValues(doc, rows, top, { width: textWidth, labelWidth: 96 }) + 4;
  for (const lines of aboutLines) y += drawLines(doc, lines, CONTENT_LEFT, y, { size: SIZE.tiny, color: COLOR.muted }) + 3;
  const figureBottom = top + drawBodyFigure(doc, chart, { left: CONTENT_RIGHT - FIGURE_WIDTH, top, width: FIGURE_WIDTH }, { sizedByCount: true });
  cur.y = Math.max(y, figureBottom);
}

/** The latest signed tongue, pulse and pattern, when the practitioner charts them. */
function tcmSection(cur: Cursor, data: ProgressReportData): void {
  const t = data.tcm;
  if (!t) return;
  heading(cur, `TCM findings (${formatDate(t.date)})`, 40);
  labelValues(
    cur,
    [
      { label: 'Tongue', value: t.tongue ?? '—' },
      { label: 'Pulse', value: t.pulse ?? '—' },
      { label: 'Pattern', value: t.pattern ?? '—' },
    ],
    { labelWidth: 96 },
  );
}

// ---------------------------------------------------------------- outcomes

function mcidText(row: ProgressReportData['outcomes'][number]): string {
  if (row.measure === 'nprs') return `${row.mcid} pts or 30%`;
  if (row.measure === 'groc') return `+${row.mcid} or more`;
  return score(row.mcid, row.measure);
}

/** How old a score is on the report's date: a referring provider weighs a 4-month-old score differently. */
function ageOf(date: string, on: string): string {
  const days = Math.round((Date.parse(`${on}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  if (days <= 0) return 'today';
  if (days < 14) return `${days} d ago`;
  if (days < 60) return `${Math.round(days / 7)} wk ago`;
  return `${Math.round(days / 30)} mo ago`;
}

function outcomesSection(cur: Cursor, data: ProgressReportData): void {
  heading(cur, 'Outcome measures', 60);
  if (data.outcomes.length === 0) {
    paragraph(cur, 'No outcome measures recorded yet.', { color: COLOR.muted });
    return;
  }
  const columns: TableColumn[] = [
    { header: 'Measure', width: 150 },
    { header: 'First', width: 70, align: 'right' },
    // Wide enough for the date and how old it is.
    { header: 'Latest', width: 106, align: 'right' },
    { header: 'Change', width: 62, align: 'right' },
    { header: 'MCID', width: 64, align: 'right' },
    { header: 'Meaningful', width: 64, align: 'center' },
  ];
  const verdict = (o: ProgressReportData['outcomes'][number]): Cell =>
    o.worsened
      ? { text: 'Worse', bold: true, color: COLOR.warn }
      : o.met
        ? { text: 'Yes', bold: true, color: COLOR.accent }
        : { text: 'No', color: COLOR.muted };
  const rows: Cell[][] = data.outcomes.map((o) =>
    // GROC is itself a rating of change since the start: one rating, not a first and a latest score.
    o.measure === 'groc'
      ? [
          { text: o.name, sub: 'the patient’s rating of change, −7 to +7' },
          { text: '—', sub: 'rates change itself' },
          { text: signed(o.latest.score), sub: formatDate(o.latest.date) },
          { text: '—' },
          mcidText(o),
          verdict(o),
        ]
      : [
          { text: o.name, sub: `${score(o.min, o.measure)}–${score(o.max, o.measure)}, ${o.higherIsBetter ? 'higher' : 'lower'} is better` },
          { text: score(o.first.score, o.measure), sub: formatDate(o.first.date) },
          { text: score(o.latest.score, o.measure), sub: `${formatDate(o.latest.date)} · ${ageOf(o.latest.date, data.generatedOn)}` },
          { text: signed(o.improvement), sub: o.improvement > 0 ? 'better' : o.improvement < 0 ? 'worse' : 'no change' },
          mcidText(o),
          verdict(o),
        ],
  );
  table(cur, columns, rows, { zebra: true });
  cur.y += 3;
  paragraph(cur, 'Change is signed so that + is an improvement, whichever direction the measure runs. MCID: minimal clinically important difference.', {
    size: SIZE.tiny,
    color: COLOR.muted,
  });
}

// ---------------------------------------------------------------- pain chart

const BEFORE: Rgb = [192, 57, 43];
const AFTER: Rgb = [28, 78, 128];
const CHART = { height: 178, plotTop: 22, plotHeight: 128, left: 30, right: 8 } as const;

type PainPoint = ProgressReportData['painSeries'][number];

/** Session labels at most every ~18 points, on round steps, always including the first and last. */
function sessionTicks(first: number, last: number, plotWidth: number): number[] {
  const span = last - first;
  if (span === 0) return [first];
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => (plotWidth / span) * s >= 18) ?? Math.ceil(span / 10);
  const ticks = [first];
  for (let s = Math.ceil((first + 1) / step) * step; s < last; s += step) {
    // Keep clear of the first and last labels, which always print.
    if (s - first >= step * 0.75 && last - s >= step * 0.75) ticks.push(s);
  }
  ticks.push(last);
  return ticks;
}

export function painChart(cur: Cursor, series: readonly PainPoint[], target: number | null): void {
  const points = series.filter((p) => p.before !== null || p.after !== null);
  heading(cur, 'Pain per visit (NRS 0–10)', points.length === 0 ? 20 : CHART.height);
  if (points.length === 0) {
    paragraph(cur, 'No pain scores recorded at visits yet.', { color: COLOR.muted });
    return;
  }
  ensureSpace(cur, CHART.height);
  const { doc } = cur;
  const top = cur.y;
  const plotLeft = CONTENT_LEFT + CHART.left;
  const plotRight = CONTENT_RIGHT - CHART.right;
  const plotTop = top + CHART.plotTop;
  const plotBottom = plotTop + CHART.plotHeight;
  const plotWidth = plotRight - plotLeft;

  const sessions = points.map((p) => p.session);
  const first = Math.min(...sessions);
  const last = Math.max(...sessions);
  // Inset the first and last session from the axes so their circles are not cut by the frame.
  const inset = Math.min(16, plotWidth / 4);
  const xOf = (s: number) => (last === first ? (plotLeft + plotRight) / 2 : plotLeft + inset + ((s - first) / (last - first)) * (plotWidth - 2 * inset));
  const yOf = (v: number) => plotBottom - (Math.min(Math.max(v, 0), 10) / 10) * CHART.plotHeight;

  // Grid and y axis: a tick at every point of the scale, a label at every second.
  for (let v = 0; v <= 10; v++) {
    const y = yOf(v);
    if (v % 2 === 0) {
      rule(doc, plotLeft, plotRight, y, v === 0 ? COLOR.muted : [228, 231, 236], v === 0 ? 0.7 : 0.4);
      drawText(doc, String(v), plotLeft - 6, y - lineHeight(SIZE.tiny) / 2, { size: SIZE.tiny, color: COLOR.muted }, 'right');
    }
    rule(doc, plotLeft - 3, plotLeft, y, COLOR.muted, 0.5);
  }
  doc.setDrawColor(COLOR.muted[0], COLOR.muted[1], COLOR.muted[2]);
  doc.setLineWidth(0.7);
  doc.line(plotLeft, plotTop, plotLeft, plotBottom);

  for (const s of sessionTicks(first, last, plotWidth - 2 * inset)) {
    const x = xOf(s);
    doc.setDrawColor(COLOR.muted[0], COLOR.muted[1], COLOR.muted[2]);
    doc.setLineWidth(0.5);
    doc.line(x, plotBottom, x, plotBottom + 3);
    drawText(doc, String(s), x, plotBottom + 4, { size: SIZE.tiny, color: COLOR.muted }, 'center');
  }
  drawText(doc, 'Session', (plotLeft + plotRight) / 2, plotBottom + 4 + lineHeight(SIZE.tiny), { size: SIZE.tiny, color: COLOR.muted }, 'center');
  drawText(doc, 'Pain (NRS)', CONTENT_LEFT, top + 2, { size: SIZE.small, color: COLOR.muted });

  const radius = points.length > 20 ? 1.7 : 2.6;
  // The pain that would be a meaningful improvement on the first score: the line to get under.
  if (target !== null) {
    doc.setDrawColor(COLOR.muted[0], COLOR.muted[1], COLOR.muted[2]);
    doc.setLineWidth(0.6);
    doc.setLineDashPattern([1.5, 2.5], 0);
    doc.line(plotLeft, yOf(target), plotRight, yOf(target));
    doc.setLineDashPattern([], 0);
    drawText(doc, `meaningful improvement: ${target} or lower`, plotRight - 2, yOf(target) - 9, { size: SIZE.tiny, color: COLOR.muted }, 'right');
  }
  drawSeries(doc, points, (p) => p.before, xOf, yOf, BEFORE, false, radius);
  drawSeries(doc, points, (p) => p.after, xOf, yOf, AFTER, true, radius);

  legend(doc, plotRight, top + 2, radius);
  cur.y = top + CHART.height;
}

/** A line through consecutive recorded values; a visit without a score leaves a gap rather than a guess. */
function drawSeries(
  doc: jsPDF,
  points: readonly PainPoint[],
  value: (p: PainPoint) => number | null,
  xOf: (s: number) => number,
  yOf: (v: number) => number,
  color: Rgb,
  dashed: boolean,
  radius: number,
): void {
  doc.setDrawColor(color[0], color[1], color[2]);
  doc.setLineWidth(1.2);
  if (dashed) doc.setLineDashPattern([3, 2], 0);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null || b.session - a.session !== 1) continue;
    doc.line(xOf(a.session), yOf(va), xOf(b.session), yOf(vb));
  }
  if (dashed) doc.setLineDashPattern([], 0);
  doc.setLineWidth(1);
  for (const p of points) {
    const v = value(p);
    if (v === null) continue;
    marker(doc, xOf(p.session), yOf(v), color, dashed, radius);
  }
}

/** Filled circles for before, open circles for after: the two stay apart in greyscale print too. */
function marker(doc: jsPDF, x: number, y: number, color: Rgb, open: boolean, radius: number): void {
  doc.setDrawColor(color[0], color[1], color[2]);
  doc.setLineWidth(1);
  if (open) {
    doc.setFillColor(255, 255, 255);
    doc.circle(x, y, radius, 'FD');
  } else {
    doc.setFillColor(color[0], color[1], color[2]);
    doc.circle(x, y, radius, 'F');
  }
}

function legend(doc: jsPDF, right: number, top: number, radius: number): void {
  const items: [string, Rgb, boolean][] = [
    ['Before treatment', BEFORE, false],
    ['After treatment', AFTER, true],
  ];
  doc.setFont('helvetica', 'normal');
  doc.setFontSize(SIZE.small);
  let x = right;
  const y = top + lineHeight(SIZE.small) / 2;
  for (const [label, color, dashed] of [...items].reverse()) {
    const textWidth = doc.getTextWidth(label);
    x -= textWidth;
    drawText(doc, label, x, top, { size: SIZE.small, color: COLOR.text });
    const sampleRight = x - 4;
    const sampleLeft = sampleRight - 18;
    doc.setDrawColor(color[0], color[1], color[2]);
    doc.setLineWidth(1.2);
    if (dashed) doc.setLineDashPattern([3, 2], 0);
    doc.line(sampleLeft, y, sampleRight, y);
    if (dashed) doc.setLineDashPattern([], 0);
    marker(doc, (sampleLeft + sampleRight) / 2, y, color, dashed, radius);
    x = sampleLeft - 14;
  }
}

// ---------------------------------------------------------------- flags, plan, signature

function flagsSection(cur: Cursor, data: ProgressReportData): void {
  heading(cur, 'Flags', 30);
  if (data.flags.length === 0) {
    paragraph(cur, 'No flags.', { color: COLOR.muted });
    return;
  }
  const { doc } = cur;
  const indent = 14;
  for (const flag of data.flags) {
    const title = wrap(doc, flag.title, CONTENT_WIDTH - indent, { size: SIZE.body, bold: true });
    const why = wrap(doc, `Rule: ${flag.rule}`, CONTENT_WIDTH - indent, { size: SIZE.small, color: COLOR.muted });
    const height = title.length * lineHeight(SIZE.body) + why.length * lineHeight(SIZE.small) + 5;
    ensureSpace(cur, height);
    doc.setFillColor(COLOR.warn[0], COLOR.warn[1], COLOR.warn[2]);
    doc.rect(CONTENT_LEFT + 2, cur.y + 3, 5, 5, 'F');
    let y = cur.y;
    y += drawLines(doc, title, CONTENT_LEFT + indent, y, { size: SIZE.body, bold: true });
    drawLines(doc, why, CONTENT_LEFT + indent, y, { size: SIZE.small, color: COLOR.muted });
    cur.y += height;
  }
}

const SIGNATURE_HEIGHT = 66;

function planSection(cur: Cursor, data: ProgressReportData): void {
  const { plan } = data;
  const rows: LabelValue[] = [
    { label: 'Plan', value: plan.text?.trim() || 'No plan recorded' },
    { label: 'Planned sessions', value: plan.plannedSessions === null ? NOT_RECORDED : String(plan.plannedSessions) },
    { label: 'Frequency', value: plan.frequency?.trim() || NOT_RECORDED },
    { label: 'Home care', value: plan.homeCare?.trim() || 'None recorded' },
  ];
  const layout = { labelWidth: 96 };
  // The signature closes the plan it signs: a short plan moves to the next page with it rather
  // than leave the signature alone there.
  keepTogether(cur, 40 + measureLabelValues(cur.doc, rows, layout) + SIGNATURE_HEIGHT);
  heading(cur, 'Current plan', 40);
  labelValues(cur, rows, layout);
}

function signature(cur: Cursor, data: ProgressReportData): void {
  const { doc } = cur;
  const { provider } = data;
  ensureSpace(cur, SIGNATURE_HEIGHT);
  cur.y += 10;
  const lineY = cur.y + 28;
  const sigRight = CONTENT_LEFT + 280;
  const dateLeft = CONTENT_LEFT + 330;
  rule(doc, CONTENT_LEFT, sigRight, lineY, COLOR.text, 0.7);
  rule(doc, dateLeft, CONTENT_RIGHT, lineY, COLOR.text, 0.7);
  let y = lineY + 3;
  y += drawText(doc, signatureLine(provider), CONTENT_LEFT, y, { size: SIZE.body, bold: true });
  drawText(doc, `Provider signature  ·  NPI ${provider.npi}`, CONTENT_LEFT, y, { size: SIZE.small, color: COLOR.muted });
  drawText(doc, 'Date', dateLeft, lineY + 3, { size: SIZE.small, color: COLOR.muted });
  cur.y = lineY + 3 + lineHeight(SIZE.body) + lineHeight(SIZE.small);
}
