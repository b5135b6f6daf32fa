import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BatchEntry, PatientAccount, VisitBilling } from '../../shared/billing';
import type { CareCase } from '../../shared/case';
import type { Patient } from '../../shared/patient';
import type { Visit } from '../../shared/visit';
import { chartVisit, ITBS_TREATMENT, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';
import { readPdf } from '../support/pdf';
import { superbillFor as superbillData } from '../../db/queries/superbills';

const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

/** A signed visit with e-stim, 30 face-to-face minutes, needles re-inserted, three muscles needled. */
async function billedClinic() {
  const t = await itbsClinic();
  valueOf(
    await t.call('saveClinic', {
      name: 'Stride Acupuncture',
      taxId: '93-4417820',
      addressLine1: '2134 SE Hawthorne Blvd',
      city: 'Portland',
      state: 'OR',
      postalCode: '97214',
    }),
  );
  const v = await chartVisit(t, '2026-03-02T10:00', { reinserted: true });
  valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
  return { ...t, visit: v };
}
/** Opens a case for a patient and bills one signed 20-minute visit on it with `lines`. */
async function billedVisitOnNewCase(
  t: Awaited<ReturnType<typeof itbsClinic>>,
  patientId: number,
  kase: { conditionText: string; code: string; startedAt: string },
  lines: unknown[],
): Promise<Visit> {
  const c = valueOf(
    await t.call('saveCase', {
      patientId,
      conditionText: kase.conditionText,
      side: 'left',
      onsetDate: '2026-01-01',
      startDate: '2026-03-01',
      diagnoses: [{ code: kase.code }],
    }),
  ) as CareCase;
  const v = valueOf(await t.call('createVisit', { caseId: c.id, providerId: t.mara.id, startedAt: kase.startedAt })) as Visit;
  valueOf(await t.call('saveVisit', { id: v.id, providerId: t.mara.id, startedAt: kase.startedAt, faceMinutes: 20, acupoints: [{ code: 'KI3', side: 'L' }] }));
  valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
  valueOf(await t.call('saveVisitBilling', { visitId: v.id, lines }));
  return v;
}

const line = (code: string, extra: Record<string, unknown> = {}) => ({ code, units: 1, fee: 50, pointers: ['A'], ...extra });
const accept = (b: VisitBilling) =>
  b.suggestions.map((s) => ({ code: s.code, units: s.units, modifiers: s.modifiers, pointers: s.pointers, fee: s.feeCents / 100 }));

describe('billing lines', () => {
  it('offers a second visit the same day add-on units, not a second initial code, and saves them', async () => {
    const t = await billedClinic();
    valueOf(
      await t.call('saveVisitBilling', {
        visitId: t.visit.id,
        lines: accept(valueOf(await t.call('getVisitBilling', { visitId: t.visit.id })) as VisitBilling),
      }),
    );
    const later = await chartVisit(t, '2026-03-02T16:00', { reinserted: true });
    valueOf(await t.call('signVisit', { id: later.id, providerId: t.mara.id }));
    const billing = valueOf(await t.call('getVisitBilling', { visitId: later.id })) as VisitBilling;
    expect(billing.suggestions.map((l) => l.code)).not.toContain('97813');
    expect(billing.suggestions.find((l) => l.code === '97814')?.rule).toMatch(/^97813 was billed on an earlier visit today/);
    const saved = valueOf(await t.call('saveVisitBilling', { visitId: later.id, lines: accept(billing) })) as VisitBilling;
    expect(saved.lines.map((l) => l.code)).toEqual(billing.suggestions.map((l) => l.code));
  });

  it('suggests 97813 + 97814 + 20561 from the chart, with the rule and the clinic’s fee', async () => {
    const t = await billedClinic();
    const b = valueOf(await t.call('getVisitBilling', { visitId: t.visit.id })) as VisitBilling;
    expect(b.suggestions.map((s) => [s.code, s.units, s.feeCents, s.pointers])).toEqual([
      ['97813', 1, 9500, ['A']],
      ['97814', 1, 5000, ['A']],
      ['20561', 1, 8000, ['A']],
    ]);
    expect(b.suggestions[1]!.rule).toBe('30 face-to-face minutes with re-insertion: 1 additional 15-minute unit (97814; a unit counts from 8 minutes).');
    const saved = valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: accept(b) })) as VisitBilling;
    expect(saved.totals).toEqual({ charged: 22500, paid: 0, balance: 22500 });
    expect(await t.db.get("SELECT detail FROM audit_log WHERE entity = 'billing'")).toEqual({ detail: '97813x1 97814x1 20561x1' });
  });

  it('refuses to bill a draft visit', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00');
    expect(errorOf(await t.call('saveVisitBilling', { visitId: v.id, lines: [{ code: '97810', units: 1, fee: 85 }] })).message).toBe(
      'Only signed visits are billed: sign the visit first.',
    );
  });

  it.each([
    ['97810 with 97813', [line('97810'), line('97813')], 'lines.0.code', /one initial acupuncture code a day/],
    ['20560 with 20561', [line('20560'), line('20561')], 'lines.0.code', /choose by the number of muscles/],
    ['an add-on without an initial code', [line('97814')], 'lines.0.code', /add-on code: it needs an initial code/],
    ['E/M with a procedure but without modifier 25', [line('97813'), line('99213')], 'lines.1.code', /it needs modifier 25/],
    [
      'a pointer to a diagnosis the case does not have',
      [line('97813', { pointers: ['C'] })],
      'lines.0.pointers',
      /Pointer C is not one of the case's diagnoses \(A\)/,
    ],
    ['a line that points to no diagnosis', [line('97813', { pointers: [] })], 'lines.0.pointers', /at least one diagnosis/],
    ['a malformed code', [line('9781')], 'lines.0.code', /5-character CPT or HCPCS/],
    ['a fee in words', [line('97813', { fee: 'ninety' })], 'lines.0.fee', /amount in dollars/],
  ])('refuses %s with the rule named, and writes nothing', async (_what, lines, field, message) => {
    const t = await billedClinic();
    const error = errorOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines }));
    expect(error.fields[field]).toMatch(message);
    expect(await t.db.get('SELECT count(*) AS n FROM billing_line')).toEqual({ n: 0 });
  });

  it('applies the one-initial-code-a-day rule across two visits on the same day', async () => {
    const t = await billedClinic();
    valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813')] }));
    const later = await chartVisit(t, '2026-03-02T17:00');
    valueOf(await t.call('signVisit', { id: later.id, providerId: t.mara.id }));
    expect(errorOf(await t.call('saveVisitBilling', { visitId: later.id, lines: [line('97810')] })).fields['lines.0.code']).toMatch(
      /one initial acupuncture code a day/,
    );
    expect(valueOf(await t.call('saveVisitBilling', { visitId: later.id, lines: [line('97814')] }))).toMatchObject({ lines: [{ code: '97814' }] });
  });
});

