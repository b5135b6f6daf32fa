import type { jsPDF } from 'jspdf';
import type { Assessment } from '../assessment';
import { measureById, OUTCOME_MEASURES, type MeasureId } from '../catalogs/outcome-measures';
import { CONSENT_LABEL, SCREEN_QUESTIONS, screenYesAnswers, type ScreenAtSigning } from '../safety';
import { PHASE_LABEL, SIDE_LABEL } from '../rules/framework';
import { mcidThreshold } from '../rules/progress';
import { acupointLabel, adjunctLabel, leadPairLabel, triggerPointLabel } from '../rules/treatment-summary';
import { assessmentNoteSections, visitNoteSections, type NoteSection } from '../records/note-text';
import type { PatientRecord, RecordCase, RecordVisit } from '../records/patient-record';
import type { Addendum, Signature } from '../signing';
import { tcmSummary } from '../tcm';
import {
  COLOR,
  CONTENT_LEFT,
  CONTENT_RIGHT,
  CONTENT_WIDTH,
  createCursor,
  createDoc,
  drawLines,
  drawText,
  ensureSpace,
  formatDate,
  formatMoney,
  gap,
  heading,
  keepTogether,
  labelValues,
  lineHeight,
  PAGE,
  paragraph,
  pdfBytes,
  rule,
  SIZE,
  stampFooters,
  table,
  wrap,
  type Cursor,
  type LabelValue,
} from './pdf-kit';
import { painChart } from './progress-report';
import { bodyFigureHeight, drawBodyFigure } from './body-figure';
import { caseChart, visitChart } from '../body-chart';

/**
 * The chart copy (issue 36, point 1): a patient's record as a records request, a payer's audit or
 * a practitioner taking over care receives it. Everything signed in the range, in date order, with
 * its addenda, signer and billing; drafts are not part of the record and are only counted. Every
 * page names the patient, their date of birth and "Page n of N", so a loose page finds its chart.
 */
export interface ChartCopyData {
  record: PatientRecord;
  /** The day the copy was made (local date). */
  generatedOn: string;
}

/** A signing or addendum time as this computer's clock shows it: "Sep 8, 2026 10:12". */
export function signedAtText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const local = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${formatDate(local)} ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The case's figure across the page's width; each visit's smaller, under its treatment rows. */
const CASE_FIGURE_WIDTH = 360;
const VISIT_FIGURE_WIDTH = 240;

export function chartCopyPdf(data: ChartCopyData): Uint8Array {
  const { record } = data;
  const p = record.patient;
  const name = `${p.firstName} ${p.lastName}`;
  const doc = createDoc({
    title: `Chart copy: ${name}`,
    subject: record.range ? `${formatDate(record.range.from)} to ${formatDate(record.range.to)}` : 'Complete record',
    ...(record.clinic ? { author: record.clinic.name } : {}),
  });
  const who = `${name}  ·  DOB ${formatDate(p.dateOfBirth)}`;
  const cur = createCursor(doc, (d) => runningHead(d, who));
  header(cur, data, name);
  patientSection(cur, record);
  safetySection(cur, record);
  consentSection(cur, record);
  for (const c of record.cases) caseSection(cur, c, data);
  if (record.cases.length === 0) {
    heading(cur, 'Cases of care');
    paragraph(cur, 'No case of care in this range.', { color: COLOR.muted });
  }
  stampFooters(
    doc,
    `${who}  ·  Chart copy made ${formatDate(data.generatedOn)}${record.clinic ? ` by ${record.clinic.name}` : ''}. Confidential health information.`,
  );
  return pdfBytes(doc);
}

/** How many unsigned drafts were left out, in words the copy prints. */
export function draftsLeftOut(record: PatientRecord): string | null {
  const n = record.cases.reduce((sum, c) => sum + c.drafts, 0);
  return n === 0 ? null : `${n} unsigned draft${n === 1 ? '' : 's'} not included`;
}

// ---------------------------------------------------------------- header

function runningHead(doc: jsPDF, who: string): number {
  const top = PAGE.margin - 16;
  drawText(doc, 'Chart copy', CONTENT_LEFT, top, { size: SIZE.small, color: COLOR.muted });
  drawText(doc, who, CONTENT_RIGHT, top, { size: SIZE.small, color: COLOR.muted }, 'right');
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, top + lineHeight(SIZE.small) + 2);
  return top + lineHeight(SIZE.small) + 10;
}

