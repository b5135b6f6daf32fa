import { PHASE_LABEL, sessionsLabel } from '../../../shared/rules/framework';
import { ReadStatus } from '../components/ReadFailed';
import { useRecord } from '../query';
import { formatDate } from '../format';
import { href } from '../route';

/** The patient's episodes of care, newest active first. */
export function PatientCases({ patientId, archived }: { patientId: number; archived: boolean }) {
  const read = useRecord('listCases', { patientId });
  const cases = read.value ?? null;

  return (
    <section className="panel" aria-labelledby="cases-title">
      <header className="screen-head">
        <h2 id="cases-title">Cases</h2>
        {!archived ? (
          <a className="button button-primary" href={href({ screen: 'caseForm', patientId, id: 'new' })}>
            Open a case
          </a>
        ) : null}
      </header>
      <ReadStatus what="the cases" read={read} />
      {cases && cases.length === 0 ? <p className="muted">No cases yet. Open one for each injury or for maintenance care.</p> : null}
      <ul className="case-list">
        {cases?.map((c) => (
          <li key={c.id}>
            <a className="row-link" href={href({ screen: 'case', id: c.id })}>
              {c.conditionText}
              {c.side !== 'na' ? `, ${c.side}` : ''}
            </a>
            <span className={`pill pill-phase-${c.phase}`}>{PHASE_LABEL[c.phase]}</span>
            <span className="muted">
              {sessionsLabel(c.sessionsDone, c.phase)} · since {formatDate(c.startDate)}
              {c.status === 'discharged' ? ` · discharged ${formatDate(c.dischargedOn!)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