describe('payments and superbills', () => {
  it('totals per visit and per patient, and a superbill whose totals equal its lines in the database', async () => {
    const t = await billedClinic();
    valueOf(
      await t.call('saveVisitBilling', {
        visitId: t.visit.id,
        lines: accept(valueOf(await t.call('getVisitBilling', { visitId: t.visit.id })) as VisitBilling),
      }),
    );
    valueOf(await t.call('addPayment', { patientId: t.ana.id, visitId: t.visit.id, paidOn: '2026-03-02', amount: '$150.00', method: 'card' }));
    expect((valueOf(await t.call('getVisitBilling', { visitId: t.visit.id })) as VisitBilling).totals).toEqual({ charged: 22500, paid: 15000, balance: 7500 });
    expect((valueOf(await t.call('patientAccount', { patientId: t.ana.id })) as PatientAccount).totals).toEqual({ charged: 22500, paid: 15000, balance: 7500 });
    expect(errorOf(await t.call('addPayment', { patientId: t.ana.id, paidOn: '2026-03-02', amount: '0', method: 'card' })).fields).toEqual({
      amount: 'Amount must be more than $0.00',
    });

    const pdf = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' })) as {
      fileName: string;
      pdfBase64: string;
      entry: BatchEntry;
    };
    const { text } = readPdf(Buffer.from(pdf.pdfBase64, 'base64'));
    const sum = (await t.db.get('SELECT sum(units * fee_cents) AS cents FROM billing_line')) as { cents: number };
    expect(pdf.entry).toMatchObject({ charged: sum.cents, paid: 15000, balance: sum.cents - 15000 });
    for (const expected of ['1234567893', '93-4417820', 'Apr 2, 1990', 'M76.31', '97813', '97814', '20561', usd(sum.cents), usd(15000), usd(sum.cents - 15000)])
      expect(text).toContain(expected);
  });

  it('never shows another patient’s data, and refuses a range with nothing billed', async () => {
    const t = await billedClinic();
    valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813')] }));
    const other = valueOf(
      await t.call('savePatient', { firstName: 'Zed', lastName: 'Quillfeather', dateOfBirth: '1979-09-09', sex: 'male', insuranceMemberId: 'ZQ-999-ZZ' }),
    ) as Patient;
    await billedVisitOnNewCase(t, other.id, { conditionText: 'Plantar fasciitis', code: 'M72.2', startedAt: '2026-03-02T11:00' }, [
      { code: '97810', units: 1, fee: 85, pointers: ['A'] },
    ]);
    valueOf(await t.call('addPayment', { patientId: other.id, paidOn: '2026-03-02', amount: 85, method: 'cash' }));

    const mine = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' })) as { pdfBase64: string; entry: BatchEntry };
    const { text } = readPdf(Buffer.from(mine.pdfBase64, 'base64'));
    for (const theirs of ['Quillfeather', 'ZQ-999-ZZ', 'M72.2', '97810', '$85.00']) expect(text).not.toContain(theirs);
    expect(mine.entry.paid).toBe(0);
    expect(errorOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-04-01', to: '2026-04-30' })).message).toMatch(/No billed, signed visits/);

    const month = valueOf(await t.call('superbillMonth', { month: '2026-03' })) as BatchEntry[];
    expect(month.map((e) => [e.patientName, e.charged, e.paid])).toEqual([
      ['Zed Quillfeather', 8500, 8500],
      ['Ana Reyes', 5000, 0],
    ]);
  });
});

