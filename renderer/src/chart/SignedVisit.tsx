import { ADVERSE_EVENT_LABEL } from './labels';
import { acupointLabel, adjunctLabel, leadPairLabel, triggerPointLabel } from '../../../shared/rules/treatment-summary';
import type { Visit } from '../../../shared/visit';
import { formatDateTime } from '../format';
import { tcmSummary } from '../../../shared/tcm';
import { visitChart } from '../../../shared/body-chart';
import { BodyChart } from '../components/BodyChart';

const line = (label: string, value: string | null | undefined) =>
  value ? (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  ) : null;

/** A signed visit reads as a document: no inputs, because nothing in it can change. */
export function SignedVisit({ visit: v }: { visit: Visit }) {
  const tcm = tcmSummary(v.tcm);
  return (
    <article className="signed-note" aria-label="Signed visit">
      <p className="signed-by">
        Signed by {v.signature!.providerName}, {v.signature!.credentials} · {formatDateTime(v.signature!.signedAt)}
      </p>
      <dl className="note-fields">
        {line('Visit time', formatDateTime(v.startedAt))}
        {line('Face-to-face', v.faceMinutes !== null ? `${v.faceMinutes} min${v.rounds.length === 0 && v.reinserted ? ', needles re-inserted' : ''}` : null)}
        {line('Insertion rounds', v.rounds.map((r, i) => `${i + 1}. ${r.label}${r.minutes !== null ? ` ${r.minutes} min` : ''}`).join(' · '))}
        {line('Pain', v.painBefore !== null || v.painAfter !== null ? `${v.painBefore ?? '?'} → ${v.painAfter ?? '?'} (0–10)` : null)}
        {line('Subjective', v.subjective)}
        {line('Objective', v.objective)}
        {line(
          'Acupoints',
          v.acupoints
            .map((p) =>
              [
                acupointLabel(p),
                p.gaugeMm !== null ? `${p.gaugeMm}×${p.lengthMm ?? '?'} mm` : null,
                p.depth,
                p.technique,
                p.retentionMinutes !== null ? `${p.retentionMinutes} min` : null,
              ]
                .filter(Boolean)
                .join(' '),
            )
            .join(' · '),
        )}
        {line(
          'Trigger points',
          v.triggerPoints
            .map((t) => [triggerPointLabel(t), t.location, t.twitch ? 'LTR' : null, t.passes !== null ? `${t.passes} passes` : null].filter(Boolean).join(', '))
            .join(' · '),
        )}
        {line('E-stim', v.leadPairs.map(leadPairLabel).join('; '))}
        {line('Adjuncts', v.adjuncts.map(adjunctLabel).join(' · '))}
        {line('Tongue', tcm.tongue)}
        {line('Pulse', tcm.pulse)}
        {line('Pattern', tcm.pattern)}
        {line('Assessment', v.assessmentText)}
        {line('Plan', v.plan)}
        {line('Adverse events', v.adverseEvents.map((e) => (e.note ? `${ADVERSE_EVENT_LABEL[e.kind]}: ${e.note}` : ADVERSE_EVENT_LABEL[e.kind])).join(' · '))}
        {line('Home care', v.homeCare)}
        {line('Next visit', v.nextVisitPlan)}
        {line('Safety at signing', v.signedWarnings.join(' · '))}
        {line('Signed over a warning', v.safetyOverride)}
      </dl>
      {v.acupoints.length + v.triggerPoints.length > 0 ? (
        <BodyChart chart={visitChart(v)} title="This visit on the body" rounds={v.rounds.map((r) => r.label)} />
      ) : null}
    </article>
  );
}
