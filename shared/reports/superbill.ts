import type { jsPDF } from 'jspdf';
import { PAYMENT_METHOD_LABEL } from '../billing';
import { ACUPUNCTURIST_TAXONOMY, licenseFor, signatureLine, type Provider } from '../provider';
import {
  COLOR,
  applyStyle,
  fitLine,
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
  formatAccounting,
  formatDate,
  heading,
  keepTogether,
  lineHeight,
  measureLabelValues,
  pdfBytes,
  rule,
  stampFooters,
  table,
  wrap,
  type Cell,
  type Cursor,
  type LabelValue,
  type TableColumn,
} from './pdf-kit';
import type { SuperbillData } from './superbill-data';

/**
 * The superbill a patient attaches to an out-of-network claim. A payer rejects one that lacks a
 * field, so every field prints — a missing one as a blank to fill in by hand, never silently left
 * out — and the money is checked before anything is drawn: a superbill whose totals do not add up
 * is worse than none.
 */
export function superbillPdf(data: SuperbillData): Uint8Array {
  const problems = superbillProblems(data);
  if (problems.length > 0) throw new Error(`Cannot print this superbill: ${problems.join('; ')}`);

  const { patient } = data;
  const doc = createDoc({
    title: `Superbill: ${patient.name}`,
    subject: `${dateRange(data.from, data.to)}, ${data.clinic.name}`,
    author: data.clinic.name,
    keywords: [...data.diagnoses.map((d) => d.code), ...new Set(data.lines.map((l) => l.code))].join(', '),
  });
  const cur = createCursor(doc, (d) => runningHead(d, data));

  header(cur, data);
  people(cur, data);
  diagnoses(cur, data);
  services(cur, data);
  closing(cur, data);

  // The payer receives loose pages: each names the patient, and the count shows none is missing.
  // The footer is cut to one line, so the patient comes first; the clinic is in the page heads.
  stampFooters(doc, `Superbill for ${data.patient.name}`, `  ·  DOB ${formatDate(data.patient.dateOfBirth)}  ·  ${dateRange(data.from, data.to)}`);
  return pdfBytes(doc);
}

/**
 * What is wrong with the data for printing, in words; empty when it can print. Totals are checked
 * against the lines and payments they summarise, and every pointer and NPI against what the page
 * lists, because the payer reads only the page.
 */
