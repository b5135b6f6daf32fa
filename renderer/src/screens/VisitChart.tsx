import { useEffect, useRef } from 'react';
import { conditionById } from '../../../shared/catalogs/conditions';
import { hoursBeforeRace } from '../../../shared/rules/race-timing';
import { Addenda } from '../components/Addenda';
import { BillingPanel } from '../components/BillingPanel';
import { Loading, ReadStatus } from '../components/ReadFailed';
import { SignDialog } from '../components/SignDialog';
import { StaleDraftNotice } from '../components/useDraftVersion';
import { useSignShortcut } from '../components/useSignShortcut';
import { FrontDeskVisit } from '../chart/FrontDeskVisit';
import { SignedVisit } from '../chart/SignedVisit';
import { StartFromMenu } from '../chart/StartFromMenu';
import { useVisitChart } from '../chart/useVisitChart';
import { VisitForm } from '../chart/VisitForm';
import { href } from '../route';
import { useSession } from '../session';

/**
 * The chart, for use at the treatment table: every field saves itself as it is typed, the
 * treatment goes in from the keyboard (`ST36 B` Enter), and Ctrl+Enter signs. What it holds is in
 * chart/useVisitChart.ts; the form itself in chart/VisitForm.tsx.
 */
export function VisitChart({ id }: { id: number }) {
  const chart = useVisitChart(id);
  const { visit, careCase, draft, values: v, signed, visitRead, caseRead, safetyRead } = chart;
  const session = useSession();
  const entryRef = useRef<HTMLInputElement | null>(null);
  const lastVisitRef = useRef<HTMLButtonElement | null>(null);

  // Land where the practitioner starts: "Start from…" (the last visit first) on a repeat visit, else the point entry.
  const focused = useRef(false);
  // The form renders once its values are in (from the record, or unsaved typing read back from the data file).
  const ready = v !== null;
  useEffect(() => {
    if (focused.current || !visit || !careCase || !ready || visit.signature) return;
    focused.current = true;
    const empty = visit.acupoints.length + visit.triggerPoints.length === 0;
    if (empty && visit.number > 1) lastVisitRef.current?.focus();
    else entryRef.current?.focus();
  }, [visit, careCase, ready]);

  useSignShortcut(!signed, chart.requestSign);

  // The front desk bills a visit without reading it: the server refuses its login the note text.
  if (!visit && visitRead.failure?.code === 'forbidden' && session?.seat?.role === 'front_desk') return <FrontDeskVisit id={id} />;
  if (!visit) return <ReadStatus what="the visit" read={visitRead} />;
  if (!careCase) return <ReadStatus what="the case" read={caseRead} />;
  if (!v) return <Loading what="the chart" />;

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
            {/* Signing is the sticky footer's (and Ctrl+Enter's): one Sign action on the screen. */}
            <StartFromMenu
              buttonRef={lastVisitRef}
              providerId={v.providerId}
              catalogName={careCase.conditionId ? (conditionById(careCase.conditionId)?.name ?? null) : null}
              onLast={() => void chart.startFromLast()}
              onCatalog={chart.startFromProtocol}
              onProtocol={chart.startFromSaved}
              saveFrom={async () => ((await draft.flush()) ? id : null)}
            />
          </div>
        ) : null}
      </header>
      {/* A later read that failed: what was last read stays on screen below, with the failure said. */}
      <ReadStatus what="the visit" read={visitRead} />
      <ReadStatus what="the case" read={caseRead} />
      <ReadStatus what="the patient's safety screen" read={safetyRead} />
      {chart.notice ? (
        <p className="notice" role="status">
          {chart.notice}
        </p>
      ) : null}
      {chart.tooClose.length && (signed ? visit.triggerPoints.length : v.triggerPoints.length) ? (
        <p className="race-warning" role="alert">
          <strong>Race timing:</strong>{' '}
          {chart.tooClose.map((r) => `${r.name} (${r.distance}) starts ${Math.round(hoursBeforeRace(v.startedAt, r))} hours after this visit`).join('; ')}.
          Avoid aggressive dry needling in the 48–72 hours before a race; use a gentle protocol.
        </p>
      ) : null}
      {draft.restored && !signed ? <p className="notice">Restored what you typed last time that had not reached the data file yet.</p> : null}
      {signed ? null : <StaleDraftNotice draft={chart.versioned} />}

      {signed ? (
        <>
          <SignedVisit visit={visit} />
          <BillingPanel visitId={visit.id} />
          {/* The addendum is read back with the visit after the write. */}
          <Addenda kind="visit" id={visit.id} addenda={visit.addenda} providers={chart.providers} defaultAuthor={visit.providerId} onAdded={() => undefined} />
        </>
      ) : (
        <VisitForm chart={chart} careCase={careCase} values={v} entryRef={entryRef} />
      )}
      {chart.signing && chart.signer ? (
        <SignDialog
          what="visit"
          signer={`${chart.signer.name}, ${chart.signer.credentials}`}
          warnings={chart.warnings}
          onSign={(reason) => void chart.sign(reason)}
          onCancel={() => chart.setSigning(false)}
        />
      ) : null}
    </section>
  );
}
