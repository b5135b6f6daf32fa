import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clinic } from '../../shared/clinic';
import { signatureLine, type Provider } from '../../shared/provider';
import { formatAccounting, formatDate, pdfText } from '../../shared/reports/pdf-kit';
import { dateRange, paymentMethod, serviceDates, superbillPdf, superbillProblems } from '../../shared/reports/superbill';
import { superbillIndexCsv } from '../../shared/reports/superbill-index';
import { drawThroughJsPdf } from '../../shared/reports/text-run';
import type { SuperbillData } from '../../shared/reports/superbill-data';
import { npiCheckDigit } from '../../shared/validation/npi';
import { inspectPdf, type InspectedPdf } from '../support/pdf';
import { loadPdfFonts } from '../../db/pdf-fonts';

loadPdfFonts();

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'needlebook-superbill-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------- fixtures

type Line = SuperbillData['lines'][number];

const npi = (base9: string) => `${base9}${npiCheckDigit(base9)}`;

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

const stamp = { active: true, hasPasscode: false, otherLicenses: [], createdAt: '2025-06-01T09:00:00.000Z', updatedAt: '2025-06-01T09:00:00.000Z' };
const dana: Provider = {
  id: 1,
  name: 'Dana Whitfield',
  credentials: 'L.Ac.',
  npi: '1234567893',
  licenseNumber: 'AC-01234',
  licenseState: 'OR',
  taxonomyCode: '171100000X',
  signatureName: 'Dana M. Whitfield',
  ...stamp,
};
const theo: Provider = {
  id: 2,
  name: 'Theo Lindqvist',
  credentials: 'DPT, L.Ac.',
  npi: npi('198765432'),
  licenseNumber: 'AC-05678',
  licenseState: 'OR',
  taxonomyCode: '171100000X',
  signatureName: 'Theo Lindqvist, DPT',
  ...stamp,
};
const mara: Provider = {
  id: 3,
  name: 'Mara Quinn',
  credentials: 'PT, DPT',
  npi: npi('145678901'),
  licenseNumber: null,
  licenseState: null,
  taxonomyCode: '225100000X',
  signatureName: null,
  ...stamp,
};

const patient: SuperbillData['patient'] = {
  name: 'Maya Okafor',
  dateOfBirth: '1991-07-14',
  sex: 'female',
  addressLine1: '814 SE Alder St',
  addressLine2: 'Apt 12',
  city: 'Portland',
  state: 'OR',
  postalCode: '97214',
  phone: '(503) 555-0199',
  insurancePayer: 'Regence BlueCross BlueShield of Oregon',
  insuranceMemberId: 'RGX884512307',
  insuranceGroup: '10045821',
};

const ITBS = { code: 'M76.31', description: 'Iliotibial band syndrome, right leg' };
const PFPS = { code: 'M22.2X1', description: 'Patellofemoral disorders, right knee' };
const LEG = { code: 'M79.661', description: 'Pain in right lower leg' };

const CODES = {
  '97810': { description: 'Acupuncture, initial 15 min', fee: 8500 },
  '97811': { description: "Acupuncture, each add'l 15 min w/ re-insertion", fee: 4500 },
  '97813': { description: 'Acupuncture w/ e-stim, initial 15 min', fee: 9500 },
  '97814': { description: "Acupuncture w/ e-stim, each add'l 15 min w/ re-insertion", fee: 6500 },
  '20560': { description: 'Dry needling, 1 or 2 muscles', fee: 6000 },
  '20561': { description: 'Dry needling, 3 or more muscles', fee: 8500 },
  '99213': { description: 'Office visit, established patient, low complexity', fee: 14000 },
} as const;

function line(date: string, code: keyof typeof CODES, pointers: string[], more: Partial<Line> = {}): Line {
  const units = more.units ?? 1;
  const unitFee = more.unitFee ?? CODES[code].fee;
  return {
    dateOfService: date,
    placeOfService: '11',
    code,
    description: CODES[code].description,
    modifiers: [],
    units,
    pointers,
    unitFee,
    charge: units * unitFee,
    providerNpi: dana.npi,
    ...more,
  };
}

/** Totals as the data layer computes them: the sum of the lines and of the payments. */
function withTotals(data: Omit<SuperbillData, 'totals'>): SuperbillData {
  const charged = data.lines.reduce((s, l) => s + l.charge, 0);
  const paid = data.payments.reduce((s, p) => s + p.amount, 0);
  return { ...data, totals: { charged, paid, balance: charged - paid } };
}