export function superbillProblems(data: SuperbillData): string[] {
  const problems: string[] = [];
  if (data.providers.length === 0) problems.push('no rendering provider');
  if (data.lines.length === 0) problems.push('no service lines');
  const pointers = new Set(data.diagnoses.map((d) => d.pointer));
  const npis = new Set(data.providers.map((p) => p.npi));
  data.lines.forEach((line, i) => {
    const which = `line ${i + 1} (${line.code} on ${line.dateOfService})`;
    if (line.dateOfService < data.from || line.dateOfService > data.to) problems.push(`${which} falls outside ${data.from} to ${data.to}`);
    if (!Number.isInteger(line.units) || line.units < 1) problems.push(`${which} has ${line.units} units`);
    if (line.charge !== line.units * line.unitFee) problems.push(`${which} charges ${line.charge} cents, not units × fee`);
    if (line.pointers.length === 0) problems.push(`${which} points to no diagnosis`);
    for (const p of line.pointers) if (!pointers.has(p)) problems.push(`${which} points to diagnosis ${p}, which is not listed`);
    if (!npis.has(line.providerNpi)) problems.push(`${which} names NPI ${line.providerNpi}, which is not a listed provider`);
  });
  const money = [...data.lines.map((l) => l.charge), ...data.payments.map((p) => p.amount), ...Object.values(data.totals)];
  if (!money.every(Number.isInteger)) problems.push('an amount is not in whole cents');
  const charged = sum(data.lines.map((l) => l.charge));
  const paid = sum(data.payments.map((p) => p.amount));
  const { totals } = data;
  if (totals.charged !== charged) problems.push(`total charged is ${totals.charged} cents but the lines add up to ${charged}`);
  if (totals.paid !== paid) problems.push(`total paid is ${totals.paid} cents but the payments add up to ${paid}`);
  if (totals.balance !== totals.charged - totals.paid) problems.push(`balance is ${totals.balance} cents, not charged less paid`);
  return problems;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------- wording

/** A field the payer needs but the clinic has not recorded: room to write it in by hand. */
const WRITE_IN = '______________________';

/** Common CMS place-of-service codes, so "11" reads as an office; any other code prints bare. */
const PLACE_OF_SERVICE: Record<string, string> = {
  '02': 'Telehealth, not in patient’s home',
  '10': 'Telehealth in patient’s home',
  '11': 'Office',
  '12': 'Home',
  '19': 'Off-campus outpatient hospital',
  '22': 'On-campus outpatient hospital',
  '49': 'Independent clinic',
};

function placeOfService(code: string): string {
  const name = PLACE_OF_SERVICE[code];
  return name ? `${code} (${name})` : code;
}

/** "Date of service: Mar 2, 2026" for one day; "Dates of service: Mar 1 – Mar 31, 2026" for a range. */
export function serviceDates(from: string, to: string): string {
  return from === to ? `Date of service: ${formatDate(from)}` : `Dates of service: ${dateRange(from, to)}`;
}

/** "Mar 1 – Mar 31, 2026", naming the year once when both ends share it. */
export function dateRange(from: string, to: string): string {
  const a = formatDate(from);
  const b = formatDate(to);
  if (from === to) return a;
  const yearA = /, (\d{4})$/.exec(a)?.[1];
  const yearB = /, (\d{4})$/.exec(b)?.[1];
  return yearA !== undefined && yearA === yearB ? `${a.slice(0, -6)} – ${b}` : `${a} – ${b}`;
}

function providerName(p: Provider): string {
  return `${p.name}, ${p.credentials}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cityLine(city: string | null, state: string | null, postalCode: string | null): string {
  return [city, [state, postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

type Address = Pick<SuperbillData['patient'], 'addressLine1' | 'addressLine2' | 'city' | 'state' | 'postalCode'>;

/** Street ("814 SE Alder St, Apt 12") then city line: two lines, as an envelope reads. */
function addressLines(a: Address): string[] {
  const street = [a.addressLine1, a.addressLine2].filter((l): l is string => Boolean(l?.trim())).join(', ');
  return [street, cityLine(a.city, a.state, a.postalCode)].filter(Boolean);
}

/** The claim form's sex box has M and F only; anything else is left for the patient to complete. */
export function claimSex(sex: string): string {
  return sex === 'female' ? 'F' : sex === 'male' ? 'M' : orWriteIn(null);
}

function orWriteIn(value: string | null | undefined): string {
  return value?.trim() ? value : WRITE_IN;
}

// ---------------------------------------------------------------- header

const BLOCK_SIZE = SIZE.small + 0.5;

function header(cur: Cursor, data: SuperbillData): void {
  const { doc } = cur;
  const { clinic } = data;
  const titleWidth = 210;
  const clinicWidth = CONTENT_WIDTH - titleWidth - 12;

  let left = cur.y;
  left += drawLines(doc, wrap(doc, clinic.name, clinicWidth, { size: SIZE.subtitle, bold: true }), CONTENT_LEFT, left, {
    size: SIZE.subtitle,
    bold: true,
  });
  left += 2;
  for (const line of addressLines(clinic)) left += drawLines(doc, wrap(doc, line, clinicWidth, { size: BLOCK_SIZE }), CONTENT_LEFT, left, { size: BLOCK_SIZE });
  left += 3;
  // Phone and e-mail share a line: the header stays short enough for a two-visit bill to fit one page.
  const contact = [clinic.phone, clinic.email].filter((v): v is string => Boolean(v?.trim()));
  const rows: LabelValue[] = [
    { label: 'Contact', value: contact.length ? contact.join('  ·  ') : WRITE_IN },
    { label: 'Tax ID (EIN)', value: orWriteIn(clinic.taxId), bold: true },
    // The organisation NPI is the billing NPI (CMS-1500 box 33a) when the clinic has one.
    ...(clinic.npi ? [{ label: 'Billing NPI', value: clinic.npi, bold: true }] : []),
  ];
  left += drawLabelValues(doc, rows, left, { width: clinicWidth, labelWidth: 70, size: BLOCK_SIZE });

  let right = cur.y;
  right += drawText(doc, 'Superbill', CONTENT_RIGHT, right, { size: SIZE.title + 4, bold: true, color: COLOR.accent }, 'right');
  right += 4;
  right += drawText(doc, serviceDates(data.from, data.to), CONTENT_RIGHT, right, { size: SIZE.body, bold: true }, 'right');
  right += 1;
  right += drawText(doc, `Generated ${formatDate(data.generatedOn)}`, CONTENT_RIGHT, right, { size: SIZE.small, color: COLOR.muted }, 'right');
  right += 1;
  // Where the services were given, for every line (the table repeats it per line, as the claim form does).
  right += drawText(doc, `Place of service ${placeOfService(clinic.placeOfService)}`, CONTENT_RIGHT, right, { size: SIZE.small, color: COLOR.muted }, 'right');

  cur.y = Math.max(left, right) + 6;
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, cur.y, COLOR.accent, 1.2);
  cur.y += 8;
}

/** Continuation pages name the patient so a loose page can be matched to its claim. */
function runningHead(doc: jsPDF, data: SuperbillData): number {
  const top = PAGE.margin - 16;
  // The patient first: the clinic's name gives way to a long patient name, never the other way.
  const style = { size: SIZE.small, color: COLOR.muted };
  const who = fitLine(doc, data.patient.name, CONTENT_WIDTH * 0.62, style, `  ·  DOB ${formatDate(data.patient.dateOfBirth)}`);
  applyStyle(doc, { ...style, size: who.size });
  const clinic = fitLine(doc, `Superbill  ·  ${data.clinic.name}`, CONTENT_WIDTH - doc.getTextWidth(who.text) - 18, style);
  drawLines(doc, [clinic.text], CONTENT_LEFT, top, { ...style, size: clinic.size });
  drawLines(doc, [who.text], CONTENT_RIGHT, top, { ...style, size: who.size }, 'right');
  rule(doc, CONTENT_LEFT, CONTENT_RIGHT, top + lineHeight(SIZE.small) + 2);
  return top + lineHeight(SIZE.small) + 10;
}

// ---------------------------------------------------------------- patient, insurance, providers

interface Block {
  title: string;
  rows: LabelValue[];
}

const BLOCK_GAP = 8;
const TITLE_HEIGHT = lineHeight(SIZE.small) + 3;

/** Titled label/value blocks in `count` equal columns, each a stack of blocks, kept on one page. */
function columns(cur: Cursor, stacks: readonly (readonly Block[])[], count: number, labelWidth: number): void {
  const { doc } = cur;
  const gutter = 18;
  const width = (CONTENT_WIDTH - gutter * (count - 1)) / count;
  const layout = (i: number) => ({ x: CONTENT_LEFT + i * (width + gutter), width, labelWidth, size: BLOCK_SIZE });
  const blockHeight = (b: Block, i: number) => TITLE_HEIGHT + 1 + measureLabelValues(doc, b.rows, layout(i));
  const stackHeight = (stack: readonly Block[], i: number) => stack.reduce((h, b) => h + blockHeight(b, i), 0) + BLOCK_GAP * Math.max(stack.length - 1, 0);
  const height = Math.max(...stacks.map(stackHeight));
  ensureSpace(cur, height);
  stacks.forEach((stack, i) => {
    const { x } = layout(i);
    let y = cur.y;
    for (const b of stack) {
      drawText(doc, b.title.toUpperCase(), x, y, { size: SIZE.small, bold: true, color: COLOR.muted });
      rule(doc, x, x + width, y + TITLE_HEIGHT - 2, COLOR.rule, 0.4);
      drawLabelValues(doc, b.rows, y + TITLE_HEIGHT + 1, layout(i));
      y += blockHeight(b, i) + BLOCK_GAP;
    }
  });
  cur.y += height + 1;
}

function providerBlock(p: Provider, clinicState: string | null): Block {
  const license = licenseFor(p, clinicState) ?? WRITE_IN;
  const taxonomy = p.taxonomyCode === ACUPUNCTURIST_TAXONOMY ? `${p.taxonomyCode} (acupuncturist)` : p.taxonomyCode;
  return {
    title: 'Rendering provider',
    rows: [
      { label: 'Name', value: providerName(p), bold: true },
      { label: 'NPI', value: p.npi, bold: true },
      { label: 'License', value: license },
      { label: 'Taxonomy', value: taxonomy },
    ],
  };
}

/**
 * Patient, insurance and a lone provider side by side in three columns, which keeps a short
 * superbill on one page. Two or three providers get a row of their own below.
 */
function people(cur: Cursor, data: SuperbillData): void {
  const { patient } = data;
  const patientBlock: Block = {
    title: 'Patient',
    rows: [
      { label: 'Name', value: patient.name, bold: true },
      ...(patient.accountNumber ? [{ label: 'Account no.', value: patient.accountNumber }] : []),
      { label: 'Date of birth', value: formatDate(patient.dateOfBirth) },
      { label: 'Sex', value: claimSex(patient.sex) },
      { label: 'Address', value: orWriteIn(addressLines(patient).join('\n')) },
      { label: 'Phone', value: orWriteIn(patient.phone) },
    ],
  };
  const insuranceBlock: Block = {
    title: 'Insurance',
    rows: [
      { label: 'Payer', value: orWriteIn(patient.insurancePayer), bold: true },
      { label: 'Member ID', value: orWriteIn(patient.insuranceMemberId), bold: true },
      { label: 'Group no.', value: orWriteIn(patient.insuranceGroup) },
      ...(patient.insured
        ? [
            { label: 'Insured', value: patient.insured.name, bold: true },
            // The claim form's box 6: the patient's relationship to the insured.
            { label: 'Patient is', value: capitalise(patient.insured.relationship) },
            { label: 'Insured DOB', value: formatDate(patient.insured.dateOfBirth) },
            // Box 7: the insured's address.
            {
              label: 'Insured address',
              value: orWriteIn(patient.insuredAddress ? addressLines({ ...patient.insuredAddress, addressLine2: null }).join('\n') : null),
            },
          ]
        : // Box 7 of a policyholder patient is the patient's address, printed beside: no second copy.
          [{ label: 'Insured', value: 'Self' }]),
    ],
  };
  const blocks = data.providers.map((p) => providerBlock(p, data.clinic.state));
  const [only] = blocks;
  if (only && blocks.length === 1) {
    columns(cur, [[patientBlock], [insuranceBlock], [only]], 3, 56);
    return;
  }
  columns(cur, [[patientBlock], [insuranceBlock]], 2, 76);
  const across = blocks.length >= 3 ? 3 : 2;
  for (let i = 0; i < blocks.length; i += across) {
    cur.y += BLOCK_GAP + 2;
    columns(
      cur,
      blocks.slice(i, i + across).map((b) => [b]),
      across,
      across === 3 ? 48 : 76,
    );
  }
}

// ---------------------------------------------------------------- diagnoses and services

function diagnoses(cur: Cursor, data: SuperbillData): void {
  heading(cur, 'Diagnoses (ICD-10-CM)', 40);
  const cols: TableColumn[] = [
    { header: 'Pointer', width: 56, align: 'center' },
    { header: 'ICD-10-CM', width: 84 },
    { header: 'Description', width: CONTENT_WIDTH - 140 },
  ];
  const rows: Cell[][] = data.diagnoses.map((d) => [{ text: d.pointer, bold: true }, { text: d.code, bold: true }, d.description]);
  table(cur, cols, rows);
  claimDetails(cur, data);
}

/** Onset, referral and prior authorization of each case billed: the claim form's boxes 14, 17 and 23. */
function claimDetails(cur: Cursor, data: SuperbillData): void {
  const lines = (data.cases ?? []).flatMap((c) => [
    [
      `${c.condition}: onset ${formatDate(c.onsetDate)}`,
      c.referringName ? `referred by ${c.referringName}${c.referringNpi ? `, NPI ${c.referringNpi}` : ''}` : null,
      c.priorAuthorization ? `prior authorization ${c.priorAuthorization}` : null,
    ]
      .filter(Boolean)
      .join('  ·  '),
    // Box 10a–c: answered on the case, or said to be unanswered (never a "No" nobody gave).
    `   Condition related to (box 10): employment ${answer(c.employmentRelated)}  ·  auto accident ${answer(c.autoAccident)}${
      c.autoAccident && c.autoAccidentState ? ` (${c.autoAccidentState})` : ''
    }  ·  other accident ${answer(c.otherAccident)}`,
  ]);
  if (lines.length === 0) return;
  ensureSpace(cur, lines.length * lineHeight(SIZE.small) + 6);
  cur.y += 4;
  cur.y += drawLines(cur.doc, lines, CONTENT_LEFT, cur.y, { size: SIZE.small }) + 2;
}

const answer = (v: boolean | null | undefined): string => (v === true ? 'Yes' : v === false ? 'No' : 'not recorded');

const NO_MODIFIER = '—';

function serviceColumns(multiProvider: boolean): TableColumn[] {
  // Widths fit each header on one line in bold 8.5 pt, so the header row reads the same on every page.
  if (!multiProvider) {
    return [
      { header: 'Date of service', width: 80 },
      { header: 'POS', width: 32, align: 'center' },
      { header: 'CPT/HCPCS', width: 166 },
      { header: 'Modifiers', width: 62 },
      { header: 'Units', width: 36, align: 'right' },
      { header: 'Dx pointers', width: 66, align: 'center' },
      { header: 'Fee', width: 74, align: 'right' },
    ];
  }
  return [
    { header: 'Date of service', width: 80 },
    { header: 'POS', width: 28, align: 'center' },
    { header: 'CPT/HCPCS', width: 124 },
    { header: 'Modifiers', width: 52 },
    { header: 'Units', width: 32, align: 'right' },
    { header: 'Dx pointers', width: 66, align: 'center' },
    { header: 'Rendering NPI', width: 70 },
    { header: 'Fee', width: 64, align: 'right' },
  ];
}

function services(cur: Cursor, data: SuperbillData): void {
  const multiProvider = data.providers.length > 1;
  const rows: Cell[][] = data.lines.map((l) => {
    const fee: Cell = l.units > 1 ? { text: formatAccounting(l.charge), sub: `${l.units} × ${formatAccounting(l.unitFee)}` } : formatAccounting(l.charge);
    return [
      formatDate(l.dateOfService),
      l.placeOfService,
      { text: l.code, bold: true, sub: l.description },
      l.modifiers.length > 0 ? l.modifiers.join(', ') : NO_MODIFIER,
      String(l.units),
      l.pointers.join(', '),
      ...(multiProvider ? [l.providerNpi] : []),
      fee,
    ];
  });
  // A visit is a date and its rendering provider. Shading alternates by visit rather than by line,
  // and a visit's lines start on one page, so each visit reads as one group.
  const visit: number[] = [];
  data.lines.forEach((l, i) => {
    const prev = data.lines[i - 1];
    const last = visit[i - 1] ?? 0;
    visit.push(prev === undefined ? 0 : prev.dateOfService === l.dateOfService && prev.providerNpi === l.providerNpi ? last : last + 1);
  });
  table(cur, serviceColumns(multiProvider), rows, {
    heading: 'Services',
    shaded: (i) => (visit[i] ?? 0) % 2 === 1,
    groupOf: (i) => visit[i] ?? i,
    keepWithLast: NOTE_HEIGHT + totalsHeight(cur.doc, data),
  });
  cur.y += 3;
  cur.y += drawText(cur.doc, SERVICES_NOTE, CONTENT_LEFT, cur.y, { size: SIZE.tiny, color: COLOR.muted });
}

const SERVICES_NOTE = 'POS: CMS place-of-service code. Dx pointers refer to the diagnoses listed above, primary first. Fee is the charge for the line.';
const NOTE_HEIGHT = 3 + lineHeight(SIZE.tiny);

// ---------------------------------------------------------------- totals, payments, statement, signature

const TOTALS = { width: 210, labelWidth: 110, size: SIZE.body + 0.5 } as const;

interface TotalRow {
  label: string;
  value: string;
  strong: boolean;
}

function totalRows(data: SuperbillData): TotalRow[] {
  const { charged, paid, balance } = data.totals;
  return [
    { label: 'Total charged', value: formatAccounting(charged), strong: false },
    { label: 'Total paid', value: formatAccounting(paid), strong: false },
    { label: 'Balance due', value: formatAccounting(balance), strong: true },
  ];
}

/** Height of everything after the services table: totals beside payments, statement, signatures. */
function totalsHeight(doc: jsPDF, data: SuperbillData): number {
  const rowsHeight = totalRows(data).length * (lineHeight(TOTALS.size) + 4) + 3 + (data.totals.balance < 0 ? lineHeight(SIZE.small) + 2 : 0);
  // Mirrors the payments table: a caption, then header and rows of one small line plus padding.
  const paymentsHeight = data.payments.length === 0 ? 0 : lineHeight(SIZE.small) + 4 + (data.payments.length + 1) * (lineHeight(SIZE.small) + 7);
  return CLOSING_GAP + Math.max(rowsHeight, paymentsHeight) + CLOSING_GAP + statementHeight(doc, data) + signatureHeight(data);
}

const CLOSING_GAP = 6;

function closing(cur: Cursor, data: SuperbillData): void {
  // Totals, statement and signatures belong together; when they cannot all share this page they
  // move whole (the table already sent its last visit ahead to meet them).
  keepTogether(cur, totalsHeight(cur.doc, data));
  cur.y += CLOSING_GAP;
  const totalsBottom = totalsBlock(cur.doc, data, cur.y);
  paymentsBlock(cur, data);
  cur.y = Math.max(cur.y, totalsBottom) + CLOSING_GAP;
  statement(cur, data);
  signatures(cur, data);
}

/** The three totals in a ruled box at the right margin; returns its bottom. */
function totalsBlock(doc: jsPDF, data: SuperbillData, top: number): number {
  const x = CONTENT_RIGHT - TOTALS.width;
  const lh = lineHeight(TOTALS.size) + 4;
  let y = top;
  rule(doc, x, CONTENT_RIGHT, y, COLOR.text, 0.8);
  y += 3;
  for (const row of totalRows(data)) {
    if (row.strong) {
      doc.setFillColor(COLOR.fill[0], COLOR.fill[1], COLOR.fill[2]);
      doc.rect(x, y - 1, TOTALS.width, lh, 'F');
    }
    drawText(doc, row.label, x + 6, y + 1, { size: TOTALS.size, bold: row.strong });
    drawText(doc, row.value, CONTENT_RIGHT - 6, y + 1, { size: TOTALS.size, bold: row.strong }, 'right');
    y += lh;
  }
  rule(doc, x, CONTENT_RIGHT, y - 1, COLOR.text, 0.8);
  if (data.totals.balance < 0) {
    y += 2;
    y += drawText(
      doc,
      `Overpaid: a credit of ${formatAccounting(-data.totals.balance)} to the patient`,
      CONTENT_RIGHT,
      y,
      { size: SIZE.small, color: COLOR.muted },
      'right',
    );
  }
  return y;
}

/** Payments to the left of the totals, in a table that may follow onto the next page. */
function paymentsBlock(cur: Cursor, data: SuperbillData): void {
  if (data.payments.length === 0) return;
  const { doc } = cur;
  const width = CONTENT_WIDTH - TOTALS.width - 30;
  drawText(doc, 'PAYMENTS RECEIVED', CONTENT_LEFT, cur.y, { size: SIZE.small, bold: true, color: COLOR.muted });
  cur.y += lineHeight(SIZE.small) + 4;
  const cols: TableColumn[] = [
    { header: 'Date', width: 80 },
    { header: 'Method', width: width - 160 },
    { header: 'Amount', width: 80, align: 'right' },
  ];
  const rows: Cell[][] = data.payments.map((p) => [formatDate(p.date), paymentMethod(p.method), formatAccounting(p.amount)]);
  table(cur, cols, rows, { size: SIZE.small });
}

/** 'HSA / FSA' for the stored 'hsa_fsa'; a method the app does not know prints as recorded. */
export function paymentMethod(method: string): string {
  const labels: Partial<Record<string, string>> = PAYMENT_METHOD_LABEL;
  return labels[method] ?? capitalise(method.replace(/_/g, ' '));
}

function statementText(data: SuperbillData): string {
  const { balance } = data.totals;
  const who = data.providers.length === 1 ? 'the rendering provider named above' : 'the rendering providers named above';
  const settle =
    balance > 0
      ? `A balance of ${formatAccounting(balance)} remains due to ${data.clinic.name}.`
      : balance < 0
        ? `${data.clinic.name} holds a credit of ${formatAccounting(-balance)} for you.`
        : 'These services are paid in full.';
  return (
    `An itemized statement to submit to your health insurer for out-of-network reimbursement: attach it to the insurer's claim form and keep a copy. ` +
    `The services were provided by ${who} on the dates shown; payments are as shown. ${settle}`
  );
}

