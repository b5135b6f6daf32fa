import { useEffect, useRef } from 'react';
import { answerKnown, readNow, useRecord } from './query';
import type { ResultOf } from '../../shared/contract';

/**
 * One hook per record a screen shows, each keyed by its channel and input (renderer/src/query.ts):
 * a write of this seat's own, or another seat's change heard on the clinic's feed, marks them
 * stale and every screen holding one asks again. Nothing else in the renderer reads through `api`
 * (eslint.config.js refuses it).
 */
export const useVisit = (id: number) => useRecord('getVisit', { id });
export const useAssessment = (id: number) => useRecord('getAssessment', { id });
/** A case with its races and timeline; `id` null until the record naming it is in. */
export const useCase = (id: number | null) => useRecord('getCase', { id: id ?? 0 }, { enabled: id !== null });
export const usePatient = (id: number | null) => useRecord('getPatient', { id: id ?? 0 }, { enabled: id !== null });
/** The patient's safety screen and consents, which the chart warns from as points are entered. */
export const usePatientSafety = (patientId: number | null) => useRecord('patientSafety', { patientId: patientId ?? 0 }, { enabled: patientId !== null });
export const useFeeSchedule = () => useRecord('getFeeSchedule', {});
export const useVisitBilling = (visitId: number) => useRecord('getVisitBilling', { visitId });
export const useBackupStatus = () => useRecord('backupStatus', {});
/** A write's answer of the backup status (a backup, a folder chosen, the drill) made the panel's at once, under the read's own key. */
export const backupStatusKnown = (status: ResultOf<'backupStatus'>) => answerKnown('backupStatus', {}, status);
export const useClinic = () => useRecord('getClinic', {});
/** Asked ahead by the window with the session at start (App.tsx): the sign-in form shows them without asking again. */
export const useProviderList = (includeInactive: boolean) => useRecord('listProviders', { includeInactive }, { keptUntilWritten: true });
/** The sign-in form's list (`useProviderList(false)`), asked ahead with the window's first calls. */
export const askSignInProvidersAhead = () => void readNow('listProviders', { includeInactive: false });
export const useMcids = () => useRecord('getMcids', {});
export const useProtocols = (providerId: number, enabled = true) => useRecord('listProtocols', { providerId }, { enabled });
/** ICD-10-CM codes for what is typed in the case form (the whole code set, in the database process); nothing asked for an empty search. */
export const useDiagnosisSearch = (query: string) => useRecord('searchDiagnoses', { query, limit: 12 }, { enabled: query !== '', keepPrevious: true });
export const usePhraseList = (providerId: number | null) => useRecord('listPhrases', { providerId: providerId ?? 0 }, { enabled: providerId !== null });

/**
 * A form starts from the first answer; a later answer (this seat's save read back, another seat's
 * change) replaces the form's values only while nothing is typed in it, so a refetch never
 * overwrites what the practitioner is typing.
 */
export function useStartFrom<T>(value: T | undefined, start: (value: T) => void, typing: boolean): void {
  const started = useRef<T | undefined>(undefined);
  const given = useRef(start);
  useEffect(() => {
    given.current = start;
  });
  useEffect(() => {
    if (value === undefined || value === started.current) return;
    if (started.current !== undefined && typing) return;
    started.current = value;
    given.current(value);
  }, [value, typing]);
}