const oneVisit = withTotals({
  generatedOn: '2026-03-02',
  from: '2026-03-02',
  to: '2026-03-02',
  clinic,
  providers: [dana],
  patient,
  diagnoses: [
    { pointer: 'A', ...ITBS },
    { pointer: 'B', ...PFPS },
  ],
  lines: [line('2026-03-02', '97813', ['A']), line('2026-03-02', '97814', ['A', 'B']), line('2026-03-02', '20561', ['A', 'B'])],
  payments: [{ date: '2026-03-02', method: 'card', amount: 15000 }],
});

/** Two visits of one week, one provider, three diagnoses, two payments: a short bill, one page. */
const twoVisits = withTotals({
  generatedOn: '2026-03-06',
  from: '2026-03-02',
  to: '2026-03-06',
  clinic,
  providers: [dana],
  patient,
  diagnoses: [
    { pointer: 'A', ...ITBS },
    { pointer: 'B', ...PFPS },
    { pointer: 'C', ...LEG },
  ],
  lines: [
    line('2026-03-02', '97813', ['A']),
    line('2026-03-02', '97814', ['A', 'B'], { units: 2 }),
    line('2026-03-02', '20561', ['A', 'B', 'C']),
    line('2026-03-06', '97810', ['B']),
    line('2026-03-06', '97811', ['B', 'A']),
    line('2026-03-06', '20560', ['C'], { modifiers: ['GP'] }),
  ],
  payments: [
    { date: '2026-03-02', method: 'card', amount: 15000 },
    { date: '2026-03-06', method: 'hsa_fsa', amount: 9000 },
  ],
});

const MARCH_DAYS = [2, 4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27];
const month = withTotals({
  generatedOn: '2026-03-31',
  from: '2026-03-01',
  to: '2026-03-31',
  clinic,
  providers: [dana, theo],
  patient,
  diagnoses: [
    { pointer: 'A', ...ITBS },
    { pointer: 'B', ...PFPS },
    { pointer: 'C', ...LEG },
  ],
  lines: MARCH_DAYS.flatMap((day, i): Line[] => {
    const date = `2026-03-${String(day).padStart(2, '0')}`;
    const providerNpi = i % 3 === 2 ? theo.npi : dana.npi;
    // Alternate the with- and without-e-stim codes; every third visit runs 30 extra minutes (2 units).
    return i % 2 === 0
      ? [
          line(date, '97813', ['A'], { providerNpi }),
          line(date, '97814', ['A', 'B'], { providerNpi, units: i % 3 === 0 ? 2 : 1 }),
          line(date, '20561', ['A', 'B', 'C'], { providerNpi }),
        ]
      : [
          line(date, '97810', ['B'], { providerNpi }),
          line(date, '97811', ['B', 'A'], { providerNpi, units: i % 3 === 0 ? 2 : 1 }),
          line(date, '20560', ['C'], { providerNpi, modifiers: ['GP'] }),
        ];
  }),
  payments: [
    { date: '2026-03-02', method: 'card', amount: 24500 },
    { date: '2026-03-09', method: 'hsa_fsa', amount: 19000 },
    { date: '2026-03-16', method: 'check', amount: 60000 },
    { date: '2026-03-27', method: 'card', amount: 45050 },
  ],
});

