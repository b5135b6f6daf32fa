import type { Assessment } from '../../../shared/assessment';
import { scoreLabel, triggerPointLabel } from '../../../shared/rules/treatment-summary';
import { formatDate, formatDateTime } from '../format';

/** A signed assessment as it reads: who signed it and when, and each field that holds something. */
export function SignedAssessment({ assessment }: { assessment: Assessment }) {
  return (
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
  );
}