describe('a bill keeps what it was billed with', () => {
  const range = (t: { ana: Patient }) => ({ patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' });
  /** The case as its edit form sends it, with other diagnoses. */
  const withDiagnoses = (c: CareCase, diagnoses: { code: string; description?: string }[]) => ({
    id: c.id,
    patientId: c.patientId,
    conditionId: c.conditionId,
    conditionText: c.conditionText,
    side: c.side,
    onsetDate: c.onsetDate,
    startDate: c.startDate,
    goals: c.goals,
    diagnoses,
  });

  it('lines, codes, letters and fees stay as billed when the case codes and the fee schedule change later', async () => {
    const t = await billedClinic();
    valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813', { fee: 95 }), line('20561', { fee: 80 })] }));
    const before = await superbillData(t.ctx, range(t));

    // A code added in front of the case's list: letter A now names another diagnosis.
    valueOf(
      await t.call(
        'saveCase',
        withDiagnoses(t.careCase, [
          { code: 'M76.51', description: 'Patellar tendinitis, right knee' },
          ...t.careCase.diagnoses.map(({ code, description }) => ({ code, description })),
        ]),
      ),
    );
    const fees = (valueOf(await t.call('getFeeSchedule', {})) as { code: string; description: string; feeCents: number }[]).map((f) => ({
      code: f.code,
      description: f.description,
      fee: f.code === '97813' ? 120 : f.feeCents / 100,
    }));
    valueOf(await t.call('saveFeeSchedule', { entries: fees }));

    const after = await superbillData(t.ctx, range(t));
    expect(after.lines).toEqual(before.lines);
    expect(after.diagnoses).toEqual([{ pointer: 'A', code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }]);
    expect(after.diagnoses).toEqual(before.diagnoses);
    expect(after.totals).toEqual(before.totals);
    const billing = valueOf(await t.call('getVisitBilling', { visitId: t.visit.id })) as VisitBilling;
    expect(billing.lines.map((l) => [l.code, l.feeCents, l.diagnoses.map((d) => d.code)])).toEqual([
      ['97813', 9500, ['M76.31']],
      ['20561', 8000, ['M76.31']],
    ]);
    // New suggestions use today's fee; the billed line keeps its own.
    expect(billing.suggestions.find((s) => s.code === '97813')!.feeCents).toBe(12000);
  });

  it('refuses a superbill that would need more than 12 diagnoses, saying what to do', async () => {
    const t = await billedClinic();
    const codes = ['M76.31', 'M76.32', 'M76.51', 'M76.52', 'M72.2', 'M79.661', 'M79.662', 'M62.830', 'M25.561', 'M25.562', 'M22.2X1', 'M22.2X2'];
    valueOf(
      await t.call(
        'saveCase',
        withDiagnoses(
          t.careCase,
          codes.map((code) => ({ code, description: `Diagnosis ${code}` })),
        ),
      ),
    );
    const letters = 'ABCDEFGHIJKL'.split('');
    valueOf(
      await t.call('saveVisitBilling', {
        visitId: t.visit.id,
        lines: [
          line('97813', { pointers: letters.slice(0, 4) }),
          line('97814', { pointers: letters.slice(4, 8) }),
          line('20561', { pointers: letters.slice(8, 12) }),
        ],
      }),
    );
    expect((await superbillData(t.ctx, range(t))).diagnoses).toHaveLength(12);

    const v = await billedVisitOnNewCase(t, t.ana.id, { conditionText: 'Achilles tendinopathy', code: 'M76.62', startedAt: '2026-03-09T10:00' }, [
      line('97810'),
    ]);

    const error = errorOf(await t.call('superbill', range(t)));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'These dates of service need 13 diagnoses; a claim form holds 12 (A–L). Print a shorter date range, or one superbill per visit.',
    );
    expect(error.fields.to).toMatch(/13 diagnoses is more than 12/);
    // One visit at a time still prints.
    expect((valueOf(await t.call('superbill', { ...range(t), visitId: v.id })) as { entry: BatchEntry }).entry.charged).toBe(5000);
  });
});

describe('day rules that are judgment calls', () => {
  it('warns (never refuses) on dry needling with acupuncture the same day, until 59 or XS is on the line', async () => {
    const t = await billedClinic();
    const saved = valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813'), line('20561')] })) as VisitBilling;
    expect(saved.warnings).toEqual([{ line: 1, addModifier: 'XS', message: expect.stringMatching(/many payers want modifier 59 or XS/) as string }]);
    const fixed = valueOf(
      await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813'), line('20561', { modifiers: ['XS'] })] }),
    ) as VisitBilling;
    expect(fixed.warnings).toEqual([]);
  });

  it('bills an E/M code alone without modifier 25, and refuses 97813 × 2 units', async () => {
    const t = await billedClinic();
    expect((valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('99213')] })) as VisitBilling).lines.map((l) => l.code)).toEqual([
      '99213',
    ]);
    const error = errorOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813', { units: 2 })] }));
    expect(error.fields['lines.0.code']).toMatch(/97813 is one unit a day .* as 97814/);
  });

  it('counts left and right as two muscles and heads of one muscle as one, and muscle-only e-stim is not 97813', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', {
      triggerPoints: [
        { muscleId: 'gastrocnemius-medial', side: 'R' },
        { muscleId: 'gastrocnemius-lateral', side: 'R' },
      ],
      leadPairs: [
        {
          from: { kind: 'muscle', ref: 'gastrocnemius-medial', side: 'R' },
          to: { kind: 'muscle', ref: 'gastrocnemius-lateral', side: 'R' },
          frequency: '2',
          waveform: 'continuous',
          intensityMa: 2,
          minutes: 15,
        },
      ],
      reinserted: true,
    });
    valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    const b = valueOf(await t.call('getVisitBilling', { visitId: v.id })) as VisitBilling;
    expect(b.suggestions.map((s) => `${s.code}×${s.units}`)).toEqual(['97810×1', '97811×1', '20560×1']);
    expect(b.suggestions[2]!.rule).toMatch(/^Dry needling of 1 muscle: 20560/);
    expect(b.notes.join(' ')).toMatch(/between muscles only/);
  });
});

