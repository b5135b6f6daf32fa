import { describe, expect, it } from 'vitest';
import type { CareCase } from '../../shared/case';
import { localIsoDateIn } from '../../shared/validation/dates';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/**
 * Each input rule on the real service: the call is refused, the message names the field, and
 * nothing was written. What the security review measured being accepted is each a row here.
 */
const patient = { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' };
const beyondAYear = localIsoDateIn(1, new Date(Date.now() + 3 * 86_400_000));

const refusals: [rule: string, channel: string, input: (t: Clinic) => unknown, field: string, message: RegExp][] = [
  ['NUL in a name', 'savePatient', () => ({ ...patient, firstName: 'An\u0000a' }), 'firstName', /First name contains a control character \(U\+0000\)/],
  ['ESC in a name', 'saveProvider', () => ({ name: 'Mara\u001b[31m', credentials: 'L.Ac.', npi: '1234567893' }), 'name', /Name contains a control character/],
  ['a line break in a one-line field', 'savePatient', () => ({ ...patient, lastName: 'Re\nyes' }), 'lastName', /Last name contains a line break/],
  ['a lone surrogate', 'savePatient', () => ({ ...patient, lastName: 'Re\ud800yes' }), 'lastName', /unpaired surrogate/],
  [
    'a control character in a signed addendum',
    'addAddendum',
    (t) => ({ kind: 'visit', id: t.signedVisitId, authorId: t.mara.id, text: 'ok\u0007' }),
    'text',
    /Addendum contains a control character/,
  ],
  [
    'a right-to-left override in a name',
    'savePatient',
    () => ({ ...patient, lastName: 'Re\u202Eseyr' }),
    'lastName',
    /Last name contains an invisible text-direction character \(U\+202E\)/,
  ],
  [
    'a direction isolate in a permanent addendum',
    'addAddendum',
    (t) => ({ kind: 'visit', id: t.signedVisitId, authorId: t.mara.id, text: 'Reviewed \u2066with patient\u2069' }),
    'text',
    /Addendum contains an invisible text-direction character \(U\+2066\)/,
  ],
  [
    'a zero-width space in a name',
    'saveProvider',
    () => ({ name: 'Mara\u200BQuinn', credentials: 'L.Ac.', npi: '1234567893' }),
    'name',
    /Name contains an invisible zero-width character \(U\+200B\)/,
  ],
  [
    'a byte-order mark in a one-line field',
    'saveCase',
    (t) => ({ ...t.caseInput, conditionText: 'IT band\uFEFF syndrome' }),
    'conditionText',
    /contains an invisible zero-width character \(U\+FEFF\)/,
  ],
  [
    'a zero-width joiner in a name',
    'savePatient',
    () => ({ ...patient, firstName: 'An\u200Da' }),
    'firstName',
    /First name contains an invisible joining character \(U\+200D\)/,
  ],
  [
    'tag characters in a name',
    'savePatient',
    () => ({ ...patient, firstName: 'Ana\u{E0069}\u{E0067}' }),
    'firstName',
    /First name contains an invisible tag character \(U\+E0069\)/,
  ],
  [
    'a tag character in a note',
    'saveVisit',
    (t) => ({ id: t.draftId, providerId: t.mara.id, startedAt: '2026-03-09T10:00', subjective: 'Knee better\u{E0041}' }),
    'subjective',
    /contains an invisible tag character \(U\+E0041\)/,
  ],
  ['an over-long name', 'savePatient', () => ({ ...patient, firstName: 'A'.repeat(81) }), 'firstName', /First name must be at most 80 characters/],
  ['hex as a number', 'savePatient', () => ({ ...patient, weeklyVolume: '0x1E' }), 'weeklyVolume', /Weekly volume must be a number/],
  ['an exponent as a number', 'savePatient', () => ({ ...patient, weeklyVolume: '3e1' }), 'weeklyVolume', /Weekly volume must be a number/],
  [
    'a 5,000,002-character e-stim frequency',
    'saveVisit',
    (t) => ({ id: t.draftId, providerId: t.mara.id, startedAt: '2026-03-09T10:00', leadPairs: [{ ...t.lead, frequency: '2'.repeat(5_000_002) }] }),
    'leadPairs.0.frequency',
    /Frequency must be at most 40 characters/,
  ],
  ['a birth in the future', 'savePatient', () => ({ ...patient, dateOfBirth: '2090-01-01' }), 'dateOfBirth', /Date of birth cannot be in the future/],
  ['a birth before 1900', 'savePatient', () => ({ ...patient, dateOfBirth: '1899-12-31' }), 'dateOfBirth', /Date of birth must be in 1900 or later/],
  [
    'a race more than a year ahead',
    'savePatient',
    () => ({ ...patient, races: [{ name: 'Boston', date: beyondAYear, distance: 'Marathon' }] }),
    'races.0.date',
    /Race date must be within a year from today/,
  ],
  [
    'a visit in 9999',
    'createVisit',
    (t) => ({ caseId: t.careCase.id, providerId: t.mara.id, startedAt: '9999-01-01T10:00' }),
    'startedAt',
    /Visit time must be within a year from today/,
  ],
  [
    'a payment in 9999',
    'addPayment',
    (t) => ({ patientId: t.ana.id, paidOn: '9999-12-31', amount: '95', method: 'card' }),
    'paidOn',
    /Payment date must be within a year from today/,
  ],
  [
    'a visit before its case started',
    'createVisit',
    (t) => ({ caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-02-20T10:00' }),
    'startedAt',
    /Visit time is before this case started \(2026-03-02\)/,
  ],
  [
    'a draft moved before its case started',
    'saveVisit',
    (t) => ({ id: t.draftId, providerId: t.mara.id, startedAt: '2026-03-01T10:00' }),
    'startedAt',
    /Visit time is before this case started/,
  ],
  ['an onset in the future', 'saveCase', (t) => ({ ...t.caseInput, onsetDate: '2090-01-01' }), 'onsetDate', /Onset date cannot be in the future/],
  ['an id beyond any record', 'getVisit', () => ({ id: 1e12 }), 'id', /id is out of range/],
];

async function clinic() {
  const t = await itbsClinic();
  const signed = await chartVisit(t, '2026-03-02T10:00');
  valueOf(await t.call('signVisit', { id: signed.id, providerId: t.mara.id }));
  const draft = await chartVisit(t, '2026-03-09T10:00');
  const caseInput = {
    id: t.careCase.id,
    patientId: t.ana.id,
    conditionText: 'IT band syndrome',
    side: 'right',
    onsetDate: '2026-02-16',
    startDate: '2026-03-02',
  };
  return { ...t, signedVisitId: signed.id, draftId: draft.id, lead: draft.leadPairs[0]!, caseInput };
}

type Clinic = Awaited<ReturnType<typeof clinic>>;

const rowCounts = async (t: Clinic) =>
  t.db.get(
    'SELECT (SELECT count(*) FROM patient) AS p, (SELECT count(*) FROM visit) AS v, (SELECT count(*) FROM audit_log) AS a, (SELECT count(*) FROM payment) AS pay',
  );

describe(`input rules (${TEST_ENGINE})`, () => {
  it.each(refusals)('refuses %s, naming the field, and writes nothing', async (_rule, channel, input, field, message) => {
    const t = await clinic();
    const before = await rowCounts(t);
    const error = errorOf(await t.call(channel, input(t)));
    expect(error.code).toBe('invalid_input');
    expect(error.fields[field]).toMatch(message);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('keeps newlines and tabs in notes, and takes plain decimals typed with spaces', async () => {
    const t = await clinic();
    const v = valueOf(
      await t.call('saveVisit', { id: t.draftId, providerId: t.mara.id, startedAt: '2026-03-09T10:00', subjective: 'Line one\r\n\tLine two' }),
    ) as Visit;
    expect(v.subjective).toBe('Line one\n\tLine two');
    // The joiners some scripts need are kept in a note (a Persian word with ZWNJ, an emoji family with ZWJ).
    const joined = valueOf(
      await t.call('saveVisit', { id: t.draftId, providerId: t.mara.id, startedAt: '2026-03-09T10:00', subjective: 'می\u200Cخواهم 👩\u200D👧' }),
    ) as Visit;
    expect(joined.subjective).toBe('می\u200Cخواهم 👩\u200D👧');
    const p = valueOf(await t.call('savePatient', { ...patient, weeklyVolume: ' 42.5 ' })) as { weeklyVolume: number };
    expect(p.weeklyVolume).toBe(42.5);
  });

  it('lets only an active provider sign or write an addendum', async () => {
    const t = await clinic();
    const mara = { id: t.mara.id, name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' };
    valueOf(await t.call('saveProvider', { ...mara, active: false }));
    expect(errorOf(await t.call('signVisit', { id: t.draftId, providerId: t.mara.id }))).toMatchObject({
      code: 'forbidden',
      fields: { providerId: 'Mara Quinn is inactive' },
    });
    expect(errorOf(await t.call('addAddendum', { kind: 'visit', id: t.signedVisitId, authorId: t.mara.id, text: 'Late note' }))).toMatchObject({
      code: 'forbidden',
      fields: { authorId: 'Mara Quinn is inactive' },
    });
    expect((valueOf(await t.call('getVisit', { id: t.draftId })) as Visit).signature).toBeNull();
    valueOf(await t.call('saveProvider', { ...mara, active: true }));
    expect((valueOf(await t.call('signVisit', { id: t.draftId, providerId: t.mara.id })) as Visit).signature?.providerName).toBe('Mara Quinn');
  });

  it('takes no visit and no signature on a discharged case until it is reopened, and audits the reopening', async () => {
    const t = await clinic();
    valueOf(await t.call('dischargeCase', { id: t.careCase.id, dischargedOn: '2026-04-01', reason: 'Goals met' }));
    expect(errorOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-04-02T10:00' })).message).toMatch(
      /discharged on 2026-04-01; reopen it/,
    );
    expect(errorOf(await t.call('signVisit', { id: t.draftId, providerId: t.mara.id })).message).toMatch(/case was discharged on 2026-04-01/);
    expect(errorOf(await t.call('reopenCase', { id: t.careCase.id, reason: '' })).fields.reason).toBe('Reason for reopening is required');

    const reopened = valueOf(await t.call('reopenCase', { id: t.careCase.id, reason: 'Flare-up after the half marathon' })) as CareCase;
    expect(reopened).toMatchObject({ status: 'active', dischargedOn: null, dischargeReason: null });
    expect(await t.db.all('SELECT discharged_on AS "dischargedOn", discharge_reason AS "dischargeReason", reason FROM case_reopening')).toEqual([
      { dischargedOn: '2026-04-01', dischargeReason: 'Goals met', reason: 'Flare-up after the half marathon' },
    ]);
    expect(await t.db.get("SELECT action, entity, detail FROM audit_log WHERE action = 'reopen'")).toEqual({
      action: 'reopen',
      entity: 'case',
      detail: 'discharged 2026-04-01',
    });
    valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt: '2026-04-02T10:00' }));
    expect(errorOf(await t.call('reopenCase', { id: t.careCase.id, reason: 'again' })).code).toBe('conflict');
  });
});
