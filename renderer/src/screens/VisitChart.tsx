import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorSummary } from '../components/ErrorSummary';
import type { FormStatus } from '../components/useForm';
import type { CareCase } from '../../../shared/case';
import { conditionById, takesEncounter } from '../../../shared/catalogs/conditions';
import { muscleById } from '../../../shared/catalogs/muscles';
import { defaultSide } from '../../../shared/rules/chart-entry';
import { hoursBeforeRace, racesTooClose, type RaceRef } from '../../../shared/rules/race-timing';
import { ADVERSE_EVENT_KINDS, type Encounter, type Visit, type VisitInput } from '../../../shared/visit';
import { api } from '../api';
import { Addenda } from '../components/Addenda';
import { BillingPanel } from '../components/BillingPanel';
import { FormStatusLine } from '../components/Field';
import { SignDialog } from '../components/SignDialog';
import type { Outcome } from '../../../shared/outcome';
import { useAutosave } from '../components/useAutosave';
import { useRead } from '../query';
import { StaleDraftNotice, useDraftVersion } from '../components/useDraftVersion';
import { useSession } from '../session';
import { ADVERSE_EVENT_LABEL } from '../chart/labels';
import { SignedVisit } from '../chart/SignedVisit';
import { TreatmentEditor } from '../chart/TreatmentEditor';
import { chartedTreatment, fromVisit, newPoint, newTriggerPoint, toInput, withPreviousVisit, withTreatment, type VisitValues } from '../chart/visit-values';
import { treatmentWarnings } from '../../../shared/rules/safety';
import type { PatientSafety } from '../../../shared/safety';
import { formatDate, formatDateTime } from '../format';
import { href, navigate, useLeaveGuard } from '../route';
import { useProviders } from '../useProviders';
import { useTcmFindings } from '../useTcmFindings';
import { usePhrases } from '../phrases';
import { TcmFields } from '../chart/TcmFields';
import { ProtocolMenu } from '../chart/ProtocolMenu';
import { hasFindings } from '../../../shared/tcm';
import { useSignShortcut } from '../components/useSignShortcut';

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

/**
 * The chart, for use at the treatment table: every field saves itself as it is typed, the
 * treatment goes in from the keyboard (`ST36 B` Enter), and Ctrl+Enter signs.
 */
