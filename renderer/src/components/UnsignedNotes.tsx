import { STALE_DRAFT_HOURS } from '../../../shared/stale-drafts';
import { ReadStatus } from './ReadFailed';
import { useRecord } from '../query';
import { formatDate } from '../format';
import { href } from '../route';

const age = (hours: number) => (hours < 1 ? 'under an hour' : hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`);

/**
 * Notes left unsigned: they do not count as sessions and stay out of superbills until signed, so
 * they are listed where they would otherwise be forgotten. Older than a day is marked overdue.
 */
export function UnsignedNotes({
  query,
  title,
  showPatient = true,
  lead,
}: {
  query: { patientId?: number; caseId?: number; month?: string };
  title: string;
  showPatient?: boolean;
  /** What the list means here (e.g. "left out of this batch"). */
  lead?: string;
}) {
  const read = useRecord('unsignedNotes', query);
  const page = read.value;
  if (!page) return <ReadStatus what={title.toLowerCase()} read={read} />;
  if (page.total === 0) return read.failure ? <ReadStatus what={title.toLowerCase()} read={read} /> : null;
  const { notes, total, stale } = page;
  return (
    <section className="unsigned-notes" aria-label={title} data-testid="unsigned-notes">
      <h2>
        {title} <span className="count-badge">{total}</span>
        {stale > 0 ? <span className="pill pill-worse">{stale} older than a day</span> : null}
      </h2>
      <ReadStatus what={title.toLowerCase()} read={read} />
      {lead ? <p className="muted">{lead}</p> : null}
      <ul>
        {notes.map((n) => (
          <li key={`${n.kind}-${n.id}`} className={n.ageHours > STALE_DRAFT_HOURS ? 'unsigned-stale' : undefined}>
            <a href={href({ screen: n.kind, id: n.id })}>
              {n.kind === 'visit' ? 'Visit' : 'Assessment'} of {formatDate(n.date.slice(0, 10))}
            </a>
            {showPatient ? ` · ${n.patientName}` : ''} · {n.condition} · {n.providerName} · <span className="unsigned-age">unsigned {age(n.ageHours)}</span>
          </li>
        ))}
      </ul>
      {total > notes.length ? (
        <p className="muted">
          The oldest {notes.length} of {total} are listed; sign these and the next appear.
        </p>
      ) : null}
    </section>
  );
}