describe('acupuncture units from the rounds charted', () => {
  it('bills supine with e-stim then prone without as 97813 + 97811, and keeps the rounds on the signed visit', async () => {
    const t = await itbsClinic();
    const v = await chartVisit(t, '2026-03-02T10:00', {
      faceMinutes: 40,
      rounds: [
        { label: 'Supine', minutes: 15 },
        { label: 'Prone', minutes: 15 },
      ],
      acupoints: [
        { code: 'GB31', side: 'R', round: 0 },
        { code: 'GB34', side: 'R', round: 0 },
        { code: 'BL40', side: 'R', round: 1 },
      ],
      leadPairs: [{ ...ITBS_TREATMENT.leadPairs[0], round: 0 }],
      adjuncts: [{ kind: 'cupping', minutes: 8 }],
    });
    expect(v.rounds).toEqual([
      { label: 'Supine', minutes: 15 },
      { label: 'Prone', minutes: 15 },
    ]);
    const signed = valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id })) as Visit;
    expect(signed.acupoints.map((p) => `${p.code}@${p.round}`)).toEqual(['GB31@0', 'GB34@0', 'BL40@1']);
    const b = valueOf(await t.call('getVisitBilling', { visitId: v.id })) as VisitBilling;
    expect(b.suggestions.filter((s) => s.code.startsWith('978')).map((s) => `${s.code}×${s.units}`)).toEqual(['97813×1', '97811×1']);
    expect(b.notes).toContain('8 minutes of separately billed services (adjuncts, evaluation) are not acupuncture minutes.');
    await expect(t.db.run('UPDATE visit_round SET minutes = 30 WHERE visit_id = ?', [v.id])).rejects.toThrow(/signed visit/);
  });

  it('refuses a point in a round the visit does not have, naming the field', async () => {
    const t = await itbsClinic();
    const draft = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-03-02T10:00' })) as Visit;
    const error = errorOf(
      await t.call('saveVisit', {
        id: draft.id,
        providerId: t.mara.id,
        startedAt: '2026-03-02T10:00',
        rounds: [{ label: 'Supine', minutes: 15 }],
        acupoints: [{ code: 'GB34', side: 'R', round: 1 }],
      }),
    );
    expect(error.fields['acupoints.0.round']).toBe('Round 2 is not charted on this visit');
  });
});

