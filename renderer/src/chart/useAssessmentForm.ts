import { useCallback, useState } from 'react';
import type { TimelineAssessment } from '../../../shared/timeline';
import { api } from '../api';
import type { FormStatus } from '../components/useForm';
import { useVersionedDraft } from '../components/useVersionedDraft';
import { readNow } from '../query';
import { useAssessment, useCase } from '../reads';
import { href, useLeaveGuard } from '../route';
import { useProviders } from '../useProviders';
import { fromAssessment, toInput } from './assessment-values';

const NONE: TimelineAssessment[] = [];

/**
 * Everything the assessment screen holds: the assessment and its case (reads another seat's change
 * refreshes), the case's earlier signed assessments whose scores show beside the boxes, the draft
 * that saves itself with its version, and signing and discarding. The views only show it.
 */
export function useAssessmentForm(id: number) {
  const assessmentRead = useAssessment(id);
  const {
    record: assessment,
    draft,
    versioned,
  } = useVersionedDraft({
    key: `assessment.${id}`,
    read: assessmentRead,
    reread: () => readNow('getAssessment', { id }),
    toValues: fromAssessment,
    toInput: (values, record) => toInput(record, values),
    save: (input, version) => api.saveAssessment({ ...input, version }),
  });
  const caseRead = useCase(assessment?.caseId ?? null);
  const careCase = caseRead.value?.careCase;
  // The case's other signed assessments, newest first: their scores are shown beside the boxes.
  const timeline = caseRead.value?.timeline;
  const earlier = timeline
    ? timeline.filter((t): t is TimelineAssessment => t.kind === 'assessment' && t.id !== id && t.signature !== null).sort((a, b) => b.at.localeCompare(a.at))
    : NONE;
  const providers = useProviders();
  const [notice, setNotice] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  useLeaveGuard(draft.dirty && draft.status.kind === 'error');

  const flush = draft.flush;
  // A sign attempt that the form's errors stop gets a summary at the top and focus on the first field.
  const [signBlocked, setSignBlocked] = useState<FormStatus | null>(null);
  const requestSign = useCallback(
    () =>
      void flush().then((ok) => {
        setSignBlocked(ok ? null : { kind: 'error', message: 'fix the fields marked below, then sign' });
        if (ok) setSigning(true);
      }),
    [flush],
  );

  const v = draft.values;
  const signer = providers.find((p) => p.id === v?.providerId);

  async function sign() {
    setSigning(false);
    const o = await api.signAssessment({ id, providerId: v!.providerId });
    if (!o.ok) return setNotice(`Not signed: ${o.error.message}`);
    draft.forget();
    setNotice(null);
  }

  async function discard() {
    if (!window.confirm('Discard this draft assessment?')) return;
    const o = await api.deleteAssessment({ id });
    if (!o.ok) return setNotice(o.error.message);
    draft.forget();
    window.location.hash = href({ screen: 'case', id: assessment!.caseId });
  }

  return {
    id,
    assessmentRead,
    caseRead,
    assessment,
    careCase,
    earlier,
    providers,
    draft,
    versioned,
    values: v,
    signed: assessment != null && assessment.signature !== null,
    signer,
    notice,
    signing,
    setSigning,
    signBlocked,
    requestSign,
    sign,
    discard,
  };
}

export type AssessmentFormState = ReturnType<typeof useAssessmentForm>;
