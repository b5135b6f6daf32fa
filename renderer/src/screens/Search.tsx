import { useEffect, useState } from 'react';
import { NOTE_SEARCH_WINDOW } from '../../../shared/timeline';
import { useRead } from '../query';
import { Marked } from '../components/Marked';
import { formatDate, formatDateTime } from '../format';
import { href } from '../route';

/** Full-text search over every visit and assessment note and their addenda. */
export function Search({ initial }: { initial: string }) {
  const [query, setQuery] = useState(initial);
  const [order, setOrder] = useState<'newest' | 'best'>('newest');
  // What the search is for once typing settles (200 ms); the address follows it.
  const [settled, setSettled] = useState(initial.trim());
  useEffect(() => {
    const q = query.trim();
    const t = setTimeout(() => {
      window.history.replaceState(null, '', href({ screen: 'search', query: q }));
      setSettled(q);
    }, 200);
    return () => clearTimeout(t);
  }, [query]);
  const read = useRead('searchNotes', { query: settled, order }, { enabled: settled.length >= 2, keepPrevious: true });
  const hits = settled.length >= 2 && read.data?.ok ? read.data.value : null;
  const problem = read.data && !read.data.ok ? read.data.error.message : null;

  return (
    <section aria-labelledby="search-title">
      <header className="screen-head">
        <h1 id="search-title">Search notes</h1>
      </header>
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Search notes</span>
          <input
            type="search"
            name="note-search"
            autoFocus
            placeholder="Words from any note or addendum — taut band, bruising, marathon…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label>
          Order{' '}
          <select name="note-search-order" value={order} onChange={(e) => setOrder(e.target.value === 'best' ? 'best' : 'newest')}>
            <option value="newest">Newest first</option>
            <option value="best">Best match (among the newest {NOTE_SEARCH_WINDOW})</option>
          </select>
        </label>
      </div>
      {problem ? <p className="field-error">{problem}</p> : null}
      {hits && hits.length === 0 ? <p className="muted">No note mentions “{query.trim()}”.</p> : null}
      {hits && hits.length > 0 ? (
        <p className="muted">
          {hits.length === 30 ? (order === 'best' ? 'Best 30 matches' : 'Newest 30 matches') : `${hits.length} match${hits.length === 1 ? '' : 'es'}`}
        </p>
      ) : null}
      <ol className="search-results">
        {hits?.map((h) => (
          <li key={`${h.recordKind}-${h.recordId}-${h.source}`}>
            <a className="row-link" href={href({ screen: h.recordKind, id: h.recordId })}>
              {h.patientName} · {h.recordKind === 'visit' ? `visit ${formatDateTime(h.at)}` : `assessment ${formatDate(h.at)}`}
            </a>
            <span className="muted">
              {' '}
              · {h.conditionText}
              {h.source === 'addendum' ? ' · in an addendum' : h.source === 'treatment' ? ' · in the treatment' : ''}
            </span>
            <p className="snippet">
              <Marked text={h.snippet} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
