import { describe, expect, it } from 'vitest';
import type { VisitBilling } from '../../shared/billing';
import type { CareCase } from '../../shared/case';
import type { DiagnosisHit } from '../../shared/icd10cm/search';
import type { ReviewPage } from '../../shared/review';
import type { Visit } from '../../shared/visit';
import { superbillFor } from '../../db/queries/superbills';
import { itbsClinic } from '../support/charting';
import { errorOf, valueOf } from '../support/db';
import { readPdf } from '../support/pdf';

type Clinic = Awaited<ReturnType<typeof itbsClinic>>;

const openCase = (t: Clinic, codes: string[], extra: Record<string, unknown> = {}) =>
  t.call('saveCase', {
    patientId: t.ana.id,
    conditionText: 'Tibial stress fracture',
    side: 'right',
    onsetDate: '2026-01-20',
    startDate: '2026-02-02',
    diagnoses: codes.map((code) => ({ code })),
    ...extra,
  });

/** A signed, billed 97810 visit on the case with the encounter given (or the one the draft takes). */
async function billedVisit(t: Clinic, caseId: number, startedAt: string, encounter?: 'A' | 'D' | 'S') {
  const draft = valueOf(await t.call('createVisit', { caseId, providerId: t.mara.id, startedAt })) as Visit;
  valueOf(
    await t.call('saveVisit', {
      id: draft.id,
      providerId: t.mara.id,
      startedAt,
      faceMinutes: 20,
      encounter: encounter ?? draft.encounter,
      acupoints: [{ code: 'ST36', side: 'R' }],
    }),
  );
  valueOf(await t.call('signVisit', { id: draft.id, providerId: t.mara.id }));
  return valueOf(await t.call('saveVisitBilling', { visitId: draft.id, lines: [{ code: '97810', units: 1, fee: 90, pointers: ['A'] }] })) as VisitBilling;
}

describe('case diagnoses are codes of the set, with the set’s descriptions', () => {
  it.each([
    ['M22.2X3', 'M22.2X3 is not an ICD-10-CM code: M22.2X1 right knee, M22.2X2 left knee, M22.2X9 unspecified knee'],
    ['M99.99', /^M99\.99 is not an ICD-10-CM code: .*M99\.9 Biomechanical lesion, unspecified/],
    [
      'M62.83',
      'M62.83 is a category header, not a billable code: choose M62.830 Muscle spasm of back, M62.831 Muscle spasm of calf, M62.838 Other muscle spasm',
    ],
    ['M79.6', /^M79\.6 is a category header, not a billable code: choose M79\.601 Pain in right arm, .* and \d+ more \(search M79\.6\)$/],
  ])('refuses %s, naming the real codes on the field, and writes nothing', async (code, message) => {
    const t = await itbsClinic();
    const before = (valueOf(await t.call('listCases', { patientId: t.ana.id })) as CareCase[]).length;
    const error = errorOf(await openCase(t, ['M76.31', code]));
    expect(error.code).toBe('invalid_input');
    expect(error.fields['diagnoses.1.code']).toMatch(message);
    expect(valueOf(await t.call('listCases', { patientId: t.ana.id }))).toHaveLength(before);
  });

  it('stores the set’s description, whatever description is sent, and any billable code beyond the catalog', async () => {
    const t = await itbsClinic();
    const c = valueOf(
      await t.call('saveCase', {
        patientId: t.ana.id,
        conditionText: 'Calf cramps',
        side: 'right',
        onsetDate: '2026-01-20',
        startDate: '2026-02-02',
        diagnoses: [{ code: 'm62831', description: 'my own words' }, { code: 'M84.361K' }],
      }),
    ) as CareCase;
    expect(c.diagnoses).toEqual([
      { code: 'M62.831', description: 'Muscle spasm of calf', pointer: 'A', inCatalog: true },
      { code: 'M84.361K', description: 'Stress fracture, right tibia, subsequent encounter for fracture with nonunion', pointer: 'B', inCatalog: true },
    ]);
  });

  it('flags a code stored before codes were checked, fills its blank description, and refuses to bill it', async () => {
    const t = await itbsClinic();
    const c = valueOf(await openCase(t, ['M76.31'])) as CareCase;
    // Saved by an earlier version, which took any well-formed code with any description, or none.
    await t.ctx.db.run('UPDATE case_diagnosis SET code = ?, description = ? WHERE case_id = ?', ['M62.83', 'Muscle spasm', c.id]);
    await t.ctx.db.run('INSERT INTO case_diagnosis (case_id, position, code, description) VALUES (?, 1, ?, NULL)', [c.id, 'M76.32']);
    const read = valueOf(await t.call('listCases', { patientId: t.ana.id })) as CareCase[];
    expect(read.find((x) => x.id === c.id)!.diagnoses).toEqual([
      { code: 'M62.83', description: 'Muscle spasm', pointer: 'A', inCatalog: false },
      { code: 'M76.32', description: 'Iliotibial band syndrome, left leg', pointer: 'B', inCatalog: true },
    ]);
    const draft = valueOf(await t.call('createVisit', { caseId: c.id, providerId: t.mara.id, startedAt: '2026-02-02T09:00' })) as Visit;
    valueOf(
      await t.call('saveVisit', {
        id: draft.id,
        providerId: t.mara.id,
        startedAt: '2026-02-02T09:00',
        faceMinutes: 20,
        acupoints: [{ code: 'ST36', side: 'R' }],
      }),
    );
    valueOf(await t.call('signVisit', { id: draft.id, providerId: t.mara.id }));
    const refused = errorOf(await t.call('saveVisitBilling', { visitId: draft.id, lines: [{ code: '97810', units: 1, fee: 90, pointers: ['B', 'A'] }] }));
    expect(refused.fields['lines.0.pointers']).toMatch(/^Diagnosis A: M62\.83 is a category header, not a billable code: choose M62\.830/);
  });
});

