import { ASSESSMENT_KINDS, type AssessmentKind } from '../../../shared/assessment';
import { hasFindings } from '../../../shared/tcm';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormStatusLine } from '../components/Field';
import { StaleDraftNotice } from '../components/useDraftVersion';
import { usePhrases } from '../phrases';
import { useTcmFindings } from '../useTcmFindings';
import { assessmentField } from './assessmentField';
import { AssessmentObjective } from './AssessmentObjective';
import { AssessmentScores } from './AssessmentScores';
import { KIND_LABEL, type Values } from './assessment-values';
import type { CareCase } from '../../../shared/case';
import { TcmFields } from './TcmFields';
import type { AssessmentFormState } from './useAssessmentForm';

/** The draft assessment's form: subjective, objective, TCM findings, pain and measures, assessment and plan. */
export function AssessmentDraft({ form, careCase, values: v }: { form: AssessmentFormState; careCase: CareCase; values: Values }) {
  const { draft, providers, assessment } = form;
  const tcmOn = useTcmFindings();
  const { expand } = usePhrases();
  const e = draft.errors;
  const field = assessmentField(v, e, draft.change, expand);
  return (
    <form className="form" onSubmit={(ev) => ev.preventDefault()} aria-label="Assessment">
      <StaleDraftNotice draft={form.versioned} />
      {form.signBlocked && Object.keys(draft.errors).length > 0 ? <ErrorSummary status={form.signBlocked} errors={draft.errors} /> : null}
      <fieldset>
        <legend>Assessment</legend>
        <div className="grid-fields">
          <div className="field">
            <label htmlFor="a-kind">Kind</label>
            <select id="a-kind" name="kind" value={v.kind} onChange={(ev) => draft.change((c) => ({ ...c, kind: ev.target.value as AssessmentKind }))}>
              {ASSESSMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </div>
          {field('assessedOn', 'Date', { type: 'date' })}
          <div className="field">
            <label htmlFor="a-provider">Provider</label>
            <select id="a-provider" value={v.providerId} onChange={(ev) => draft.change((c) => ({ ...c, providerId: Number(ev.target.value) }))}>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}, {p.credentials}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Subjective</legend>
        <div className="grid-fields">
          {field('chiefComplaint', 'Chief complaint', { area: true })}
          {field('trainingLoad', 'Training load', { area: true, hint: 'Weekly volume, long run, intensity, recent changes' })}
          {field('injuryHistory', 'Injury history', { area: true })}
          {field('biomechanics', 'Biomechanics', { area: true, hint: 'Gait, cadence, footwear, strength deficits' })}
          {field('sleepHours', 'Sleep (hours)')}
          {field('sleepQuality', 'Sleep quality (1–5)')}
          {field('restingHr', 'Resting heart rate')}
          {field('hrv', 'HRV (ms)')}
        </div>
      </fieldset>
      <AssessmentObjective values={v} errors={e} change={draft.change} field={field} careCase={careCase} />
      {tcmOn || hasFindings(assessment?.tcm ?? null) ? (
        <TcmFields idPrefix="a-tcm" values={v.tcm} errors={draft.errors} onChange={(tcm) => draft.change((cur) => ({ ...cur, tcm }))} />
      ) : null}
      <AssessmentScores values={v} errors={e} change={draft.change} field={field} careCase={careCase} earlier={form.earlier} />
      <fieldset>
        <legend>Assessment and plan</legend>
        <div className="grid-fields">
          {field('assessmentText', 'Assessment', { area: true })}
          {field('planText', 'Plan', { area: true })}
          {field('plannedSessions', 'Planned sessions')}
          {field('frequency', 'Frequency', { hint: 'e.g. weekly, twice a week' })}
        </div>
      </fieldset>
      <div className="form-actions sticky-actions">
        <button type="button" className="button-primary" onClick={form.requestSign}>
          Sign assessment
        </button>
        <button type="button" onClick={() => void form.discard()}>
          Discard draft
        </button>
        <FormStatusLine status={draft.status} dirty={draft.dirty} />
        <span className="muted kbd-hint">Saves as you type</span>
      </div>
    </form>
  );
}