describe('a superbill carries what the claim form asks', () => {
  it('prints the insured, relationship, account number, onset, referral, prior authorization, actual dates, claim sex and the signature date', async () => {
    const t = await billedClinic();
    valueOf(await t.call('saveVisitBilling', { visitId: t.visit.id, lines: [line('97813', { fee: 95 })] }));
    const p = valueOf(await t.call('getPatient', { id: t.ana.id })) as Patient;
    const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...patient } = p;
    valueOf(
      await t.call('savePatient', {
        ...patient,
        insurancePayer: 'Moda Health',
        insuranceMemberId: 'MOD123',
        insuredRelationship: 'spouse',
        insuredName: 'Jordan Reyes',
        insuredDateOfBirth: '1988-11-05',
        insuredAddressLine1: '4410 NE Going St',
        insuredCity: 'Portland',
        insuredState: 'or',
        insuredPostalCode: '97218',
      }),
    );
    const refused = errorOf(await t.call('savePatient', { ...patient, insuredRelationship: 'child', insuredName: '', insuredDateOfBirth: '' }));
    expect(refused.fields.insuredName).toMatch(/required when the patient is not the policyholder/);
    expect(refused.fields.insuredAddressLine1).toBe('Insured’s address is required when the patient is not the policyholder (claim form box 7)');
    valueOf(
      await t.call('saveCase', {
        id: t.careCase.id,
        patientId: t.ana.id,
        conditionId: 'it-band-syndrome',
        conditionText: 'IT band syndrome',
        side: 'right',
        onsetDate: '2026-02-16',
        startDate: '2026-03-02',
        diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
        referringName: 'Dr. Lena Park, MD',
        referringNpi: '1245319599',
        priorAuthorization: 'PA-778812',
        employmentRelated: false,
        autoAccident: true,
        autoAccidentState: 'WA',
        otherAccident: false,
      }),
    );
    expect(errorOf(await t.call('saveCase', { ...t.careCase, diagnoses: [], referringNpi: '1234567890' })).fields.referringNpi).toBeDefined();
    const { diagnoses: _d, ...kase } = t.careCase;
    expect(errorOf(await t.call('saveCase', { ...kase, autoAccident: true })).fields.autoAccidentState).toBe(
      'Auto accident state is required when the condition is related to an auto accident',
    );

    t.clock.set('2026-03-24T12:00:00Z');
    const pdf = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' })) as { fileName: string; pdfBase64: string };
    // The dates of service billed (one visit, Mar 2), not the month asked for.
    expect(pdf.fileName).toBe('Superbill Ana Reyes 2026-03-02.pdf');
    const { text } = readPdf(Buffer.from(pdf.pdfBase64, 'base64'));
    // Kept for a look (tests/.artifacts): box 7 and box 10 as the patient sees them.
    mkdirSync('tests/.artifacts', { recursive: true });
    writeFileSync(`tests/.artifacts/superbill-claim-boxes-${TEST_ENGINE}.pdf`, Buffer.from(pdf.pdfBase64, 'base64'));
    for (const expected of [
      'Jordan Reyes',
      'Nov 5, 1988',
      `Account no.`,
      String(t.ana.id).padStart(6, '0'),
      'onset Feb 16, 2026',
      'referred by Dr. Lena Park, MD, NPI 1245319599',
      'prior authorization PA-778812',
      'Date of service: Mar 2, 2026',
      'Mar 2, 2026',
      // Box 7.
      '4410 NE Going St',
      'Portland, OR 97218',
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/Condition related to \(box 10\): employment No\s+·\s+auto accident Yes \(WA\)\s+·\s+other accident No/);
    // Produced on Mar 24: in the header, and as the date beside the provider's signature.
    expect(text.match(/Mar 24, 2026/g)).toHaveLength(2);
    expect(text).toMatch(/Sex\s+F\b/);
    expect(text).toMatch(/Patient is\s+Spouse/);
  });
});

