import { useCallback, useState } from 'react';
import { conditionById } from '../../../shared/catalogs/conditions';
import { muscleById } from '../../../shared/catalogs/muscles';
import { defaultSide } from '../../../shared/rules/chart-entry';
import { racesTooClose } from '../../../shared/rules/race-timing';
import { treatmentWarnings } from '../../../shared/rules/safety';
import type { Protocol } from '../../../shared/protocols';
import { api } from '../api';
import type { FormStatus } from '../components/useForm';
import { useVersionedDraft } from '../components/useVersionedDraft';
import { formatDateTime } from '../format';
import { readNow } from '../query';
import { useCase, usePatientSafety, useVisit } from '../reads';
import { navigate, useLeaveGuard } from '../route';
import { useProviders } from '../useProviders';
import { chartedTreatment, fromVisit, newPoint, newTriggerPoint, toInput, withPreviousVisit, withTreatment } from './visit-values';

/**
 * Everything the visit chart holds: the visit, its case and races, the patient's safety screen
 * (each a read that another seat's change refreshes), the draft that saves itself with its
 * version, and what the practitioner can do to it — start from the last visit or a protocol, sign,
 * discard. The views (screens/VisitChart.tsx, chart/VisitForm.tsx) only show it.
 */
export function useVisitChart(id: number) {
  const visitRead = useVisit(id);
  const {
    record: visit,
    draft,
    versioned,
  } = useVersionedDraft({
    key: `visit.${id}`,
    read: visitRead,
    reread: () => readNow('getVisit', { id }),
    toValues: fromVisit,
    toInput: (values) => toInput(id, values),
    save: (input, version) => api.saveVisit({ ...input, version }),
  });
  const caseRead = useCase(visit?.caseId ?? null);
  const careCase = caseRead.value?.careCase;
  const races = caseRead.value?.races ?? [];
  // The patient's safety screen as it is now: another seat's review shows in the warnings without a reload.
  const safetyRead = usePatientSafety(visit?.patientId ?? null);
  const safety = safetyRead.value;
  const providers = useProviders();
  const [notice, setNotice] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [copies, setCopies] = useState(0);
  useLeaveGuard(draft.dirty && draft.status.kind === 'error');

  const v = draft.values;
  const signed = visit?.signature != null;
  const tooClose = v ? racesTooClose(v.startedAt, races) : [];
  // Worked out from the chart as it is typed, so a warning shows the moment its point is entered.
  const warnings = v && safety && !signed ? treatmentWarnings(chartedTreatment(v), safety, v.startedAt.slice(0, 10)) : [];
  const signer = providers.find((p) => p.id === v?.providerId);

  // A sign attempt that the form's errors stop gets a summary at the top and focus on the first field.
  const [signBlocked, setSignBlocked] = useState<FormStatus | null>(null);
  const requestSign = useCallback(async () => {
    const ok = await draft.flush();
    setSignBlocked(ok ? null : { kind: 'error', message: 'fix the fields marked below, then sign' });
    if (ok) setSigning(true);
  }, [draft]);

  async function sign(overrideReason: string | null) {
    setSigning(false);
    const o = await api.signVisit({ id, providerId: v!.providerId, overrideReason });
    // The service's refusal may already say so ("Not signed: …"): not twice.
    if (!o.ok) return setNotice(/^not signed\b/i.test(o.error.message) ? o.error.message : `Not signed: ${o.error.message}`);
    draft.forget();
    setNotice(null);
  }

  async function startFromLast() {
    const o = await readNow('previousTreatment', { id });
    if (!o.ok) return setNotice(o.error.message);
    if (!o.value) return setNotice('This is the first visit of the case: there is no earlier treatment to copy.');
    const from = o.value;
    draft.change((cur) => withPreviousVisit(cur, from));
    setNotice(`Treatment copied from the visit of ${formatDateTime(from.startedAt)}. Edit anything that changed.`);
    // The copied minutes are focused and selected once they are drawn (VisitForm's effect on `copies`):
    // Tab keeps them, typing replaces them, and nothing typed lands before.
    setCopies((n) => n + 1);
  }

  function startFromProtocol() {
    const condition = careCase?.conditionId ? conditionById(careCase.conditionId) : undefined;
    if (!condition) return setNotice('This case has no catalog condition, so there is no protocol to offer.');
    const side = defaultSide(careCase!.side);
    draft.change((cur) => {
      const points = condition.targets.acupoints
        .filter((code) => !cur.acupoints.some((p) => p.code === code))
        .map((code) => newPoint(code, code.startsWith('GV') || code.startsWith('CV') ? 'M' : side, Math.max(0, cur.rounds.length - 1)));
      const muscles = condition.targets.muscles
        .filter((m) => muscleById(m) && !cur.triggerPoints.some((t) => t.muscleId === m))
        .map((m) => newTriggerPoint(m, side));
      return { ...cur, acupoints: [...cur.acupoints, ...points], triggerPoints: [...cur.triggerPoints, ...muscles] };
    });
    setNotice(`Added the usual ${condition.name} targets. Remove what you are not needling today.`);
  }

  function startFromSaved(p: Protocol) {
    draft.change((cur) => withTreatment(cur, p.treatment));
    setNotice(`Treatment from your protocol “${p.name}”. Edit anything that differs today.`);
  }

  async function discard() {
    if (!window.confirm('Discard this draft visit? What is typed in it will be deleted.')) return;
    const o = await api.deleteVisit({ id });
    if (!o.ok) return setNotice(o.error.message);
    draft.forget();
    navigate({ screen: 'case', id: visit!.caseId });
  }

  return {
    id,
    visitRead,
    caseRead,
    safetyRead,
    visit,
    careCase,
    safety,
    providers,
    draft,
    versioned,
    values: v,
    signed,
    tooClose,
    warnings,
    signer,
    notice,
    signing,
    setSigning,
    signBlocked,
    copies,
    requestSign,
    sign,
    startFromLast,
    startFromProtocol,
    startFromSaved,
    discard,
  };
}

export type VisitChartState = ReturnType<typeof useVisitChart>;
