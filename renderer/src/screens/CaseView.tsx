import { useSession } from '../session';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { PHASE_LABEL, sessionsLabel } from '../../../shared/rules/framework';
import { describeChange } from '../../../shared/rules/progress';
import type { TcmSummary } from '../../../shared/tcm';
import { acupointLabel, adjunctLabel, leadPairLabel, scoreLabel, triggerPointLabel } from '../../../shared/rules/treatment-summary';
import type { CaseDetail, TimelineEntry } from '../../../shared/timeline';
import { api } from '../api';
import { useRead } from '../query';
import { UnsignedNotes } from '../components/UnsignedNotes';
import { CaseBodyChart } from '../components/CaseBodyChart';
import { TextField } from '../components/Field';
import { formatDate, formatDateTime, localNow, todayIso } from '../format';
import { savePdf } from '../save-file';
import { href, navigate } from '../route';
import { useProviders } from '../useProviders';

/** Recharts is most of the renderer's weight and only the case page draws charts: it loads when one opens. */
const ProgressCharts = lazy(() => import('../components/ProgressCharts').then((m) => ({ default: m.ProgressCharts })));

const ASSESSMENT_TITLE = { initial: 'Initial assessment', reassessment: 'Re-assessment', discharge: 'Discharge assessment' } as const;
const SIDE_TEXT = { left: 'left', right: 'right', bilateral: 'bilateral', na: '' } as const;

