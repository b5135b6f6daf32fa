import { useCallback, useEffect, useState } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import type { FormStatus } from '../components/useForm';
import {
  ASSESSMENT_KINDS,
  LIMB_SIDES,
  ORTHO_RESULTS,
  type Assessment,
  type AssessmentInput,
  type AssessmentKind,
  type LimbSide,
} from '../../../shared/assessment';
import type { CareCase } from '../../../shared/case';
import { searchMuscles, type Muscle } from '../../../shared/catalogs/muscles';
import { measuresFor, OUTCOME_MEASURES, type MeasureId } from '../../../shared/catalogs/outcome-measures';
import type { TimelineAssessment } from '../../../shared/timeline';
import { parseMuscleEntry } from '../../../shared/rules/chart-entry';
import { muscleName, scoreLabel, triggerPointLabel } from '../../../shared/rules/treatment-summary';
import { api } from '../api';
import { Addenda } from '../components/Addenda';
import { FormStatusLine } from '../components/Field';
import { SignDialog } from '../components/SignDialog';
import type { Outcome } from '../../../shared/outcome';
import { useAutosave } from '../components/useAutosave';
import { StaleDraftNotice, useDraftVersion } from '../components/useDraftVersion';
import { EntryBox } from '../chart/EntryBox';
import { formatDate, formatDateTime, toText } from '../format';
import { href, useLeaveGuard } from '../route';
import { useProviders } from '../useProviders';
import { useTcmFindings } from '../useTcmFindings';
import { usePhrases } from '../phrases';
import { TcmFields, toTcmValues, type TcmValues } from '../chart/TcmFields';
import { PsfsActivities, typedPsfsAverage, type PsfsRow } from '../chart/PsfsActivities';
import { hasFindings } from '../../../shared/tcm';
import { useSignShortcut } from '../components/useSignShortcut';

const KIND_LABEL: Record<AssessmentKind, string> = { initial: 'Initial assessment', reassessment: 'Re-assessment', discharge: 'Discharge assessment' };

type Text =
  | 'assessedOn'
  | 'chiefComplaint'
  | 'trainingLoad'
  | 'injuryHistory'
  | 'biomechanics'
  | 'sleepHours'
  | 'sleepQuality'
  | 'restingHr'
  | 'hrv'
  | 'rom'
  | 'palpation'
  | 'painCurrent'
  | 'painWorst'
  | 'painAverage'
  | 'assessmentText'
  | 'planText'
  | 'plannedSessions'
  | 'frequency';
type Values = Record<Text, string> & {
  kind: AssessmentKind;
  providerId: number;
  orthoTests: { name: string; side: LimbSide | ''; result: (typeof ORTHO_RESULTS)[number]; note: string }[];
  triggerPoints: { muscleId: string; side: LimbSide; note: string }[];
  scores: Record<MeasureId, string>;
  tcm: TcmValues;
  psfsActivities: PsfsRow[];
};

const TEXT_KEYS: Text[] = [
  'assessedOn',
  'chiefComplaint',
  'trainingLoad',
  'injuryHistory',
  'biomechanics',
  'sleepHours',
  'sleepQuality',
  'restingHr',
  'hrv',
  'rom',
  'palpation',
  'painCurrent',
  'painWorst',
  'painAverage',
  'assessmentText',
  'planText',
  'plannedSessions',
  'frequency',
];

function fromAssessment(a: Assessment): Values {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, toText(a[k])])) as Record<Text, string>;
  const scores = Object.fromEntries(OUTCOME_MEASURES.map((m) => [m.id, toText(a.outcomes.find((o) => o.measure === m.id)?.score)])) as Record<
    MeasureId,
    string
  >;
  return {
    ...text,
    kind: a.kind,
    providerId: a.providerId,
    orthoTests: a.orthoTests.map((t) => ({ name: t.name, side: t.side ?? '', result: t.result, note: toText(t.note) })),
    triggerPoints: a.triggerPoints.map((t) => ({ muscleId: t.muscleId, side: t.side, note: toText(t.note) })),
    scores,
    tcm: toTcmValues(a.tcm),
    psfsActivities: a.psfsActivities.map((p) => ({ activity: p.activity, score: toText(p.score) })),
  };
}