describe('the 7th character, by the code’s own family', () => {
  it('bills a stress fracture coded K as K on every visit, whatever the visit’s encounter', async () => {
    const t = await itbsClinic();
    const c = valueOf(await openCase(t, ['M84.361K'])) as CareCase;
    const first = await billedVisit(t, c.id, '2026-02-02T09:00');
    const later = await billedVisit(t, c.id, '2026-02-09T09:00', 'D');
    const sequela = await billedVisit(t, c.id, '2026-02-16T09:00', 'S');
    for (const b of [first, later, sequela]) {
      expect(b.lines[0]!.diagnoses).toEqual([
        { code: 'M84.361K', description: 'Stress fracture, right tibia, subsequent encounter for fracture with nonunion' },
      ]);
    }
    const g = valueOf(await openCase(t, ['M84.361G'], { conditionText: 'Delayed union' })) as CareCase;
    expect((await billedVisit(t, g.id, '2026-02-03T09:00', 'A')).lines[0]!.diagnoses[0]!.code).toBe('M84.361G');
  });

  it('prints S86.891D with “subsequent encounter”: the description always matches the full code', async () => {
    const t = await itbsClinic();
    const c = valueOf(await openCase(t, ['S86.891A'], { conditionText: 'Shin splints' })) as CareCase;
    await billedVisit(t, c.id, '2026-02-02T09:00', 'A');
    const second = await billedVisit(t, c.id, '2026-02-09T09:00', 'D');
    expect(second.diagnoses[0]).toMatchObject({
      code: 'S86.891D',
      description: 'Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, subsequent encounter',
    });
    const data = await superbillFor(t.ctx, { patientId: t.ana.id, from: '2026-02-01', to: '2026-02-28' });
    expect(data.diagnoses.map((d) => `${d.code} ${d.description}`)).toEqual([
      'S86.891A Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, initial encounter',
      'S86.891D Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, subsequent encounter',
    ]);
    const pdf = valueOf(await t.call('superbill', { patientId: t.ana.id, from: '2026-02-01', to: '2026-02-28' })) as { pdfBase64: string };
    const text = readPdf(Buffer.from(pdf.pdfBase64, 'base64')).text.replace(/\s+/g, ' ');
    expect(text).toContain('S86.891D');
    expect(text).toMatch(/right leg, subsequent\s?encounter/);
  });

  it('keeps what a signed bill printed when the case is recoded later', async () => {
    const t = await itbsClinic();
    const c = valueOf(await openCase(t, ['M84.361A'])) as CareCase;
    const billed = await billedVisit(t, c.id, '2026-02-02T09:00', 'A');
    valueOf(await t.call('saveCase', { id: c.id, ...caseFields(t), diagnoses: [{ code: 'M84.361G' }] }));
    const again = valueOf(await t.call('getVisitBilling', { visitId: billed.visitId })) as VisitBilling;
    expect(again.lines[0]!.diagnoses).toEqual([{ code: 'M84.361A', description: 'Stress fracture, right tibia, initial encounter for fracture' }]);
  });
});

