import { describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/visit';
import { chartVisit, itbsClinic } from '../support/charting';
import { valueOf } from '../support/db';

/**
 * A signing answers with the visit as signed without reading it back (db/queries/visits.ts): the
 * answer must be, field for field, the visit as the database holds it afterwards — the signature,
 * the warnings signed over, the override's reason and the safety screen as it stood.
 */
const CASES: { name: string; screen: Record<string, unknown> | null; treatment?: Record<string, unknown>; overrideReason?: string; warned: boolean }[] = [
  { name: 'no safety screen on file (a warning kept with the signature)', screen: null, warned: true },
  {
    name: 'a screen with nothing flagged, acupoints only, consent on file',
    screen: { reviewedOn: '2026-03-01' },
    treatment: { triggerPoints: [], leadPairs: [] },
    warned: false,
  },
  {
    name: 'an implanted device under e-stim, signed over with a reason',
    screen: { implantedDevice: true, precautions: 'Pacemaker since 2019', reviewedOn: '2026-03-01' },
    overrideReason: 'Cardiologist cleared low-intensity TENS below the waist',
    warned: true,
  },
  {
    name: 'anticoagulants and a pregnancy on the screen',
    screen: { bleedingRisk: true, pregnant: true, dueDate: '2026-10-20', reviewedOn: '2026-03-01' },
    warned: true,
  },
];

describe("a signing's answer", () => {
  for (const c of CASES) {
    it(`is the visit as read afterwards: ${c.name}`, async () => {
      const t = await itbsClinic();
      if (c.screen) valueOf(await t.call('saveSafetyScreen', { patientId: t.ana.id, ...c.screen }));
      if (!c.warned) valueOf(await t.call('addConsent', { patientId: t.ana.id, kind: 'acupuncture', signedOn: '2026-03-01', formVersion: 'v1' }));
      const draft = await chartVisit(t, '2026-03-02T10:00', c.treatment);
      const answer = valueOf(
        await t.call('signVisit', { id: draft.id, providerId: t.mara.id, ...(c.overrideReason ? { overrideReason: c.overrideReason } : {}) }),
      ) as Visit;
      const stored = valueOf(await t.call('getVisit', { id: draft.id })) as Visit;
      expect(answer).toEqual(stored);
      // The answer says what signing changed (a test that compared two drafts would pass too).
      expect(answer.signature).toMatchObject({ providerId: t.mara.id, providerName: 'Mara Quinn', credentials: 'L.Ac.' });
      expect(answer.screenAtSigning).not.toBeNull();
      expect(answer.signedWarnings.length > 0, answer.signedWarnings.join('; ')).toBe(c.warned);
      expect(answer.safetyOverride).toBe(c.overrideReason ?? null);
    });
  }
});