const edgeLines: Line[] = [
  line('2025-12-29', '99213', ['A', 'B', 'C', 'D'], { modifiers: ['25', 'GP', 'KX'], providerNpi: mara.npi }),
  line('2025-12-29', '97813', ['A'], { providerNpi: mara.npi, placeOfService: '11' }),
  line('2026-01-02', '97810', ['C', 'D'], { providerNpi: theo.npi, placeOfService: '12' }),
  line('2026-01-02', '97811', ['C'], { providerNpi: theo.npi, placeOfService: '12', units: 3 }),
];
const edgeCharged = edgeLines.reduce((s, l) => s + l.charge, 0);
const edge = withTotals({
  generatedOn: '2026-01-05',
  from: '2025-12-29',
  to: '2026-01-02',
  clinic: { ...clinic, addressLine2: null, email: null },
  providers: [dana, theo, mara],
  patient: {
    ...patient,
    name: 'Nguyễn Thị Zoë Ramírez-Lindqvist',
    dateOfBirth: '2004-02-29',
    sex: 'unknown',
    addressLine2: null,
    phone: null,
    insurancePayer: 'Kaiser Foundation Health Plan of the Northwest — out-of-network claims',
    insuranceMemberId: 'K000-7781-22',
    insuranceGroup: null,
  },
  diagnoses: [
    { pointer: 'A', code: 'M76.62', description: 'Achilles tendinitis, left leg' },
    { pointer: 'B', code: 'M76.892', description: 'Other specified enthesopathies of left lower limb, excluding foot' },
    { pointer: 'C', code: 'S86.012A', description: 'Strain of left Achilles tendon, initial encounter' },
    { pointer: 'D', code: 'M79.672', description: 'Pain in left foot' },
  ],
  lines: edgeLines.map((l) =>
    l.code === '99213'
      ? {
          ...l,
          description: 'Office or other outpatient visit for the evaluation and management of an established patient, low level of medical decision making',
        }
      : l,
  ),
  // Paid more than charged: the clinic holds a credit of $25.00.
  payments: [
    { date: '2025-12-29', method: 'card', amount: edgeCharged - 10000 },
    { date: '2026-01-02', method: 'cash', amount: 12500 },
  ],
});

// ---------------------------------------------------------------- poppler and qpdf

type Rendered = InspectedPdf;

function render(name: string, data: SuperbillData, dir = scratch): Rendered {
  const bytes = superbillPdf(data);
  expect(bytes).toBeInstanceOf(Uint8Array);
  return inspectPdf(bytes, join(dir, `${name}.pdf`));
}

/** Renders every page at 80 dpi next to the PDF, replacing any older pages of the same name. */
function snapshot(r: Rendered, name: string): void {
  for (const f of readdirSync(ARTIFACTS)) if (new RegExp(`^${name}-\\d+\\.png$`).test(f)) unlinkSync(join(ARTIFACTS, f));
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', r.file, join(ARTIFACTS, name)]);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function headerRow(data: SuperbillData): RegExp {
  const npiColumn = data.providers.length > 1 ? 'Rendering NPI\\s+' : '';
  return new RegExp(`Date of service\\s+POS\\s+CPT/HCPCS\\s+Modifiers\\s+Units\\s+Dx pointers\\s+${npiColumn}Fee`);
}

/** The text line a service line prints as: every column, in order, on one line of the page. */
function rowPattern(data: SuperbillData, l: Line): RegExp {
  const cells = [
    formatDate(l.dateOfService),
    l.placeOfService,
    l.code,
    l.modifiers.length > 0 ? l.modifiers.join(', ') : '—',
    String(l.units),
    l.pointers.join(', '),
    ...(data.providers.length > 1 ? [l.providerNpi] : []),
    formatAccounting(l.charge),
  ];
  return new RegExp(`(^|\\s)${cells.map(esc).join('\\s+')}(\\s|$)`);
}

interface Found {
  page: number;
  index: number;
}

/** Where each service line prints: the one page and text line holding all its columns. */
function locateRows(r: Rendered, data: SuperbillData): Found[] {
  return data.lines.map((l) => {
    const pattern = rowPattern(data, l);
    const hits: Found[] = [];
    r.pages.forEach((page, p) =>
      page.split('\n').forEach((text, index) => {
        if (pattern.test(text)) hits.push({ page: p, index });
      }),
    );
    expect(hits, `${l.code} on ${l.dateOfService}: ${pattern}`).toHaveLength(1);
    return hits[0] ?? { page: -1, index: -1 };
  });
}

function sums(data: SuperbillData): { charged: number; paid: number; balance: number } {
  const charged = data.lines.reduce((s, l) => s + l.units * l.unitFee, 0);
  const paid = data.payments.reduce((s, p) => s + p.amount, 0);
  return { charged, paid, balance: charged - paid };
}

