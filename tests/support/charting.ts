import type { Assessment } from '../../shared/assessment';
import type { CareCase } from '../../shared/case';
import type { Patient } from '../../shared/patient';
import type { Provider } from '../../shared/provider';
import type { Visit } from '../../shared/visit';
import { createService } from '../../db/service';
import { dispatch } from '../../shared/dispatch';
import { testClock } from './clock';
import { reopenableDb, testDb, valueOf } from './db';

/** A clinic with two providers and a runner with right IT band syndrome, ready to chart. */
export async function itbsClinic() {
  const t = await testDb();
  valueOf(await t.call('saveClinic', { name: 'Stride Acupuncture', taxId: '93-4417820' }));
  const mara = valueOf(await t.call('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' })) as Provider;
  const theo = valueOf(await t.call('saveProvider', { name: 'Theo Lindqvist', credentials: 'DPT', npi: '1245319599' })) as Provider;
  const ana = valueOf(await t.call('savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' })) as Patient;
  const careCase = valueOf(
    await t.call('saveCase', {
      patientId: ana.id,
      conditionId: 'it-band-syndrome',
      conditionText: 'IT band syndrome',
      side: 'right',
      onsetDate: '2026-02-16',
      startDate: '2026-03-02',
      diagnoses: [{ code: 'M76.31', description: 'Iliotibial band syndrome, right leg' }],
      goals: 'Run the Portland Marathon pain-free',
    }),
  ) as CareCase;
  return { ...t, mara, theo, ana, careCase };
}

export const ITBS_TREATMENT = {
  acupoints: [
    { code: 'GB31', side: 'R' },
    { code: 'GB34', side: 'R' },
    { code: 'ST36', side: 'B' },
  ],
  triggerPoints: [
    { muscleId: 'tensor-fasciae-latae', side: 'R', twitch: true, passes: 4 },
    { muscleId: 'gluteus-medius', side: 'R', passes: 3 },
    { muscleId: 'vastus-lateralis', side: 'R' },
  ],
  leadPairs: [
    {
      from: { kind: 'acupoint', ref: 'GB31', side: 'R' },
      to: { kind: 'acupoint', ref: 'GB34', side: 'R' },
      frequency: '2',
      waveform: 'continuous',
      intensityMa: 2.5,
      minutes: 20,
    },
  ],
};

export type ItbsClinic = Awaited<ReturnType<typeof itbsClinic>>;

/** Creates a draft visit and fills it with the IT band treatment. */
export async function chartVisit(t: ItbsClinic, startedAt: string, extra: Record<string, unknown> = {}): Promise<Visit> {
  const draft = valueOf(await t.call('createVisit', { caseId: t.careCase.id, providerId: t.mara.id, startedAt })) as Visit;
  return valueOf(
    await t.call('saveVisit', {
      id: draft.id,
      providerId: t.mara.id,
      startedAt,
      faceMinutes: 30,
      subjective: 'Lateral knee pain at mile 6 of long runs, easing.',
      painBefore: 6,
      painAfter: 3,
      ...ITBS_TREATMENT,
      ...extra,
    }),
  ) as Visit;
}

/** Saves a draft assessment on the IT band case: an initial LEFS 52, pain 6, unless `extra` says otherwise (with `id`, saves that draft again). */
export async function draftAssessment(t: ItbsClinic, extra: Record<string, unknown> = {}): Promise<Assessment> {
  return valueOf(
    await t.call('saveAssessment', {
      caseId: t.careCase.id,
      providerId: t.mara.id,
      kind: 'initial',
      assessedOn: '2026-03-02',
      painCurrent: 6,
      outcomes: [{ measure: 'lefs', score: 52 }],
      ...extra,
    }),
  ) as Assessment;
}

/** Saves and signs an assessment on the IT band case: an initial LEFS 52, pain 6, unless `extra` says otherwise. */
export async function signedAssessment(t: ItbsClinic, extra: Record<string, unknown> = {}): Promise<Assessment> {
  const a = await draftAssessment(t, { assessmentText: 'ITBS', ...extra });
  return valueOf(await t.call('signAssessment', { id: a.id, providerId: t.mara.id })) as Assessment;
}

/**
 * On a real database that is closed again: a signed visit with an addendum and a draft visit,
 * charted through the service. For tests that then reach the file as another tool would.
 */
export async function signedVisitOnFile() {
  const place = reopenableDb();
  const db = await place.open();
  const clock = testClock();
  const service = createService(
    { db, now: clock.now, actor: 'test' },
    { appVersion: 'test', databaseFile: db.location, schemaVersion: () => db.schemaVersion() },
  );
  const call = (channel: string, input: unknown) =>
    dispatch(service, channel, input, (e) => {
      throw e;
    });
  const mara = valueOf(await call('saveProvider', { name: 'Mara Quinn', credentials: 'L.Ac.', npi: '1234567893' })) as { id: number };
  const ana = valueOf(await call('savePatient', { firstName: 'Ana', lastName: 'Reyes', dateOfBirth: '1990-04-02', sex: 'female' })) as { id: number };
  const c = valueOf(
    await call('saveCase', {
      patientId: ana.id,
      conditionText: 'IT band syndrome',
      side: 'right',
      onsetDate: '2026-02-16',
      startDate: '2026-03-02',
      diagnoses: [{ code: 'M76.31' }],
    }),
  ) as { id: number };
  const chart = async (startedAt: string) => {
    const v = valueOf(await call('createVisit', { caseId: c.id, providerId: mara.id, startedAt })) as Visit;
    return valueOf(
      await call('saveVisit', { id: v.id, providerId: mara.id, startedAt, faceMinutes: 30, subjective: 'Knee better', ...ITBS_TREATMENT }),
    ) as Visit;
  };
  const signed = await chart('2026-03-02T10:00');
  valueOf(await call('signVisit', { id: signed.id, providerId: mara.id }));
  valueOf(await call('addAddendum', { kind: 'visit', id: signed.id, authorId: mara.id, text: 'Mild bruising reported' }));
  const draft = await chart('2026-03-09T10:00');
  await db.close();
  return { place, signed: signed.id, draft: draft.id, provider: mara.id, caseId: c.id, patientId: ana.id };
}