function statementHeight(doc: jsPDF, data: SuperbillData): number {
  return wrap(doc, statementText(data), CONTENT_WIDTH, { size: SIZE.small }).length * lineHeight(SIZE.small) + 4;
}

function statement(cur: Cursor, data: SuperbillData): void {
  const lines = wrap(cur.doc, statementText(data), CONTENT_WIDTH, { size: SIZE.small });
  ensureSpace(cur, lines.length * lineHeight(SIZE.small));
  cur.y += drawLines(cur.doc, lines, CONTENT_LEFT, cur.y, { size: SIZE.small }) + 4;
}

const SIGNATURE_HEIGHT = 46;

function signatureHeight(data: SuperbillData): number {
  return data.providers.length * SIGNATURE_HEIGHT;
}

/** One signature and date line per rendering provider: each attests to the lines under their NPI. */
function signatures(cur: Cursor, data: SuperbillData): void {
  const { doc } = cur;
  const sigRight = CONTENT_LEFT + 300;
  const dateLeft = CONTENT_LEFT + 340;
  for (const p of data.providers) {
    ensureSpace(cur, SIGNATURE_HEIGHT);
    const lineY = cur.y + 20;
    rule(doc, CONTENT_LEFT, sigRight, lineY, COLOR.text, 0.7);
    rule(doc, dateLeft, CONTENT_RIGHT, lineY, COLOR.text, 0.7);
    let y = lineY + 3;
    y += drawText(doc, signatureLine(p), CONTENT_LEFT, y, { size: SIZE.body, bold: true });
    drawText(doc, `Rendering provider signature  ·  NPI ${p.npi}`, CONTENT_LEFT, y, { size: SIZE.small, color: COLOR.muted });
    // The date this superbill was produced, which the signature attests to.
    drawText(doc, formatDate(data.generatedOn), dateLeft, lineY - 12, { size: SIZE.body });
    drawText(doc, 'Date', dateLeft, lineY + 3, { size: SIZE.small, color: COLOR.muted });
    cur.y += SIGNATURE_HEIGHT;
  }
}