function expectSuperbill(r: Rendered, data: SuperbillData): void {
  const { text } = r;
  const name = pdfText(data.patient.name);
  const dob = formatDate(data.patient.dateOfBirth);

  expect(text).toContain('Superbill');
  expect(text).toContain(serviceDates(data.from, data.to));
  expect(text).toContain(`Generated ${formatDate(data.generatedOn)}`);
  expect(text).toContain(data.clinic.name);
  if (data.clinic.taxId) expect(text).toMatch(new RegExp(`Tax ID \\(EIN\\)\\s+${esc(data.clinic.taxId)}`));
  expect(text).toMatch(/Place of service\s+11 \(Office\)/);
  expect(text).toContain(name);
  expect(text).toMatch(new RegExp(`Date of birth\\s+${esc(dob)}`));
  if (data.patient.insuranceMemberId) expect(text).toMatch(new RegExp(`Member ID\\s+${esc(data.patient.insuranceMemberId)}`));
  for (const p of data.providers) {
    expect(text).toMatch(new RegExp(`NPI\\s+${p.npi}`));
    expect(text).toContain(p.taxonomyCode);
    if (p.licenseNumber) expect(text).toContain(`${p.licenseNumber} (${p.licenseState ?? ''})`);
  }
  for (const d of data.diagnoses) expect(text).toMatch(new RegExp(`${d.pointer}\\s+${esc(d.code)}\\s+${esc(d.description.slice(0, 24))}`));
  for (const code of new Set(data.lines.map((l) => l.code))) expect(text).toContain(code);

  // US Letter, numbered, and every loose page names the patient.
  expect(r.sizes).toHaveLength(r.pageCount);
  for (const size of r.sizes) expect(size).toMatch(/size:\s+612 x 792 pts \(letter\)/);
  expect(r.pages[0]).toContain(`Page 1 of ${r.pageCount}`);
  r.pages.forEach((page, i) => {
    expect(page).toContain(`Page ${i + 1} of ${r.pageCount}`);
    expect(page).toMatch(new RegExp(`Superbill for ${esc(name)}\\s+·\\s+DOB ${esc(dob)}`));
  });

  // Every line prints whole on one page: all its columns on one text line, and its description on
  // the text line under it; the header row heads every page the table is on.
  const found = locateRows(r, data);
  data.lines.forEach((l, i) => {
    const at = found[i];
    const below = at ? r.pages[at.page]?.split('\n')[at.index + 1] : undefined;
    expect(below, `description under ${l.code} on ${l.dateOfService}`).toContain(l.description.slice(0, 20));
  });
  const tablePages = new Set(found.map((f) => f.page));
  for (const p of tablePages) expect(r.pages[p], `header row on page ${p + 1}`).toMatch(headerRow(data));

  // The totals are the sum of the lines and payments, printed in the one money format.
  const expected = sums(data);
  expect(data.totals).toEqual(expected);
  const totalsAt = (label: string, cents: number) => new RegExp(`${label}\\s+${esc(formatAccounting(cents))}(\\s|$)`, 'm');
  const last = r.pages[r.pageCount - 1] ?? '';
  expect(last).toMatch(totalsAt('Total charged', expected.charged));
  expect(last).toMatch(totalsAt('Total paid', expected.paid));
  expect(last).toMatch(totalsAt('Balance due', expected.balance));
  expect(text).not.toMatch(/-\$|\$-|\(\$0\.00\)/);
  for (const pay of data.payments) {
    expect(text).toMatch(new RegExp(`${esc(formatDate(pay.date))}\\s+${esc(paymentMethod(pay.method))}\\s+${esc(formatAccounting(pay.amount))}`));
  }

  // The statement and a signature and date line for each provider close the last page, with the totals.
  expect(last).toContain('out-of-network reimbursement');
  for (const p of data.providers) expect(last).toMatch(new RegExp(`${esc(signatureLine(p))}\\s+Date`));
}

// ---------------------------------------------------------------- tests

