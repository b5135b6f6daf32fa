import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit';
import type { PatientSafety } from '../../shared/safety';
import type { Visit } from '../../shared/visit';
import { verifyLedger } from '../../db/queries/ledger';
import { chartVisit, itbsClinic } from '../support/charting';
import { errorOf, TEST_ENGINE, valueOf } from '../support/db';

/**
 * The safety screen and consents on a patient, and what they do to signing: e-stim for a patient
 * with an implanted device is signed only with a written reason, kept on the signed note and
 * audited by rule; the other warnings are kept with the note as it was signed.
 */
describe(`safety screen and consents (${TEST_ENGINE})`, () => {
  const screen = (patientId: number, over: Record<string, unknown> = {}) => ({
    patientId,
    pregnant: true,
    dueDate: '2026-08-20',
    implantedDevice: true,
    reviewedOn: '2026-03-01',
    ...over,
  });

  it('keeps the screen and consents, audits them by field name only, and names bad input by field', async () => {
    const t = await itbsClinic();
    expect(valueOf(await t.call('patientSafety', { patientId: t.ana.id }))).toEqual({ screen: null, consents: [] });
    valueOf(await t.call('saveSafetyScreen', screen(t.ana.id, { precautions: 'Vasovagal once in 2024' })));
    const saved = valueOf(
      await t.call('addConsent', { patientId: t.ana.id, kind: 'acupuncture', signedOn: '2026-03-01', formVersion: 'ACU-2026.1' }),
    ) as PatientSafety;
    expect(saved.screen).toMatchObject({
      pregnant: true,
      dueDate: '2026-08-20',
      implantedDevice: true,
      bleedingRisk: false,
      precautions: 'Vasovagal once in 2024',
    });
    expect(saved.consents).toEqual([{ id: expect.any(Number), kind: 'acupuncture', signedOn: '2026-03-01', formVersion: 'ACU-2026.1' }]);
    valueOf(await t.call('saveSafetyScreen', screen(t.ana.id, { pregnant: false, dueDate: '', precautions: 'Vasovagal once in 2024' })));

    const log = valueOf(await t.call('auditLog', { patientId: t.ana.id, limit: 10 })) as AuditPage;
    const details = log.entries.filter((e) => e.action !== 'view').map((e) => e.detail);
    expect(details.slice(0, 3)).toEqual(['safety screen: pregnant, dueDate', 'consent: acupuncture', 'safety screen: screen recorded']);
    expect(JSON.stringify(log)).not.toContain('Vasovagal');

    expect(errorOf(await t.call('saveSafetyScreen', screen(t.ana.id, { pregnant: false }))).fields).toEqual({
      dueDate: 'Due date is only for a pregnant patient',
    });
    expect(errorOf(await t.call('saveSafetyScreen', screen(t.ana.id, { reviewedOn: '2099-01-01' }))).fields).toHaveProperty('reviewedOn');
    expect(errorOf(await t.call('addConsent', { patientId: t.ana.id, kind: 'massage', signedOn: '2026-03-01', formVersion: 'v1' })).fields).toEqual({
      kind: 'Consent must be acupuncture, dry needling, electroacupuncture or cupping',
    });
    expect(errorOf(await t.call('addConsent', { patientId: 9999, kind: 'cupping', signedOn: '2026-03-01', formVersion: 'v1' })).code).toBe('not_found');
  });

  it('signs e-stim for a patient with an implanted device only with a written reason, kept on the note and audited', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('saveSafetyScreen', screen(t.ana.id)));
    // The IT band treatment has a GB31–GB34 lead pair: e-stim.
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const refused = errorOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id }));
    expect(refused).toMatchObject({
      code: 'invalid_input',
      message: 'E-stim charted for a patient with a pacemaker or other implanted electrical device: write the reason to sign anyway.',
      fields: { overrideReason: 'Override reason is required to sign over this warning' },
    });
    expect((valueOf(await t.call('getVisit', { id: visit.id })) as Visit).signature).toBeNull();

    const reason = 'Cardiologist cleared distal low-intensity e-stim below the knee in writing (letter on file).';
    const signed = valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id, overrideReason: reason })) as Visit;
    expect(signed.signature).not.toBeNull();
    expect(signed.safetyOverride).toBe(reason);
    expect(signed.signedWarnings).toEqual([
      'E-stim charted for a patient with a pacemaker or other implanted electrical device',
      'No signed consent on file for acupuncture, dry needling, electroacupuncture',
    ]);
    const log = valueOf(await t.call('auditLog', { action: 'override', limit: 5 })) as AuditPage;
    expect(log.entries.map((e) => [e.entity, e.entityId, e.detail])).toEqual([['visit', visit.id, 'safety: estim_implanted_device']]);
    // The reason is part of the signed row: sealed, and never changed after.
    await expect(t.db.run('UPDATE visit SET safety_override = NULL WHERE id = ?', [visit.id])).rejects.toThrow(/signed visit/);
    expect((await verifyLedger(t.db)).problems).toEqual([]);
  });

  it('needs no reason once the warning is gone: no device, or no e-stim', async () => {
    const t = await itbsClinic();
    valueOf(await t.call('saveSafetyScreen', screen(t.ana.id, { implantedDevice: false })));
    for (const kind of ['acupuncture', 'dry_needling', 'electroacupuncture'])
      valueOf(await t.call('addConsent', { patientId: t.ana.id, kind, signedOn: '2026-03-01', formVersion: 'v1' }));
    const visit = await chartVisit(t, '2026-03-02T10:00');
    const signed = valueOf(await t.call('signVisit', { id: visit.id, providerId: t.mara.id })) as Visit;
    expect(signed).toMatchObject({ signedWarnings: [], safetyOverride: null });
  });
});