export function VisitChart({ id }: { id: number }) {
  const [visit, setVisit] = useState<Visit | null>(null);
  const [careCase, setCareCase] = useState<CareCase | null>(null);
  const [races, setRaces] = useState<RaceRef[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [safety, setSafety] = useState<PatientSafety | null>(null);
  const providers = useProviders();
  const tcmOn = useTcmFindings();
  const { expand } = usePhrases();
  const minutesRef = useRef<HTMLInputElement>(null);
  const entryRef = useRef<HTMLInputElement | null>(null);
  const lastVisitRef = useRef<HTMLButtonElement>(null);

  const draft = useAutosave<VisitValues, VisitInput, Visit>({
    key: `visit.${id}`,
    toInput: (v) => toInput(id, v),
    send: (input): Promise<Outcome<Visit>> => versioned.saving((version) => api.saveVisit({ ...input, version })),
    onSaved: setVisit,
  });
  // Another seat may save this draft too: a save on top of theirs is refused, never overwrites it.
  const versioned = useDraftVersion<Visit>({
    reread: () => api.getVisit({ id }),
    showTheirs: (theirs) => {
      setVisit(theirs);
      draft.replace(fromVisit(theirs));
    },
    flush: (): Promise<boolean> => draft.flush(),
  });
  const session = useSession();
  const [noteRefused, setNoteRefused] = useState(false);
  const { load } = draft;
  const { read } = versioned;
  useLeaveGuard(draft.dirty && draft.status.kind === 'error');

  useEffect(() => {
    void api.getVisit({ id }).then((o) => {
      if (!o.ok) {
        setNoteRefused(o.error.code === 'forbidden');
        return setError(o.error.message);
      }
      read(o.value);
      setVisit(o.value);
      load(fromVisit(o.value), o.value.signature === null);
      void api.patientSafety({ patientId: o.value.patientId }).then((s) => s.ok && setSafety(s.value));
      void api.getCase({ id: o.value.caseId }).then((c) => {
        if (!c.ok) return;
        setCareCase(c.value.careCase);
        setRaces(c.value.races);
      });
    });
  }, [id, load, read]);

  // Land where the practitioner starts: "Start from last visit" on a repeat visit, else the point entry.
  const focused = useRef(false);
  // The form renders once its values are in (from the record, or unsaved typing read back from the data file).
  const ready = draft.values !== null;
  useEffect(() => {
    if (focused.current || !visit || !careCase || !ready || visit.signature) return;
    focused.current = true;
    const empty = visit.acupoints.length + visit.triggerPoints.length === 0;
    if (empty && visit.number > 1) lastVisitRef.current?.focus();
    else entryRef.current?.focus();
  }, [visit, careCase, ready]);

  const [copies, setCopies] = useState(0);
  useEffect(() => {
    if (copies === 0) return;
    minutesRef.current?.focus();
    minutesRef.current?.select();
  }, [copies]);

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

  useSignShortcut(!signed, requestSign);

  // The front desk bills a visit without reading it: the server refuses its login the note text.
  if (error && noteRefused && session?.seat?.role === 'front_desk') return <FrontDeskVisit id={id} />;
  if (error) return <p role="alert">{error}</p>;
  if (!visit || !careCase || !v) return <p className="muted">Loading…</p>;

  async function sign(overrideReason: string | null) {
    setSigning(false);
    const o = await api.signVisit({ id, providerId: v!.providerId, overrideReason });
    if (!o.ok) {
      setNotice(`Not signed: ${o.error.message}`);
      return;
    }
    draft.forget();
    setVisit(o.value);
    setNotice(null);
  }

  async function startFromLast() {
    const o = await api.previousTreatment({ id });
    if (!o.ok) return setNotice(o.error.message);
    if (!o.value) return setNotice('This is the first visit of the case: there is no earlier treatment to copy.');
    const from = o.value;
    draft.change((cur) => withPreviousVisit(cur, from));
    setNotice(`Treatment copied from the visit of ${formatDateTime(from.startedAt)}. Edit anything that changed.`);
    // The copied minutes are focused and selected once they are drawn (the render that draws them
    // runs the effect below): Tab keeps them, typing replaces them, and nothing typed lands before.
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

  async function discard() {
    if (!window.confirm('Discard this draft visit? What is typed in it will be deleted.')) return;
    const o = await api.deleteVisit({ id });
    if (!o.ok) return setNotice(o.error.message);
    draft.forget();
    navigate({ screen: 'case', id: visit!.caseId });
  }

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
    <section aria-labelledby="visit-title" className="chart">
      <header className="screen-head">
        <div>
          <a className="back" href={href({ screen: 'case', id: visit.caseId })}>
            ← {careCase.patientName} · {careCase.conditionText}
          </a>
          <h1 id="visit-title">
            Visit {visit.number} {signed ? <span className="pill pill-signed">Signed</span> : <span className="pill pill-draft">Draft</span>}
          </h1>
        </div>
        {!signed ? (
          <div className="actions">
            <button type="button" ref={lastVisitRef} onClick={() => void startFromLast()}>
              Start from last visit
            </button>
            <ProtocolMenu
              providerId={v.providerId}
              catalogName={careCase.conditionId ? (conditionById(careCase.conditionId)?.name ?? null) : null}
              onCatalog={startFromProtocol}
              onProtocol={(p) => {
                draft.change((cur) => withTreatment(cur, p.treatment));
                setNotice(`Treatment from your protocol “${p.name}”. Edit anything that differs today.`);
              }}
              saveFrom={async () => ((await draft.flush()) ? id : null)}
            />
            <button type="button" className="button-primary" onClick={() => void requestSign()} title="Ctrl+Enter">
              Sign visit
            </button>
          </div>
        ) : null}
      </header>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {tooClose.length && (signed ? visit.triggerPoints.length : v.triggerPoints.length) ? (
        <p className="race-warning" role="alert">
          <strong>Race timing:</strong>{' '}
          {tooClose.map((r) => `${r.name} (${r.distance}) starts ${Math.round(hoursBeforeRace(v.startedAt, r))} hours after this visit`).join('; ')}. Avoid
          aggressive dry needling in the 48–72 hours before a race; use a gentle protocol.
        </p>
      ) : null}
      {draft.restored && !signed ? <p className="notice">Restored what you typed last time that had not reached the data file yet.</p> : null}
      {signed ? null : <StaleDraftNotice draft={versioned} />}

      {signed ? (
        <>
          <SignedVisit visit={visit} />
          <BillingPanel visitId={visit.id} />
          <Addenda
            kind="visit"
            id={visit.id}
            addenda={visit.addenda}
            providers={providers}
            defaultAuthor={visit.providerId}
            onAdded={(a) => setVisit({ ...visit, addenda: [...visit.addenda, a] })}
          />
        </>
      ) : (
        <form className="form" onSubmit={(e) => e.preventDefault()} aria-label="Visit chart">
          {signBlocked && Object.keys(draft.errors).length > 0 ? <ErrorSummary status={signBlocked} errors={draft.errors} /> : null}
          <fieldset>
            <legend>Visit</legend>
            <div className="grid-fields">
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
                <label htmlFor="visit-minutes">Face-to-face minutes</label>
                <input id="visit-minutes" ref={minutesRef} inputMode="numeric" {...text('faceMinutes')} />
                {err('faceMinutes')}
              </div>

              <div className="field">
                <label htmlFor="visit-pain-before">Pain before (0–10)</label>
                <input id="visit-pain-before" inputMode="numeric" {...text('painBefore')} />
                {err('painBefore')}
              </div>
              <div className="field">
                <label htmlFor="visit-pain-after">Pain after (0–10)</label>
                <input id="visit-pain-after" inputMode="numeric" {...text('painAfter')} />
                {err('painAfter')}
              </div>
              <div className="field">
                <label htmlFor="visit-evaluation">Evaluation (E/M) minutes</label>
                <input id="visit-evaluation" inputMode="numeric" placeholder="if billed separately" {...text('evaluationMinutes')} />
                {err('evaluationMinutes')}
              </div>
              {careCase.diagnoses.some((d) => takesEncounter(d.code)) ? (
                <div className="field">
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

          {tcmOn || hasFindings(visit.tcm) ? (
            <TcmFields idPrefix="visit-tcm" values={v.tcm} errors={draft.errors} onChange={(tcm) => draft.change((cur) => ({ ...cur, tcm }))} />
          ) : null}
          {warnings.length > 0 ? (
            <ul className="safety-warnings" aria-label="Safety warnings" role="status">
              {warnings.map((w) => (
                <li key={w.kind + w.title} className={w.needsOverride ? 'safety-warning safety-warning-override' : 'safety-warning'} data-warning={w.kind}>
                  <strong>{w.title}</strong>
                  <span className="flag-rule">{w.rule}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <TreatmentEditor
            values={v}
            change={draft.change}
            errors={draft.errors}
            caseSide={careCase.side}
            entryRef={(el) => {
              entryRef.current = el;
            }}
          />

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

          <fieldset>
            <legend>After the visit</legend>
            <div className="soap">
              <div className="field">
                <label htmlFor="visit-homeCare">Home care</label>
                <textarea id="visit-homeCare" rows={2} placeholder="Heat, mobility, strength work, load changes" {...text('homeCare')} />
              </div>
              <div className="field">
                <label htmlFor="visit-nextVisitPlan">Next-visit plan</label>
                <textarea id="visit-nextVisitPlan" rows={2} placeholder="When, and what to reassess" {...text('nextVisitPlan')} />
              </div>
            </div>
            <div className="adverse">
              <h2 className="subheading">Adverse events</h2>
              {v.adverseEvents.map((e, i) => (
                <div key={i} className="adverse-row">
                  <select
                    aria-label={`Adverse event ${i + 1}`}
                    value={e.kind}
                    onChange={(ev) =>
                      draft.change((cur) => ({
                        ...cur,
                        adverseEvents: cur.adverseEvents.map((x, j) => (j === i ? { ...x, kind: ev.target.value as typeof e.kind } : x)),
                      }))
                    }
                  >
                    {ADVERSE_EVENT_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {ADVERSE_EVENT_LABEL[k]}
                      </option>
                    ))}
                  </select>
                  <input
                    aria-label={`Adverse event ${i + 1} note`}
                    placeholder="Where, how much, what was done"
                    value={e.note}
                    onChange={(ev) =>
                      draft.change((cur) => ({ ...cur, adverseEvents: cur.adverseEvents.map((x, j) => (j === i ? { ...x, note: ev.target.value } : x)) }))
                    }
                  />
                  <button
                    type="button"
                    className="button-quiet"
                    aria-label={`Remove adverse event ${i + 1}`}
                    onClick={() => draft.change((cur) => ({ ...cur, adverseEvents: cur.adverseEvents.filter((_, j) => j !== i) }))}
                  >
                    ×
                  </button>
                </div>
              ))}
              <button type="button" onClick={() => draft.change((cur) => ({ ...cur, adverseEvents: [...cur.adverseEvents, { kind: 'bruising', note: '' }] }))}>
                Add adverse event
              </button>
            </div>
          </fieldset>

          <div className="form-actions sticky-actions">
            <button type="button" className="button-primary" onClick={() => void requestSign()}>
              Sign visit
            </button>
            <button type="button" onClick={() => void discard()}>
              Discard draft
            </button>
            <FormStatusLine status={draft.status} dirty={draft.dirty} />
            <span className="muted kbd-hint">Saves as you type · Ctrl+Enter signs</span>
          </div>
        </form>
      )}
      {signing && signer ? (
        <SignDialog
          what="visit"
          signer={`${signer.name}, ${signer.credentials}`}
          overrides={warnings.filter((w) => w.needsOverride)}
          onSign={(reason) => void sign(reason)}
          onCancel={() => setSigning(false)}
        />
      ) : null}
    </section>
  );
}

/** A visit as the front desk opens it: its billing, payments and superbill, and no note text. */
function FrontDeskVisit({ id }: { id: number }) {
  const billing = useRead('getVisitBilling', { visitId: id });
  const b = billing.data?.ok ? billing.data.value : null;
  const patient = useRead('getPatient', { id: b?.patientId ?? 0 }, { enabled: b !== null });
  const p = patient.data?.ok ? patient.data.value : null;
  return (
    <section aria-labelledby="visit-billing-title">
      {p ? (
        <a className="back" href={href({ screen: 'patient', id: p.id })}>
          ← {p.firstName} {p.lastName}
        </a>
      ) : null}
      <h1 id="visit-billing-title">Visit billing</h1>
      {b ? <p className="muted">Date of service {formatDate(b.dateOfService)}</p> : null}
      <p className="notice">
        The note itself is for the practitioners: the clinic’s database does not let the front desk’s login read it. Billing, payments and the superbill are
        here.
      </p>
      <BillingPanel visitId={id} />
    </section>
  );
}