const caseFields = (t: Clinic) => ({
  patientId: t.ana.id,
  conditionText: 'Tibial stress fracture',
  side: 'right',
  onsetDate: '2026-01-20',
  startDate: '2026-02-02',
});

describe('diagnosis search through the contract', () => {
  it('finds codes by prefix, words and runner’s words, the practitioner’s own codes before the rest', async () => {
    const t = await itbsClinic();
    const search = async (query: string, limit?: number) => valueOf(await t.call('searchDiagnoses', { query, ...(limit ? { limit } : {}) })) as DiagnosisHit[];
    expect((await search('m766')).map((h) => h.code)).toEqual(['M76.60', 'M76.61', 'M76.62']);
    expect((await search('achilles left tendinitis')).map((h) => h.code)).toEqual(['M76.62']);
    expect((await search('shin splints'))[0]).toEqual({
      code: 'S86.891A',
      description: 'Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, initial encounter',
      condition: 'Shin splints (MTSS)',
      recent: false,
    });
    // Mara charts a calf-spasm case: her code now leads the other spasm codes.
    const c = valueOf(await openCase(t, ['M62.831'], { conditionText: 'Calf spasm' })) as CareCase;
    const draft = valueOf(await t.call('createVisit', { caseId: c.id, providerId: t.mara.id, startedAt: '2026-02-02T09:00' })) as Visit;
    expect(draft.id).toBeGreaterThan(0);
    const spasm = await search('muscle spasm');
    expect(spasm[0]).toMatchObject({ code: 'M62.831', recent: true });
    expect(await search('', 5)).toEqual([]);
    expect(errorOf(await t.call('searchDiagnoses', { query: 'x', limit: 500 })).fields.limit).toBe('Limit must be at most 50');
  });
});

describe('the code set’s year on Review', () => {
  it('flags an open case whose code the newest year shipped does not bill, and clears it once recoded', async () => {
    const t = await itbsClinic();
    // A code the set no longer bills, as a case opened under an earlier year (or before codes were checked) holds it.
    await t.ctx.db.run('UPDATE case_diagnosis SET code = ? WHERE case_id = ?', ['M54.5', t.careCase.id]);
    await t.ctx.db.run('INSERT INTO review_stale (case_id) VALUES (?) ON CONFLICT DO NOTHING', [t.careCase.id]);
    const flagged = valueOf(await t.call('reviewCases', {})) as ReviewPage;
    const row = flagged.rows.find((r) => r.caseId === t.careCase.id)!;
    expect(row.flags.find((f) => f.kind === 'code_not_billable')).toMatchObject({ title: 'M54.5 not billable in ICD-10-CM FY2026' });
    const mark = await t.ctx.db.get<{ day: string }>('SELECT day FROM review_day');
    expect(mark!.day).toMatch(/ ICD-10-CM FY2026$/);
    valueOf(await t.call('saveCase', { id: t.careCase.id, ...caseFields(t), conditionText: 'Low back pain', diagnoses: [{ code: 'M54.50' }] }));
    const cleared = valueOf(await t.call('reviewCases', {})) as ReviewPage;
    expect(cleared.rows.find((r) => r.caseId === t.careCase.id)!.flags.map((f) => f.kind)).not.toContain('code_not_billable');
  });

  it('makes every row again when the pass was made with another year’s code set', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('reviewCases', {}));
    await t.ctx.db.run('UPDATE case_diagnosis SET code = ? WHERE case_id = ?', ['M54.5', t.careCase.id]);
    // Written outside the service (no stale mark), as an update's new year finds the file: only the year in the mark differs.
    await t.ctx.db.run('DELETE FROM review_stale');
    await t.ctx.db.run(`UPDATE review_day SET day = replace(day, 'FY2026', 'FY2025')`);
    const page = valueOf(await t.call('reviewCases', {})) as ReviewPage;
    expect(page.rows.find((r) => r.caseId === t.careCase.id)!.flags.map((f) => f.kind)).toContain('code_not_billable');
  });
});
