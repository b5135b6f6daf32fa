import { useEffect, useRef, type MutableRefObject } from 'react';
import type { CareCase } from '../../../shared/case';
import { takesEncounter } from '../../../shared/catalogs/conditions';
import { hasFindings } from '../../../shared/tcm';
import type { Encounter } from '../../../shared/visit';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormStatusLine } from '../components/Field';
import { usePhrases } from '../phrases';
import { useTcmFindings } from '../useTcmFindings';
import { AfterTheVisit } from './AfterTheVisit';
import { ChartWarnings } from './ChartWarnings';
import { TcmSection } from './TcmSection';
import { TreatmentEditor } from './TreatmentEditor';
import type { VisitChartState } from './useVisitChart';
import type { VisitValues } from './visit-values';

type TextKey =
  | 'subjective'
  | 'objective'
  | 'assessmentText'
  | 'plan'
  | 'homeCare'
  | 'nextVisitPlan'
  | 'faceMinutes'
  | 'evaluationMinutes'
  | 'painBefore'
  | 'painAfter'
  | 'startedAt';

/** The draft visit's form: the visit's facts, TCM findings, safety warnings, the treatment, the SOAP note and what follows the visit. */
export function VisitForm({
  chart,
  careCase,
  values: v,
  entryRef,
}: {
  chart: VisitChartState;
  careCase: CareCase;
  values: VisitValues;
  entryRef: MutableRefObject<HTMLInputElement | null>;
}) {
  const { draft, providers, warnings, visit } = chart;
  const tcmOn = useTcmFindings();
  const { expand } = usePhrases();
  const minutesRef = useRef<HTMLInputElement>(null);
  const { copies } = chart;
  useEffect(() => {
    if (copies === 0) return;
    minutesRef.current?.focus();
    minutesRef.current?.select();
  }, [copies]);

  const text = (key: TextKey) => ({
    name: key,
    value: v[key],
    onChange: (e: { target: { value: string } }) => draft.change((cur) => ({ ...cur, [key]: expand(e.target.value) })),
    'aria-invalid': Boolean(draft.errors[key]),
  });
  const err = (key: string) =>
    draft.errors[key] ? (
      <p className="field-error" data-field-error={key}>
        {draft.errors[key]}
      </p>
    ) : null;

  return (
    <form className="form" onSubmit={(e) => e.preventDefault()} aria-label="Visit chart">
      {chart.signBlocked && Object.keys(draft.errors).length > 0 ? <ErrorSummary status={chart.signBlocked} errors={draft.errors} /> : null}
      <fieldset>
        <legend>Visit</legend>
        <div className="grid-fields visit-facts">
          <div className="field">
            <label htmlFor="visit-provider">Provider</label>
            <select
              id="visit-provider"
              name="providerId"
              value={v.providerId}
              onChange={(e) => draft.change((cur) => ({ ...cur, providerId: Number(e.target.value) }))}
            >
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}, {p.credentials}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="visit-start">Time</label>
            <input id="visit-start" type="datetime-local" {...text('startedAt')} />
            {err('startedAt')}
          </div>
          <div className="field">
            <label htmlFor="visit-minutes">Face-to-face</label>
            <input id="visit-minutes" ref={minutesRef} inputMode="numeric" placeholder="minutes" {...text('faceMinutes')} />
            {err('faceMinutes')}
          </div>

          <div className="field">
            <label htmlFor="visit-pain-before">Pain before</label>
            <input id="visit-pain-before" inputMode="numeric" placeholder="0–10" {...text('painBefore')} />
            {err('painBefore')}
          </div>
          <div className="field">
            <label htmlFor="visit-pain-after">Pain after</label>
            <input id="visit-pain-after" inputMode="numeric" placeholder="0–10" {...text('painAfter')} />
            {err('painAfter')}
          </div>
          <div className="field">
            <label htmlFor="visit-evaluation">E/M min</label>
            <input
              id="visit-evaluation"
              inputMode="numeric"
              placeholder="if billed"
              title="Evaluation (E/M) minutes, if billed separately"
              {...text('evaluationMinutes')}
            />
            {err('evaluationMinutes')}
          </div>
          {careCase.diagnoses.some((d) => takesEncounter(d.code)) ? (
            <div className="field visit-facts-wide">
              <label htmlFor="visit-encounter">Encounter (7th character of injury codes)</label>
              <select
                id="visit-encounter"
                name="encounter"
                value={v.encounter ?? 'A'}
                onChange={(e) => draft.change((cur) => ({ ...cur, encounter: e.target.value as Encounter }))}
              >
                <option value="A">A: initial (active treatment)</option>
                <option value="D">D: subsequent (healing, recovery)</option>
                <option value="S">S: sequela</option>
              </select>
              {err('encounter')}
            </div>
          ) : null}
        </div>
      </fieldset>

      {tcmOn || hasFindings(visit?.tcm ?? null) ? (
        <TcmSection providerId={v.providerId} values={v.tcm} errors={draft.errors} onChange={(tcm) => draft.change((cur) => ({ ...cur, tcm }))} />
      ) : null}
      <div className="charting">
        <div className="charting-main">
          <TreatmentEditor
            values={v}
            change={draft.change}
            errors={draft.errors}
            caseSide={careCase.side}
            entryRef={(el) => {
              entryRef.current = el;
            }}
          />
        </div>
        <ChartWarnings warnings={warnings} />
      </div>

      <fieldset>
        <legend>SOAP note</legend>
        <div className="soap">
          {(
            [
              ['subjective', 'Subjective', 'How the runner is: pain, training since last visit, sleep'],
              ['objective', 'Objective', 'Findings today: palpation, ROM, tests'],
              ['assessmentText', 'Assessment', 'Response to treatment so far'],
              ['plan', 'Plan', 'What comes next'],
            ] as const
          ).map(([key, label, placeholder]) => (
            <div className="field" key={key}>
              <label htmlFor={`visit-${key}`}>{label}</label>
              <textarea id={`visit-${key}`} rows={3} placeholder={placeholder} {...text(key)} />
              {err(key)}
            </div>
          ))}
        </div>
      </fieldset>

      <AfterTheVisit chart={chart} values={v} text={text} />

      <div className="form-actions sticky-actions">
        <button type="button" className="button-primary" onClick={() => void chart.requestSign()}>
          Sign visit
        </button>
        <button type="button" onClick={() => void chart.discard()}>
          Discard draft
        </button>
        <FormStatusLine status={draft.status} dirty={draft.dirty} />
        {warnings.length > 0 ? (
          <span className="footer-warnings" data-warning-count={warnings.length}>
            {warnings.length === 1 ? '1 safety warning' : `${warnings.length} safety warnings`}
            {warnings.some((w) => w.needsOverride) ? ' · signing asks for a reason' : ''}
          </span>
        ) : null}
        <span className="muted kbd-hint">Saves as you type · Ctrl+Enter signs</span>
      </div>
    </form>
  );
}