/** One case on one screen: where it stands against its framework, and every note in order. */
export function CaseView({ id }: { id: number }) {
  const read = useRead('getCase', { id });
  const detail: CaseDetail | null = read.data?.ok ? read.data.value : null;
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (read.data && !read.data.ok ? read.data.error.message : null);
  const [discharging, setDischarging] = useState(false);
  const providers = useProviders();
  const session = useSession();

  if (error) return <p role="alert">{error}</p>;
  if (!detail) return <p className="muted">Loading…</p>;
  const c = detail.careCase;
  const p = detail.progress;
  const open = c.status === 'active';
  const lastVisit = [...detail.timeline].reverse().find((e) => e.kind === 'visit');
  // The provider signed in charts and signs; without sign-in (a first setup), the last visit's provider.
  const defaultProvider = providers.find((p) => p.id === session?.provider?.id) ?? providers.find((p) => p.name === lastVisit?.providerName) ?? providers[0];

  async function newVisit() {
    if (!defaultProvider) return setError('Add a provider in Settings → Clinic & providers before charting.');
    const o = await api.createVisit({ caseId: id, providerId: defaultProvider.id, startedAt: localNow() });
    if (o.ok) navigate({ screen: 'visit', id: o.value.id });
    else setError(o.error.message);
  }

  async function exportReport() {
    const o = await api.progressReport({ caseId: id });
    if (!o.ok) return setError(o.error.message);
    savePdf(o.value);
  }

  async function newAssessment() {
    if (!defaultProvider) return setError('Add a provider in Settings → Clinic & providers before charting.');
    const first = !detail!.timeline.some((e) => e.kind === 'assessment');
    const o = await api.saveAssessment({ caseId: id, providerId: defaultProvider.id, kind: first ? 'initial' : 'reassessment', assessedOn: todayIso() });
    if (o.ok) navigate({ screen: 'assessment', id: o.value.id });
    else setError(o.error.message);
  }

  return (
    <section aria-labelledby="case-title">
      <header className="screen-head">
        <div>
          <a className="back" href={href({ screen: 'patient', id: c.patientId })}>
            ← {c.patientName}
          </a>
          <h1 id="case-title">
            {c.conditionText}
            {SIDE_TEXT[c.side] ? `, ${SIDE_TEXT[c.side]}` : ''}
          </h1>
        </div>
        <div className="actions">
          {open ? (
            <>
              <button type="button" className="button-primary" autoFocus onClick={() => void newVisit()}>
                New visit
              </button>
              <button type="button" onClick={() => void newAssessment()}>
                New assessment
              </button>
              <a className="button" href={href({ screen: 'caseForm', patientId: c.patientId, id: c.id })}>
                Edit case
              </a>
              <button type="button" onClick={() => setDischarging(true)}>
                Discharge
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setDischarging(true)}>
              Reopen case
            </button>
          )}
          <button type="button" onClick={() => void exportReport()}>
            Progress report (PDF)
          </button>
        </div>
      </header>
      {/* Right under the button that opened it, above anything still loading (the unsigned notes,
          the charts), so it does not slide out of view as they arrive. */}
      {discharging && open ? <DischargeForm caseId={c.id} onDone={() => setDischarging(false)} /> : null}
      {discharging && !open ? <ReopenForm caseId={c.id} onDone={() => setDischarging(false)} /> : null}

      <UnsignedNotes query={{ caseId: c.id }} title="Unsigned notes on this case" showPatient={false} />
      <dl className="case-facts">
        <div>
          <dt>Phase</dt>
          <dd>
            <span className={`pill pill-phase-${c.phase}`}>{PHASE_LABEL[c.phase]}</span>
          </dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd data-testid="sessions">{sessionsLabel(p.sessionsDone, p.phase)}</dd>
        </div>
        <div>
          <dt>Onset</dt>
          <dd>{formatDate(c.onsetDate)}</dd>
        </div>
        <div>
          <dt>Start of care</dt>
          <dd>
            {formatDate(c.startDate)}
            {c.recurring ? ' · recurring' : ''}
          </dd>
        </div>
        <div>
          <dt>Diagnoses</dt>
          <dd>
            {c.diagnoses.length
              ? c.diagnoses.map((d) => (
                  <span key={d.code} className="dx" title={d.description}>
                    <span className="mono">{d.code}</span> {d.description}
                    {d.inCatalog ? null : <span className="pill pill-check"> not a billable ICD-10-CM code: edit the case to choose one</span>}
                  </span>
                ))
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Next re-assessment</dt>
          <dd data-testid="next-reassessment">
            {p.reassessment
              ? `at session ${p.reassessment.session}${p.reassessment.status === 'upcoming' ? '' : ` — ${p.reassessment.status}`}`
              : open
                ? 'none left in the framework'
                : '—'}
          </dd>
        </div>
        <div>
          <dt>Change since start</dt>
          <dd>
            {p.change.pain ? describeChange(p.change.pain) : 'No pain recorded'}
            {p.change.measures.map((m) => `, ${describeChange(m)}`).join('')}
            {p.change.meaningful ? <span className="pill pill-signed change-pill">meaningful</span> : null}
            {p.change.worsening.length > 0 ? <span className="pill pill-worse change-pill">worse</span> : null}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{open ? 'Active' : `Discharged ${formatDate(c.dischargedOn!)} — ${c.dischargeReason}`}</dd>
        </div>
      </dl>
      {c.goals ? <p className="goals">Goals: {c.goals}</p> : null}
      {p.flags.length ? (
        <ul className="case-flags" aria-label="Flags">
          {p.flags.map((f) => (
            <li key={f.kind} className={`flag flag-${f.kind}`}>
              <strong>{f.title}</strong>
              <span className="flag-rule">{f.rule}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <h2 className="section-title">Progress</h2>
      <Suspense fallback={<p className="muted">Loading charts…</p>}>
        <ProgressCharts detail={detail} />
      </Suspense>
      <h2 className="section-title">Where the needles went</h2>
      <CaseBodyChart timeline={detail.timeline} />

      <h2 className="section-title">
        Timeline <span className="muted subtitle">newest first</span>
      </h2>
      {detail.timeline.length === 0 ? <p className="muted">Nothing charted yet. Start with an initial assessment or a visit.</p> : null}
      {/* Newest first: the visit a practitioner reads before the next one is at the top, not 4,000 px down. */}
      <ol className="timeline" reversed>
        {[...detail.timeline].reverse().map((e) => (
          <TimelineItem key={`${e.kind}-${e.id}`} entry={e} />
        ))}
      </ol>
    </section>
  );
}

function Status({ signed }: { signed: boolean }) {
  return signed ? <span className="pill pill-signed">Signed</span> : <span className="pill pill-draft">Draft</span>;
}

function TimelineItem({ entry: e }: { entry: TimelineEntry }) {
  if (e.kind === 'assessment') {
    return (
      <li className="timeline-item">
        <div className="timeline-head">
          <a href={href({ screen: 'assessment', id: e.id })} className="row-link">
            {ASSESSMENT_TITLE[e.assessmentKind]}
          </a>
          <span className="muted">
            {formatDate(e.at)} · {e.providerName}
          </span>
          <Status signed={e.signature !== null} />
        </div>
        <p className="timeline-line">
          {[e.painCurrent !== null ? `Pain ${e.painCurrent}/10` : null, ...e.outcomes.map(scoreLabel)].filter(Boolean).join(' · ') || 'No scores yet'}
        </p>
        <TcmLines tcm={e.tcm} />
        {e.addenda.length ? (
          <p className="muted">
            {e.addenda.length} addend{e.addenda.length === 1 ? 'um' : 'a'}
          </p>
        ) : null}
      </li>
    );
  }
  const t = e.treatment;
  return (
    <li className="timeline-item">
      <div className="timeline-head">
        <a href={href({ screen: 'visit', id: e.id })} className="row-link">
          Visit {e.number}
          {e.session !== null ? ` · session ${e.session}` : ''}
        </a>
        <span className="muted">
          {formatDateTime(e.at)} · {e.providerName}
          {e.faceMinutes !== null ? ` · ${e.faceMinutes} min` : ''}
        </span>
        <Status signed={e.signature !== null} />
      </div>
      <dl className="timeline-treatment">
        {t.acupoints.length ? (
          <>
            <dt>Points</dt>
            <dd>{t.acupoints.map(acupointLabel).join(' · ')}</dd>
          </>
        ) : null}
        {t.triggerPoints.length ? (
          <>
            <dt>Trigger points</dt>
            <dd>{t.triggerPoints.map(triggerPointLabel).join(' · ')}</dd>
          </>
        ) : null}
        {t.leadPairs.length ? (
          <>
            <dt>E-stim</dt>
            <dd>{t.leadPairs.map(leadPairLabel).join('; ')}</dd>
          </>
        ) : null}
        {t.adjuncts.length ? (
          <>
            <dt>Adjuncts</dt>
            <dd>{t.adjuncts.map(adjunctLabel).join(' · ')}</dd>
          </>
        ) : null}
        {e.painBefore !== null || e.painAfter !== null ? (
          <>
            <dt>Pain</dt>
            <dd>
              {e.painBefore ?? '?'} → {e.painAfter ?? '?'}
            </dd>
          </>
        ) : null}
      </dl>
      <TcmLines tcm={e.tcm} />
      {e.addenda.length ? (
        <ul className="timeline-addenda">
          {e.addenda.map((a) => (
            <li key={a.id}>
              Addendum {formatDateTime(a.writtenAt)}, {a.authorName}: {a.text}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A small form under the case header: one action, its fields, and a way back out. */
function CaseActionForm({
  label,
  legend,
  submit,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  legend: string;
  submit: string;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  // Opened from a button in the header: it comes into view with its first field focused, Escape
  // closes it, and focus goes back to the button that opened it.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    form.current?.scrollIntoView({ block: 'center' });
    form.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <form
      ref={form}
      className="form form-inset"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset>
        <legend>{legend}</legend>
        {children}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {submit}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ReopenForm({ caseId, onDone }: { caseId: number; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <CaseActionForm
      label="Reopen"
      legend="Reopen this case"
      submit="Reopen"
      onCancel={onDone}
      onSubmit={() =>
        void api.reopenCase({ id: caseId, reason }).then((o) => (o.ok ? onDone() : setErrors({ reason: o.error.fields.reason ?? o.error.message })))
      }
    >
      <p className="muted">The discharge stays on record with your reason; new visits can then be charted.</p>
      <TextField
        label="Reason for reopening"
        wide
        name="reason"
        value={reason}
        onChange={setReason}
        error={errors.reason}
        placeholder="Flare-up after a race"
      />
    </CaseActionForm>
  );
}

function DischargeForm({ caseId, onDone }: { caseId: number; onDone: () => void }) {
  const [date, setDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <CaseActionForm
      label="Discharge"
      legend="Discharge this case"
      submit="Discharge"
      onCancel={onDone}
      onSubmit={() => void api.dischargeCase({ id: caseId, dischargedOn: date, reason }).then((o) => (o.ok ? onDone() : setErrors(o.error.fields)))}
    >
      <div className="grid-fields">
        <TextField label="Discharge date" type="date" name="dischargedOn" value={date} onChange={setDate} error={errors.dischargedOn} />
        <TextField
          label="Reason"
          wide
          name="reason"
          value={reason}
          onChange={setReason}
          error={errors.reason}
          placeholder="Goals met; returned to full training"
        />
      </div>
    </CaseActionForm>
  );
}

/** Tongue, pulse and pattern on a timeline entry, when they were charted. */
function TcmLines({ tcm }: { tcm: TcmSummary }) {
  if (!tcm.tongue && !tcm.pulse && !tcm.pattern) return null;
  return (
    <dl className="timeline-treatment timeline-tcm">
      {(
        [
          ['Tongue', tcm.tongue],
          ['Pulse', tcm.pulse],
          ['Pattern', tcm.pattern],
        ] as const
      ).map(([label, text]) =>
        text ? (
          <div key={label} className="contents">
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