describe('superbill helpers', () => {
  it('prints a credit in parentheses and never a negative zero', () => {
    expect(formatAccounting(123450)).toBe('$1,234.50');
    expect(formatAccounting(0)).toBe('$0.00');
    expect(formatAccounting(-0)).toBe('$0.00');
    expect(formatAccounting(-0.4)).toBe('$0.00');
    expect(formatAccounting(-2500)).toBe('($25.00)');
    expect(formatAccounting(-123456789)).toBe('($1,234,567.89)');
  });

  it('names payment methods as the clinic recorded them', () => {
    expect(paymentMethod('hsa_fsa')).toBe('HSA / FSA');
    expect(paymentMethod('bank_transfer')).toBe('Bank transfer');
    expect(paymentMethod('card')).toBe('Card');
    expect(paymentMethod('sliding_scale')).toBe('Sliding scale');
  });

  it('words the dates of service', () => {
    expect(serviceDates('2026-03-02', '2026-03-02')).toBe('Date of service: Mar 2, 2026');
    expect(serviceDates('2026-03-01', '2026-03-31')).toBe('Dates of service: Mar 1 – Mar 31, 2026');
    expect(dateRange('2025-12-29', '2026-01-02')).toBe('Dec 29, 2025 – Jan 2, 2026');
  });

  it('refuses data whose money or references do not add up', () => {
    expect(superbillProblems(oneVisit)).toEqual([]);
    expect(superbillProblems(month)).toEqual([]);
    expect(superbillProblems(edge)).toEqual([]);
    const off = { ...oneVisit, totals: { ...oneVisit.totals, charged: oneVisit.totals.charged + 1 } };
    expect(() => superbillPdf(off)).toThrow(/total charged is 24501 cents but the lines add up to 24500/);
    const badPointer = { ...oneVisit, lines: [{ ...line('2026-03-02', '97813', ['C']) }, ...oneVisit.lines.slice(1)] };
    expect(() => superbillPdf(badPointer)).toThrow(/points to diagnosis C, which is not listed/);
    const badNpi = { ...oneVisit, lines: oneVisit.lines.map((l) => ({ ...l, providerNpi: theo.npi })) };
    expect(() => superbillPdf(badNpi)).toThrow(/not a listed provider/);
    expect(superbillProblems({ ...oneVisit, to: '2026-03-01', from: '2026-03-01' })).toHaveLength(3);
    const unpaid = { ...oneVisit, payments: [] };
    expect(superbillProblems(unpaid)).toEqual(['total paid is 15000 cents but the payments add up to 0']);
    expect(superbillProblems({ ...oneVisit, totals: { ...oneVisit.totals, balance: 0 } })).toEqual(['balance is 0 cents, not charged less paid']);
    expect(superbillProblems({ ...oneVisit, lines: [], totals: { charged: 0, paid: 15000, balance: -15000 } })).toContain('no service lines');
  });
});