describe('encounters and NPI types', () => {
  it('bills an injury code with each visit’s encounter, the next visit following the one before', async () => {
    const t = await itbsClinic();
    const hamstring = valueOf(
      await t.call('saveCase', {
        patientId: t.ana.id,
        conditionId: 'hamstring-strain',
        conditionText: 'Hamstring strain',
        side: 'right',
        onsetDate: '2026-02-20',
        startDate: '2026-03-02',
        diagnoses: [{ code: 'S76.311A' }],
      }),
    ) as CareCase;
    const chart = async (startedAt: string, encounter?: string) => {
      const draft = valueOf(await t.call('createVisit', { caseId: hamstring.id, providerId: t.mara.id, startedAt })) as Visit;
      const saved = valueOf(
        await t.call('saveVisit', {
          id: draft.id,
          providerId: t.mara.id,
          startedAt,
          faceMinutes: 20,
          encounter: encounter ?? draft.encounter,
          acupoints: [{ code: 'BL40', side: 'R' }],
        }),
      ) as Visit;
      valueOf(await t.call('signVisit', { id: saved.id, providerId: t.mara.id }));
      valueOf(await t.call('saveVisitBilling', { visitId: saved.id, lines: [line('97810')] }));
      return { draft, saved };
    };
    const first = await chart('2026-03-02T10:00');
    expect(first.draft.encounter).toBe('A');
    const second = await chart('2026-03-09T10:00', 'D');
    const third = await chart('2026-03-16T10:00');
    expect(third.draft.encounter).toBe('D');
    const data = await superbillData(t.ctx, { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' });
    expect(data.diagnoses.map((d) => d.code)).toEqual(['S76.311A', 'S76.311D']);
    expect(data.lines.map((l) => `${l.dateOfService} ${data.diagnoses.find((d) => d.pointer === l.pointers[0])!.code}`)).toEqual([
      '2026-03-02 S76.311A',
      '2026-03-09 S76.311D',
      '2026-03-16 S76.311D',
    ]);
    expect(second.saved.encounter).toBe('D');
  });

  it('checks NPIs by their check digit only: a clinic’s organisation NPI starting with 1 is taken and printed as the billing NPI', async () => {
    const t = await itbsClinic();
    expect(errorOf(await t.call('saveClinic', { name: 'Stride Acupuncture', npi: '1456789018' })).fields.npi).toBe(
      'NPI check digit does not match — re-check the number',
    );
    valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820', npi: '1456789019' }));
    valueOf(await t.call('saveProvider', { name: 'Org Named', credentials: 'L.Ac.', npi: '2345678900' }));
    const v = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: v.id, providerId: t.mara.id }));
    valueOf(await t.call('saveVisitBilling', { visitId: v.id, lines: [line('97813')] }));
    const pdf = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31' })) as { pdfBase64: string };
    expect(readPdf(Buffer.from(pdf.pdfBase64, 'base64')).text).toMatch(/Billing NPI\s+1456789019/);
  });
});