function header(cur: Cursor, data: ChartCopyData, name: string): void {
  const { doc } = cur;
  const { clinic, range } = data.record;
  const clinicWidth = CONTENT_WIDTH - 200;
  let left = cur.y;
  if (clinic) {
    left += drawLines(doc, wrap(doc, clinic.name, clinicWidth, { size: SIZE.subtitle, bold: true }), CONTENT_LEFT, left, { size: SIZE.subtitle, bold: true });
    const cityLine = [clinic.city, [clinic.state, clinic.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    const lines = [clinic.addressLine1, clinic.addressLine2, cityLine, clinic.phone ? `Phone ${clinic.phone}` : null, clinic.npi ? `NPI ${clinic.npi}` : null];
    for (const line of lines.filter((l): l is string => Boolean(l))) {
      left += drawLines(doc, wrap(doc, line, clinicWidth, { size: SIZE.small }), CONTENT_LEFT, left, { size: SIZE.small, color: COLOR.muted });
    }
  }
  let right = cur.y;
  right += drawText(doc, 'Chart copy', CONTENT_RIGHT, right, { size: SIZE.title, bold: true, color: COLOR.accent }, 'right');
  right += drawText(doc, name, CONTENT_RIGHT, right + 2, { size: SIZE.heading, bold: true }, 'right') + 2;
  const span = range ? `${formatDate(range.from)} to ${formatDate(range.to)}` : 'Complete record';
  right += drawText(doc, span, CONTENT_RIGHT, right, { size: SIZE.small, color: COLOR.muted }, 'right');
  right += drawText(doc, `Made ${formatDate(data.generatedOn)}`, CONTENT_RIGHT, right, { size: SIZE.small, color: COLOR.muted }, 'right');
  cur.y = Math.max(left, right) + 8;
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, cur.y, COLOR.accent, 1.2);
  cur.y += 8;
  const notes = [
    'Signed visits and assessments only, each with its addenda, as signed; corrections appear as addenda.',
    draftsLeftOut(data.record),
    data.record.noteText ? null : 'Made at the front desk: note text, TCM findings, safety warnings and addenda are not included.',
  ].filter((n): n is string => n !== null);
  for (const n of notes) paragraph(cur, n, { size: SIZE.small, color: n.includes('not included') ? COLOR.warn : COLOR.muted });
}

// ---------------------------------------------------------------- patient, safety, consents

const NONE = 'Not recorded';
const SEX_WORD = { female: 'Female', male: 'Male', intersex: 'Intersex', unknown: 'Unknown' } as const;

function patientSection(cur: Cursor, r: PatientRecord): void {
  const p = r.patient;
  heading(cur, 'Patient');
  const address = [p.addressLine1, p.addressLine2, [p.city, [p.state, p.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')]
    .filter(Boolean)
    .join('\n');
  const rows: LabelValue[] = [
    { label: 'Name', value: `${p.firstName} ${p.lastName}`, bold: true },
    { label: 'Date of birth', value: formatDate(p.dateOfBirth) },
    { label: 'Sex', value: SEX_WORD[p.sex] },
    { label: 'Phone', value: p.phone ?? NONE },
    { label: 'E-mail', value: p.email ?? NONE },
    { label: 'Address', value: address || NONE },
    { label: 'Insurance', value: p.insurancePayer ?? 'None on file' },
  ];
  if (p.insurancePayer) {
    rows.push({ label: 'Member ID', value: p.insuranceMemberId ?? NONE }, { label: 'Group', value: p.insuranceGroup ?? NONE });
    rows.push({
      label: 'Insured',
      value: p.insuredRelationship ? `${p.insuredName ?? ''} (${p.insuredRelationship}), born ${formatDate(p.insuredDateOfBirth ?? '')}` : 'The patient',
    });
  }
  if (p.archivedAt) rows.push({ label: 'Archived', value: formatDate(p.archivedAt) });
  labelValues(cur, rows);
}

function safetySection(cur: Cursor, r: PatientRecord): void {
  heading(cur, 'Safety screen now');
  const s = r.safety.screen;
  if (!s) {
    paragraph(cur, 'No safety screen on file.', { color: COLOR.muted });
    return;
  }
  const yes = SCREEN_QUESTIONS.filter(([k]) => s[k]).map(([, label]) => label);
  labelValues(cur, [
    { label: 'Reviewed on', value: formatDate(s.reviewedOn) },
    { label: 'Answered yes', value: yes.length ? yes.join('\n') : 'None of the screen’s questions', bold: yes.length > 0 },
    ...(s.dueDate ? [{ label: 'Due date', value: formatDate(s.dueDate) }] : []),
    { label: 'Other precautions', value: s.precautions ?? 'None' },
  ]);
  paragraph(
    cur,
    'The screen as it stands today. Each visit and assessment below shows the screen as it stood when it was signed, and the warnings it raised then with any reason given for signing over them.',
    { size: SIZE.small, color: COLOR.muted },
  );
}

/** A day as this computer's calendar has it, from a stored UTC time: "Dec 6, 2026". */
function localDay(iso: string): string {
  return signedAtText(iso).replace(/ \d{2}:\d{2}$/, '');
}

/**
 * The screen as it stood when a note was signed (migration 28), in one row. A note signed before
 * this file kept it says so, with the day it began: never today's screen in its place.
 */
export function screenAtSigningText(kept: ScreenAtSigning | null, keptSince: string | null): { text: string; flagged: boolean } {
  if (!kept) {
    return {
      text: keptSince
        ? `Not recorded: signed before ${localDay(keptSince)}, when this record began keeping the screen at each signing`
        : 'Not recorded: signed before this record kept the screen at each signing',
      flagged: false,
    };
  }
  const s = kept.screen;
  if (!s) return { text: 'No safety screen on file when signed', flagged: false };
  const yes = screenYesAnswers(s, formatDate);
  return {
    text: [
      yes.length ? `Yes: ${yes.join('; ')}` : 'No to every question',
      s.precautions ? `Other precautions: ${s.precautions}` : null,
      `(screen reviewed ${formatDate(s.reviewedOn)})`,
    ]
      .filter(Boolean)
      .join('\n'),
    flagged: yes.length > 0 || s.precautions !== null,
  };
}

/**
 * The screen at signing, in small type under the note. `signatureFollows`: the signature comes next,
 * so the two keep to one page and a note never ends on a lone signature.
 */
function screenAtSigningRow(cur: Cursor, kept: ScreenAtSigning | null, data: ChartCopyData, signatureFollows: boolean): void {
  const { text, flagged } = screenAtSigningText(kept, data.record.screenKeptSince);
  const lines = text.split('\n').reduce((n, line) => n + wrap(cur.doc, line, CONTENT_WIDTH - 110, { size: SIZE.small }).length, 0);
  keepTogether(cur, (lines + (signatureFollows ? 2 : 0)) * lineHeight(SIZE.small) + 6);
  labelValues(cur, [{ label: 'Safety screen at signing', value: text, bold: flagged }], { labelWidth: 110, size: SIZE.small });
}

function consentSection(cur: Cursor, r: PatientRecord): void {
  heading(cur, 'Consents');
  if (r.safety.consents.length === 0) {
    paragraph(cur, 'No consent on file.', { color: COLOR.muted });
    return;
  }
  table(
    cur,
    [
      { header: 'Consent', width: 200 },
      { header: 'Signed on', width: 120 },
      { header: 'Form version', width: CONTENT_WIDTH - 320 },
    ],
    [...r.safety.consents].reverse().map((c) => [CONSENT_LABEL[c.kind], formatDate(c.signedOn), c.formVersion]),
    { zebra: true },
  );
}

// ---------------------------------------------------------------- a case

function caseSection(cur: Cursor, c: RecordCase, data: ChartCopyData): void {
  const cc = c.careCase;
  const side = SIDE_LABEL[cc.side];
  heading(cur, `Case: ${cc.conditionText}${side ? `, ${side}` : ''}`, 80);
  const dx = cc.diagnoses.map((d) => `${d.code}  ${d.description}`).join('\n');
  labelValues(cur, [
    { label: 'Diagnoses', value: dx || 'None coded', bold: true },
    { label: 'Framework', value: `${PHASE_LABEL[c.progress.phase]} (onset ${formatDate(cc.onsetDate)}, care started ${formatDate(cc.startDate)})` },
    { label: 'Signed sessions', value: String(c.progress.sessionsDone) },
    {
      label: 'Status',
      value: cc.status === 'discharged' ? `Discharged ${formatDate(cc.dischargedOn ?? '')}${cc.dischargeReason ? `: ${cc.dischargeReason}` : ''}` : 'Active',
    },
    ...(cc.referringName ? [{ label: 'Referred by', value: `${cc.referringName}${cc.referringNpi ? `, NPI ${cc.referringNpi}` : ''}` }] : []),
    ...(cc.priorAuthorization ? [{ label: 'Prior authorization', value: cc.priorAuthorization }] : []),
    ...(cc.goals && data.record.noteText ? [{ label: 'Goals', value: cc.goals }] : []),
    ...(c.drafts ? [{ label: 'Not included', value: `${c.drafts} unsigned draft${c.drafts === 1 ? '' : 's'}` }] : []),
  ]);
  outcomeTable(cur, c);
  const series = c.visits.map((v, i) => ({ session: i + 1, date: v.visit.startedAt.slice(0, 10), before: v.visit.painBefore, after: v.visit.painAfter }));
  if (series.length > 0) {
    const first = series.find((s) => s.before !== null)?.before;
    painChart(cur, series, first === undefined || first === null ? null : mcidThreshold('nprs', first, c.mcids));
    // Where the needles went over the whole case: each mark sized by how many signed visits used it (issue 37).
    const chart = caseChart(c.visits.map((v) => v.visit));
    if (chart.marks.length > 0) {
      heading(cur, 'Where the needles went (signed visits)', bodyFigureHeight(CASE_FIGURE_WIDTH));
      cur.y += drawBodyFigure(cur.doc, chart, { left: CONTENT_LEFT, top: cur.y, width: CASE_FIGURE_WIDTH }, { sizedByCount: true });
    }
  }
  const entries = [
    ...c.assessments.map((a) => ({ at: a.assessedOn, order: 0, id: a.id, draw: () => assessmentBlock(cur, a, data) })),
    ...c.visits.map((v, i) => ({ at: v.visit.startedAt, order: 1, id: v.visit.id, draw: () => visitBlock(cur, v, i + 1, data) })),
  ];
  // An assessment on a visit's day comes first, as the timeline shows it (YYYY-MM-DD < YYYY-MM-DDTHH:MM).
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order || a.id - b.id));
  for (const e of entries) e.draw();
}

/** Each signed assessment's scores, one row per assessment and one column per measure charted. */
function outcomeTable(cur: Cursor, c: RecordCase): void {
  if (c.assessments.length === 0) return;
  const used = OUTCOME_MEASURES.filter((m) => c.assessments.some((a) => a.outcomes.some((o) => o.measure === m.id))).map((m) => m.id);
  const measures: MeasureId[] = used.includes('nprs') ? used : ['nprs', ...used];
  const first = 150;
  const width = Math.max(44, (CONTENT_WIDTH - first) / measures.length);
  const score = (a: Assessment, m: MeasureId) => {
    const o = a.outcomes.find((x) => x.measure === m)?.score ?? (m === 'nprs' ? a.painCurrent : null);
    return o === null || o === undefined ? '—' : `${o}${measureById(m)?.unit ?? ''}`;
  };
  table(
    cur,
    [{ header: 'Assessment', width: first }, ...measures.map((m) => ({ header: measureById(m)?.short ?? m, width, align: 'right' as const }))],
    c.assessments.map((a) => [{ text: KIND_WORD[a.kind], sub: formatDate(a.assessedOn) }, ...measures.map((m) => score(a, m))]),
    { heading: 'Outcome measures', zebra: true, size: SIZE.small },
  );
}

const KIND_WORD = { initial: 'Initial assessment', reassessment: 'Re-assessment', discharge: 'Discharge assessment' } as const;

// ---------------------------------------------------------------- one signed note

function noteTitle(cur: Cursor, title: string, detail: string): void {
  gap(cur, 8);
  // A note's title never sits alone at a page's foot: it keeps a few lines of the note with it.
  ensureSpace(cur, 70);
  cur.doc.setFillColor(COLOR.fill[0], COLOR.fill[1], COLOR.fill[2]);
  const h = lineHeight(SIZE.body) + 6;
  cur.doc.rect(CONTENT_LEFT, cur.y, CONTENT_WIDTH, h, 'F');
  drawText(cur.doc, title, CONTENT_LEFT + 4, cur.y + 3, { bold: true });
  drawText(cur.doc, detail, CONTENT_RIGHT - 4, cur.y + 3, { size: SIZE.small, color: COLOR.muted }, 'right');
  cur.y += h + 4;
}

function sections(cur: Cursor, list: NoteSection[]): void {
  if (list.length === 0) return;
  labelValues(
    cur,
    list.map((s) => ({ label: s.label, value: s.text, bold: s.label.startsWith('Warnings') })),
    { labelWidth: 110 },
  );
}

function signatureBlock(cur: Cursor, signature: Signature | null, data: ChartCopyData): void {
  if (!signature) return;
  const npi = data.record.providers.find((p) => p.id === signature.providerId)?.npi;
  const line = `Electronically signed by ${signature.providerName}${signature.credentials ? `, ${signature.credentials}` : ''}${npi ? `  ·  NPI ${npi}` : ''}  ·  ${signedAtText(signature.signedAt)}`;
  gap(cur, 2);
  paragraph(cur, line, { size: SIZE.small, bold: true, color: COLOR.accent });
}

function addendaBlock(cur: Cursor, addenda: Addendum[]): void {
  for (const a of addenda) {
    gap(cur, 3);
    // An addendum's heading never ends a page without its first lines.
    const lines = wrap(cur.doc, a.text, CONTENT_WIDTH - 12).length;
    keepTogether(cur, lineHeight(SIZE.small) + Math.min(lines, 3) * lineHeight(SIZE.body));
    paragraph(cur, `Addendum by ${a.authorName}, ${signedAtText(a.writtenAt)}`, { size: SIZE.small, bold: true });
    paragraph(cur, a.text, {}, { indent: 12 });
  }
}

function assessmentBlock(cur: Cursor, a: Assessment, data: ChartCopyData): void {
  noteTitle(cur, `${KIND_WORD[a.kind]}  ·  ${formatDate(a.assessedOn)}`, `Assessment ${a.id}`);
  const pain = [
    a.painCurrent !== null ? `now ${a.painCurrent}` : null,
    a.painWorst !== null ? `worst ${a.painWorst}` : null,
    a.painAverage !== null ? `average ${a.painAverage}` : null,
  ].filter(Boolean);
  const scores = a.outcomes.map((o) => `${measureById(o.measure)?.short ?? o.measure} ${o.score}${measureById(o.measure)?.unit ?? ''}`);
  const tcm = tcmSummary(a.tcm);
  const rows: LabelValue[] = [
    ...(pain.length ? [{ label: 'Pain (0–10)', value: pain.join(', ') }] : []),
    ...(scores.length ? [{ label: 'Outcome scores', value: scores.join(', ') }] : []),
    ...(a.psfsActivities.length ? [{ label: 'PSFS activities', value: a.psfsActivities.map((x) => `${x.activity}: ${x.score}`).join('\n') }] : []),
    ...(a.sleepHours !== null || a.restingHr !== null || a.hrv !== null
      ? [
          {
            label: 'Recovery',
            value: [
              a.sleepHours !== null ? `sleep ${a.sleepHours} h` : null,
              a.sleepQuality !== null ? `quality ${a.sleepQuality}/5` : null,
              a.restingHr !== null ? `resting HR ${a.restingHr}` : null,
              a.hrv !== null ? `HRV ${a.hrv}` : null,
            ]
              .filter(Boolean)
              .join(', '),
          },
        ]
      : []),
    ...tcmRows(tcm),
  ];
  if (rows.length) labelValues(cur, rows, { labelWidth: 110 });
  sections(cur, assessmentNoteSections(a));
  screenAtSigningRow(cur, a.screenAtSigning, data, true);
  signatureBlock(cur, a.signature, data);
  addendaBlock(cur, a.addenda);
}

function tcmRows(t: ReturnType<typeof tcmSummary>): LabelValue[] {
  return [
    ...(t.tongue ? [{ label: 'Tongue', value: t.tongue }] : []),
    ...(t.pulse ? [{ label: 'Pulse', value: t.pulse }] : []),
    ...(t.pattern ? [{ label: 'TCM pattern', value: t.pattern }] : []),
  ];
}

function visitBlock(cur: Cursor, r: RecordVisit, session: number, data: ChartCopyData): void {
  const v = r.visit;
  const [day, time] = v.startedAt.split('T');
  noteTitle(
    cur,
    `Visit ${session}  ·  ${formatDate(day ?? '')} ${time ?? ''}`,
    [v.faceMinutes !== null ? `${v.faceMinutes} min face to face` : null, `by ${v.signature?.providerName ?? ''}`].filter(Boolean).join('  ·  '),
  );
  const rounds = v.rounds.length > 1 || v.rounds.some((x) => x.minutes !== null);
  const roundOf = (n: number) => (rounds ? ` (round ${n + 1})` : '');
  const rows: LabelValue[] = [
    ...(rounds
      ? [{ label: 'Insertion rounds', value: v.rounds.map((x, i) => `${i + 1}. ${x.label}${x.minutes !== null ? `, ${x.minutes} min` : ''}`).join('\n') }]
      : []),
    ...(v.acupoints.length
      ? [
          {
            label: 'Acupoints',
            value: v.acupoints
              .map((p) => {
                const needle = [p.gaugeMm !== null ? `${p.gaugeMm}` : null, p.lengthMm !== null ? `${p.lengthMm} mm` : null].filter(Boolean).join(' × ');
                const detail = [
                  needle,
                  p.depth,
                  p.technique,
                  p.retentionMinutes !== null ? `${p.retentionMinutes} min` : null,
                  rounds ? `round ${p.round + 1}` : null,
                ];
                const shown = detail.filter(Boolean);
                return shown.length ? `${acupointLabel(p)} (${shown.join(', ')})` : acupointLabel(p);
              })
              .join('; '),
          },
        ]
      : []),
    ...(v.triggerPoints.length
      ? [
          {
            label: 'Trigger points',
            value: v.triggerPoints
              .map((t) =>
                [triggerPointLabel(t), t.location, t.twitch ? 'twitch' : null, t.passes !== null ? `${t.passes} passes` : null].filter(Boolean).join(', '),
              )
              .join('; '),
          },
        ]
      : []),
    ...(v.leadPairs.length ? [{ label: 'E-stim lead pairs', value: v.leadPairs.map((p) => `${leadPairLabel(p)}${roundOf(p.round)}`).join('\n') }] : []),
    ...(v.adjuncts.length ? [{ label: 'Adjuncts', value: v.adjuncts.map((a) => [adjunctLabel(a), a.note].filter(Boolean).join(': ')).join('; ') }] : []),
    ...(v.painBefore !== null || v.painAfter !== null ? [{ label: 'Pain (0–10)', value: `before ${v.painBefore ?? '—'}, after ${v.painAfter ?? '—'}` }] : []),
    ...tcmRows(tcmSummary(v.tcm)),
  ];
  if (rows.length) labelValues(cur, rows, { labelWidth: 110 });
  // The visit's own figure, drawn as vector paths beside nothing else: one mark per point or muscle and side.
  const drawn = visitChart(v);
  if (drawn.marks.length > 0) {
    keepTogether(cur, bodyFigureHeight(VISIT_FIGURE_WIDTH));
    cur.y += drawBodyFigure(cur.doc, drawn, { left: CONTENT_LEFT + 110, top: cur.y, width: VISIT_FIGURE_WIDTH }, { rounds: v.rounds.map((x) => x.label) });
  }
  sections(cur, visitNoteSections(v));
  if (data.record.noteText && v.signedWarnings.length === 0) {
    labelValues(cur, [{ label: 'Safety at signing', value: 'No warnings' }], { labelWidth: 110, size: SIZE.small });
  }
  screenAtSigningRow(cur, v.screenAtSigning, data, r.billing.length === 0);
  if (r.billing.length) billingTable(cur, r);
  signatureBlock(cur, v.signature, data);
  addendaBlock(cur, v.addenda);
}

function billingTable(cur: Cursor, r: RecordVisit): void {
  const rest = CONTENT_WIDTH - 220 - 60 - 40 - 70;
  table(
    cur,
    [
      { header: 'Billed', width: 220 },
      { header: 'Modifiers', width: 60 },
      { header: 'Units', width: 40, align: 'right' },
      { header: 'Diagnoses', width: rest },
      { header: 'Charge', width: 70, align: 'right' },
    ],
    r.billing.map((l) => [
      { text: `${l.code}  ${l.description}` },
      l.modifiers.join(' ') || '—',
      String(l.units),
      l.diagnoses.map((d) => d.code).join(', ') || '—',
      formatMoney(l.chargeCents),
    ]),
    // The signature under the lines stays on their page: a signed note never ends on a lone signature.
    { size: SIZE.small, keepWithLast: lineHeight(SIZE.small) * 1.3 + 4 },
  );
}