describe('superbill PDF', () => {
  it('prints one visit on one page', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('superbill-one', oneVisit, ARTIFACTS);
    snapshot(r, 'superbill-one');
    expectSuperbill(r, oneVisit);
    expect(r.pageCount).toBe(1);
    const { text } = r;
    expect(text).toContain('Date of service: Mar 2, 2026');
    expect(text).toContain('Jul 14, 1991');
    expect(text).toContain('93-1234567');
    expect(text).toContain('RGX884512307');
    expect(text).toContain('1234567893');
    expect(text).toMatch(/Group no\.\s+10045821/);
    expect(text).toMatch(/AC-01234 \(OR\)/);
    expect(text).toContain('Dana M. Whitfield, L.Ac.');
    // One provider: no per-line NPI column.
    expect(text).not.toContain('Rendering NPI');
    expect(text).toMatch(/Total charged\s+\$245\.00/);
    expect(text).toMatch(/Total paid\s+\$150\.00/);
    expect(text).toMatch(/Balance due\s+\$95\.00/);
    expect(text.replace(/\s+/g, ' ')).toContain('A balance of $95.00 remains due');
  });

  it('prints a short bill of two visits on one page', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('superbill-two-visits', twoVisits, ARTIFACTS);
    snapshot(r, 'superbill-two-visits');
    expectSuperbill(r, twoVisits);
    expect(r.pageCount).toBe(1);
  });

  it('runs a month of 36 lines across pages without splitting a row', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('superbill-month', month, ARTIFACTS);
    snapshot(r, 'superbill-month');
    expect(month.lines).toHaveLength(36);
    expectSuperbill(r, month);
    expect(r.pageCount).toBeGreaterThanOrEqual(2);
    const found = locateRows(r, month);
    // The table itself spans pages, so the repeated header and whole rows were exercised.
    expect(new Set(found.map((f) => f.page)).size).toBeGreaterThanOrEqual(2);
    // Lines keep their order across the page break.
    for (let i = 1; i < found.length; i++) {
      const [a, b] = [found[i - 1], found[i]];
      expect(b && a && (b.page > a.page || (b.page === a.page && b.index > a.index))).toBe(true);
    }
    // The totals do not stand alone: the table's last line shares their page.
    expect(found.at(-1)?.page).toBe(r.pageCount - 1);
    const { text } = r;
    expect(text).toContain('Dates of service: Mar 1 – Mar 31, 2026');
    expect(text).toContain('2 × $65.00');
    expect(text).toContain('2 × $45.00');
    expect(text).toMatch(/Mar 9, 2026\s+HSA \/ FSA\s+\$190\.00/);
    for (const page of r.pages.slice(1)) expect(page).toMatch(/Maya Okafor\s+·\s+DOB Jul 14, 1991/);
  });

  it('keeps the date of birth and the dates of service in the footer of a very long name', () => {
    const name = "Maximiliana Josefina Esperanza O'Brien-Łukasz Żółć de la Cruz y Nguyễn Thị Ánh Wolfeschlegelsteinhausenberger";
    const long: SuperbillData = { ...month, patient: { ...month.patient, name } };
    mkdirSync(ARTIFACTS, { recursive: true });
    const r = render('superbill-long-name', long, ARTIFACTS);
    snapshot(r, 'superbill-long-name');
    expect(r.pageCount).toBeGreaterThan(1);
    r.pages.forEach((page, i) => {
      const footer = page.split('\n').find((l) => l.includes(`Page ${i + 1} of ${r.pageCount}`)) ?? '';
      expect(footer).toContain('Superbill for Maximiliana Josefina');
      expect(footer).toContain(`DOB ${formatDate(long.patient.dateOfBirth)}`);
      expect(footer).toContain(dateRange(long.from, long.to));
    });
    // The patient block prints the name whole, wrapped if it must be.
    expect(r.text.replace(/\s+/g, ' ')).toContain('Nguyễn Thị Ánh Wolfeschlegelsteinhausenberger');
  });

  it('prints three providers, three modifiers, a year boundary and an overpaid balance', () => {
    const r = render('superbill-edge', edge);
    expectSuperbill(r, edge);
    const { text } = r;
    expect(text).toContain('Dates of service: Dec 29, 2025 – Jan 2, 2026');
    expect(text).toContain('Nguyễn Thị Zoë Ramírez-Lindqvist');
    expect(text).toContain('Feb 29, 2004');
    expect(text).toContain('K000-7781-22');
    expect(text).toContain('25, GP, KX');
    expect(text).toContain('A, B, C, D');
    expect(text).toContain('3 × $45.00');
    expect(text).toMatch(/Place of service\s+11 \(Office\)/);
    // Missing fields leave a blank to write in rather than vanish.
    expect(text).toMatch(/Group no\.\s+_{10,}/);
    expect(text).toMatch(/License\s+_{10,}/);
    const balance = sums(edge).balance;
    expect(balance).toBe(-2500);
    expect(text).toMatch(/Balance due\s+\(\$25\.00\)/);
    expect(text).toContain('credit of $25.00');
  });
});

describe('lines written straight into the page (shared/reports/text-run.ts)', () => {
  /** The PDF with what changes from one build to the next (its date and file id) set aside. */
  const settled = (bytes: Uint8Array) =>
    Buffer.from(bytes)
      .toString('latin1')
      .replace(/\/CreationDate \(D:[^)]*\)/, '')
      .replace(/\/ID \[ <[0-9A-F]+> <[0-9A-F]+> \]/, '');

  it.each([
    ['one visit', oneVisit],
    ['two visits', twoVisits],
    ['a month across pages', month],
    ['three providers and a Vietnamese name', edge],
  ])('writes %s byte for byte as jsPDF text() would', (_name, data) => {
    drawThroughJsPdf(true);
    const viaText = settled(superbillPdf(data));
    drawThroughJsPdf(false);
    expect(settled(superbillPdf(data))).toBe(viaText);
  });
});

describe('the month index CSV', () => {
  const entry = (patientName: string, balance = 0) => ({ patientId: 7, patientName, visits: 1, charged: 9500, paid: 9500 - balance, balance });
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1 555', "'+1 555"],
    ['-Ana', "'-Ana"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['Ana Reyes', 'Ana Reyes'],
    ["O'Brien-Łukasz Żółć", "O'Brien-Łukasz Żółć"],
  ])('writes the name %j as the cell %s', (name, written) => {
    const row = superbillIndexCsv('2026-10', [entry(name)]).split('\r\n')[1]!;
    expect(row.startsWith(`7,${written},1,95.00,95.00,0.00,`)).toBe(true);
  });

  it('keeps amounts as numbers, a credit included', () => {
    const row = superbillIndexCsv('2026-10', [entry('Ana Reyes', -1200)]).split('\r\n')[1]!;
    expect(row).toContain(',95.00,107.00,-12.00,');
  });
});