describe('a provider licensed in several states', () => {
  it('prints on the superbill the license for the clinic’s state as of each date of service', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820', city: 'Portland', state: 'OR', postalCode: '97214' }));
    valueOf(
      await t.call('saveProvider', { id: t.mara.id, name: 'Mara Quinn', credentials: 'L.Ac.', npi: t.mara.npi, licenseNumber: 'AC-2291', licenseState: 'OR' }),
    );
    const first = await chartVisit(t, '2026-03-02T10:00');
    valueOf(await t.call('signVisit', { id: first.id, providerId: t.mara.id }));
    valueOf(await t.call('saveVisitBilling', { visitId: first.id, lines: [line('97813')] }));
    const superbill = async (visitId: number) =>
      readPdf(
        Buffer.from(
          (valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-03-01', to: '2026-03-31', visitId })) as { pdfBase64: string }).pdfBase64,
          'base64',
        ),
      ).text;
    expect(await superbill(first.id)).toContain('AC-2291 (OR)');

    // The clinic opens across the river; Mara adds her Washington license.
    valueOf(
      await t.call('saveProvider', {
        id: t.mara.id,
        name: 'Mara Quinn',
        credentials: 'L.Ac.',
        npi: t.mara.npi,
        licenseNumber: 'AC-2291',
        licenseState: 'OR',
        otherLicenses: [{ kind: 'L.Ac.', number: 'AC-60001', state: 'wa' }],
      }),
    );
    valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture Vancouver', taxId: '93-4417820', city: 'Vancouver', state: 'WA', postalCode: '98660' }));
    const later = await chartVisit(t, '2026-03-09T10:00');
    valueOf(await t.call('signVisit', { id: later.id, providerId: t.mara.id }));
    valueOf(await t.call('saveVisitBilling', { visitId: later.id, lines: [line('97813')] }));
    const text = await superbill(later.id);
    expect(text).toContain('AC-60001 (WA, L.Ac.)');
    expect(text).not.toContain('AC-2291');
    // The March 2 visit was rendered under the Oregon license, and still says so.
    expect(await superbill(first.id)).toContain('AC-2291 (OR)');

    const error = errorOf(
      await t.call('saveProvider', {
        id: t.mara.id,
        name: 'Mara Quinn',
        credentials: 'L.Ac.',
        npi: t.mara.npi,
        otherLicenses: [{ kind: 'L.Ac.', number: '', state: 'WA' }],
      }),
    );
    expect(error.fields['otherLicenses.0.number']).toBe('License number is required');
  });
});