function toInput(a: Assessment, v: Values): AssessmentInput {
  const { scores, orthoTests, ...rest } = v;
  return {
    ...rest,
    id: a.id,
    caseId: a.caseId,
    orthoTests: orthoTests.map((t) => ({ ...t, side: t.side === '' ? null : t.side })),
    // A score box the practitioner filled is sent as typed; the contract says if it is out of range.
    outcomes: OUTCOME_MEASURES.filter((m) => scores[m.id].trim() !== '').map((m) => ({ measure: m.id, score: Number(scores[m.id]) })),
  };
}

export function AssessmentForm({ id }: { id: number }) {
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [careCase, setCareCase] = useState<CareCase | null>(null);
  const [earlier, setEarlier] = useState<TimelineAssessment[]>([]);
  const [allMeasures, setAllMeasures] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const providers = useProviders();
  const tcmOn = useTcmFindings();
  const { expand } = usePhrases();
  const draft = useAutosave<Values, AssessmentInput, Assessment>({
    key: `assessment.${id}`,
    toInput: (v) => toInput(assessment!, v),
    send: (input): Promise<Outcome<Assessment>> => versioned.saving((version) => api.saveAssessment({ ...input, version })),
    onSaved: setAssessment,
  });
  // Another seat may save this draft too: a save on top of theirs is refused, never overwrites it.
  const versioned = useDraftVersion<Assessment>({
    reread: () => api.getAssessment({ id }),
    showTheirs: (theirs) => {
      setAssessment(theirs);
      draft.replace(fromAssessment(theirs));
    },
    flush: (): Promise<boolean> => draft.flush(),
  });
  const { load } = draft;
  const { read } = versioned;
  useLeaveGuard(draft.dirty && draft.status.kind === 'error');

  useEffect(() => {
    void api.getAssessment({ id }).then((o) => {
      if (!o.ok) return setNotice(o.error.message);
      setAssessment(o.value);
      read(o.value);
      load(fromAssessment(o.value), o.value.signature === null);
      void api.getCase({ id: o.value.caseId }).then((c) => {
        if (!c.ok) return;
        setCareCase(c.value.careCase);
        // The case's other signed assessments, newest first: their scores are shown beside the boxes.
        setEarlier(
          c.value.timeline
            .filter((t): t is TimelineAssessment => t.kind === 'assessment' && t.id !== id && t.signature !== null)
            .sort((a, b) => b.at.localeCompare(a.at)),
        );
      });
    });
  }, [id, load, read]);

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
  useSignShortcut(assessment !== null && assessment.signature === null && draft.values !== null, requestSign);

  const v = draft.values;
  if (!assessment || !careCase || !v) return <p className="muted">{notice ?? 'Loading…'}</p>;
  const signed = assessment.signature !== null;
  const signer = providers.find((p) => p.id === v.providerId);
  const e = draft.errors;

  async function sign() {
    setSigning(false);
    const o = await api.signAssessment({ id, providerId: v!.providerId });
    if (!o.ok) return setNotice(`Not signed: ${o.error.message}`);
    draft.forget();
    setAssessment(o.value);
    setNotice(null);
  }

  const last = earlier[0];
  const lastScore = (measure: MeasureId) => {
    const found = earlier.find((a) => a.outcomes.some((o) => o.measure === measure));
    const score = found?.outcomes.find((o) => o.measure === measure)?.score;
    return found && score !== undefined ? `Last ${score} on ${formatDate(found.at.slice(0, 10))}` : undefined;
  };
  const scoredBefore = earlier.flatMap((a) => a.outcomes.map((o) => o.measure));
  const filled = OUTCOME_MEASURES.filter((m) => v.scores[m.id].trim() !== '').map((m) => m.id);
  const offered = new Set(measuresFor(careCase.conditionId, { reassessment: v.kind !== 'initial', scoredBefore: [...scoredBefore, ...filled] }));
  const shownMeasures = OUTCOME_MEASURES.filter((m) => m.id !== 'nprs' && (allMeasures || offered.has(m.id)));
  const hiddenCount = OUTCOME_MEASURES.filter((m) => m.id !== 'nprs').length - shownMeasures.length;

  const field = (key: Text, label: string, opts: { area?: boolean; hint?: string; type?: string } = {}) => (
    <div className={`field${opts.area ? ' field-wide' : ''}`}>
      <label htmlFor={`a-${key}`}>{label}</label>
      {opts.area ? (
        <textarea
          id={`a-${key}`}
          name={key}
          rows={2}
          value={v[key]}
          onChange={(ev) => draft.change((c) => ({ ...c, [key]: expand(ev.target.value) }))}
          aria-invalid={Boolean(e[key])}
        />
      ) : (
        <input
          id={`a-${key}`}
          name={key}
          type={opts.type ?? 'text'}
          value={v[key]}
          onChange={(ev) => draft.change((c) => ({ ...c, [key]: expand(ev.target.value) }))}
          aria-invalid={Boolean(e[key])}
        />
      )}
      {e[key] ? (
        <p className="field-error" data-field-error={key}>
          {e[key]}
        </p>
      ) : opts.hint ? (
        <p className="field-hint">{opts.hint}</p>
      ) : null}
    </div>
  );

  return (
    <section aria-labelledby="assessment-title">
      <header className="screen-head">
        <div>
          <a className="back" href={href({ screen: 'case', id: assessment.caseId })}>
            ← {careCase.patientName} · {careCase.conditionText}
          </a>
          <h1 id="assessment-title">
            {KIND_LABEL[assessment.kind]} {signed ? <span className="pill pill-signed">Signed</span> : <span className="pill pill-draft">Draft</span>}
          </h1>
        </div>
        {!signed ? (
          <div className="actions">
            <button type="button" className="button-primary" onClick={requestSign}>
              Sign assessment
            </button>
          </div>
        ) : null}
      </header>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {signed ? (
        <>
          <article className="signed-note" aria-label="Signed assessment">
            <p className="signed-by">
              Signed by {assessment.signature!.providerName}, {assessment.signature!.credentials} · {formatDateTime(assessment.signature!.signedAt)}
            </p>
            <dl className="note-fields">
              {(
                [
                  ['Date', formatDate(assessment.assessedOn)],
                  ['Chief complaint', assessment.chiefComplaint],
                  ['Training load', assessment.trainingLoad],
                  ['Injury history', assessment.injuryHistory],
                  ['Biomechanics', assessment.biomechanics],
                  [
                    'Recovery',
                    [
                      assessment.sleepHours !== null ? `sleep ${assessment.sleepHours} h` : null,
                      assessment.sleepQuality !== null ? `quality ${assessment.sleepQuality}/5` : null,
                      assessment.restingHr !== null ? `resting HR ${assessment.restingHr}` : null,
                      assessment.hrv !== null ? `HRV ${assessment.hrv} ms` : null,
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  ],
                  [
                    'Orthopedic tests',
                    assessment.orthoTests.map((t) => `${t.name}${t.side ? ` ${t.side}` : ''}: ${t.result}${t.note ? ` (${t.note})` : ''}`).join(' · '),
                  ],
                  ['Range of motion', assessment.rom],
                  ['Palpation', assessment.palpation],
                  ['Active trigger points', assessment.triggerPoints.map(triggerPointLabel).join(' · ')],
                  [
                    'Pain (now / worst / average)',
                    [assessment.painCurrent, assessment.painWorst, assessment.painAverage].some((p) => p !== null)
                      ? `${assessment.painCurrent ?? '–'} / ${assessment.painWorst ?? '–'} / ${assessment.painAverage ?? '–'}`
                      : null,
                  ],
                  ['Outcome measures', assessment.outcomes.map(scoreLabel).join(' · ')],
                  ['Assessment', assessment.assessmentText],
                  [
                    'Plan',
                    [assessment.planText, assessment.plannedSessions !== null ? `${assessment.plannedSessions} sessions` : null, assessment.frequency]
                      .filter(Boolean)
                      .join(' · '),
                  ],
                ] as const
              ).map(([label, value]) =>
                value ? (
                  <div key={label} className="note-field">
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ) : null,
              )}
            </dl>
          </article>
          <Addenda
            kind="assessment"
            id={assessment.id}
            addenda={assessment.addenda}
            providers={providers}
            defaultAuthor={assessment.providerId}
            onAdded={(a) => setAssessment({ ...assessment, addenda: [...assessment.addenda, a] })}
          />
        </>
      ) : (
        <form className="form" onSubmit={(ev) => ev.preventDefault()} aria-label="Assessment">
          <StaleDraftNotice draft={versioned} />
          {signBlocked && Object.keys(draft.errors).length > 0 ? <ErrorSummary status={signBlocked} errors={draft.errors} /> : null}
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
          <fieldset>
            <legend>Objective</legend>
            <h3>Orthopedic tests</h3>
            {v.orthoTests.map((t, i) => (
              <div className="ortho-row" key={i}>
                <input
                  aria-label={`Test ${i + 1} name`}
                  placeholder="Noble compression"
                  value={t.name}
                  onChange={(ev) => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, name: ev.target.value } : x)) }))}
                />
                <select
                  aria-label={`Test ${i + 1} side`}
                  value={t.side}
                  onChange={(ev) =>
                    draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, side: ev.target.value as LimbSide | '' } : x)) }))
                  }
                >
                  <option value="">—</option>
                  {LIMB_SIDES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
                <select
                  aria-label={`Test ${i + 1} result`}
                  value={t.result}
                  onChange={(ev) =>
                    draft.change((c) => ({
                      ...c,
                      orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, result: ev.target.value as typeof t.result } : x)),
                    }))
                  }
                >
                  {ORTHO_RESULTS.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                <input
                  aria-label={`Test ${i + 1} note`}
                  placeholder="Note"
                  value={t.note}
                  onChange={(ev) => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.map((x, j) => (j === i ? { ...x, note: ev.target.value } : x)) }))}
                />
                <button
                  type="button"
                  className="button-quiet"
                  aria-label={`Remove test ${i + 1}`}
                  onClick={() => draft.change((c) => ({ ...c, orthoTests: c.orthoTests.filter((_, j) => j !== i) }))}
                >
                  ×
                </button>
                {e[`orthoTests.${i}.name`] ? <p className="field-error">{e[`orthoTests.${i}.name`]}</p> : null}
              </div>
            ))}
            <button
              type="button"
              onClick={() => draft.change((c) => ({ ...c, orthoTests: [...c.orthoTests, { name: '', side: '', result: 'positive', note: '' }] }))}
            >
              Add test
            </button>
            <div className="grid-fields spaced">
              {field('rom', 'Range of motion', { area: true })}
              {field('palpation', 'Palpation', { area: true })}
            </div>
            <h3>Active trigger points found</h3>
            <EntryBox<Muscle>
              label="Add an active trigger point"
              name="assessment-trigger-point"
              placeholder="TFL R, glute med R…"
              suggest={(t) => searchMuscles(t.replace(/\s+(l|r|b)$/i, ''))}
              render={(m) => m.name}
              apply={(m) => m.aliases[0] ?? m.name}
              onEnter={(t) => {
                const entry = parseMuscleEntry(t, careCase.side);
                if (!entry.ok) return entry.problem;
                draft.change((c) => ({ ...c, triggerPoints: [...c.triggerPoints, { muscleId: entry.muscle.id, side: entry.side, note: '' }] }));
                return null;
              }}
            />
            <ul className="chips">
              {v.triggerPoints.map((t, i) => (
                <li key={i}>
                  {muscleName(t.muscleId)} {t.side}
                  <button
                    type="button"
                    className="button-quiet"
                    aria-label={`Remove ${muscleName(t.muscleId)} ${t.side}`}
                    onClick={() => draft.change((c) => ({ ...c, triggerPoints: c.triggerPoints.filter((_, j) => j !== i) }))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
          {tcmOn || hasFindings(assessment.tcm) ? (
            <TcmFields idPrefix="a-tcm" values={v.tcm} errors={draft.errors} onChange={(tcm) => draft.change((cur) => ({ ...cur, tcm }))} />
          ) : null}
          <fieldset>
            <legend>Pain and outcome measures</legend>
            <div className="grid-fields">
              {field(
                'painCurrent',
                'Pain now (0–10)',
                last?.painCurrent != null ? { hint: `Last ${last.painCurrent} on ${formatDate(last.at.slice(0, 10))}` } : {},
              )}
              {field('painWorst', 'Worst pain (0–10)')}
              {field('painAverage', 'Average pain (0–10)')}
            </div>
            <div className="grid-fields spaced">
              {shownMeasures.map((m, i) => {
                // Scores travel as a list of the filled boxes; errors come back by that list's index.
                const sent = OUTCOME_MEASURES.filter((x) => v.scores[x.id].trim() !== '').map((x) => x.id);
                const problem = e[`outcomes.${sent.indexOf(m.id)}.score`];
                return (
                  <div className="field" key={m.id}>
                    <label htmlFor={`score-${m.id}`}>
                      {m.short}{' '}
                      <span className="muted">
                        ({m.min}–{m.max})
                      </span>
                    </label>
                    <input
                      id={`score-${m.id}`}
                      name={`score-${m.id}`}
                      inputMode="decimal"
                      // With activities named, the PSFS is their average: worked out, not typed.
                      disabled={m.id === 'psfs' && v.psfsActivities.length > 0}
                      value={m.id === 'psfs' && v.psfsActivities.length > 0 ? String(typedPsfsAverage(v.psfsActivities) ?? '') : v.scores[m.id]}
                      aria-invalid={Boolean(problem)}
                      onChange={(ev) => draft.change((c) => ({ ...c, scores: { ...c.scores, [m.id]: ev.target.value } }))}
                      data-index={i}
                    />
                    {problem ? (
                      <p className="field-error" data-field-error={`score-${m.id}`}>
                        {problem}
                      </p>
                    ) : lastScore(m.id) ? (
                      <p className="field-hint">{lastScore(m.id)}</p>
                    ) : null}
                  </div>
                );
              })}
            </div>
            {hiddenCount > 0 ? (
              <button type="button" className="button-quiet" onClick={() => setAllMeasures(true)}>
                Show all measures ({hiddenCount} more)
              </button>
            ) : null}
            <PsfsActivities rows={v.psfsActivities} errors={e} onChange={(rows) => draft.change((c) => ({ ...c, psfsActivities: rows }))} />
          </fieldset>
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
            <button type="button" className="button-primary" onClick={requestSign}>
              Sign assessment
            </button>
            <button
              type="button"
              onClick={() => {
                if (!window.confirm('Discard this draft assessment?')) return;
                void api.deleteAssessment({ id }).then((o) => {
                  if (!o.ok) return setNotice(o.error.message);
                  draft.forget();
                  window.location.hash = href({ screen: 'case', id: assessment.caseId });
                });
              }}
            >
              Discard draft
            </button>
            <FormStatusLine status={draft.status} dirty={draft.dirty} />
            <span className="muted kbd-hint">Saves as you type</span>
          </div>
        </form>
      )}
      {signing && signer ? (
        <SignDialog what="assessment" signer={`${signer.name}, ${signer.credentials}`} onSign={() => void sign()} onCancel={() => setSigning(false)} />
      ) : null}
    </section>
  );
}
