import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { PHASE_LABEL, sessionsLabel } from '../../../shared/rules/framework';
import { describeChange, type MeasureChange } from '../../../shared/rules/progress';
import type { ReviewPage, ReviewRow } from '../../../shared/review';
import { REVIEW_FILTERS, type ReviewFilter, type ReviewSort } from '../../../shared/review-choices';
import { useRead } from '../query';
import { UnsignedNotes } from '../components/UnsignedNotes';
import { keepOrdered, SortableHead } from '../components/SortableHead';
import { formatDate } from '../format';
import { href, navigate } from '../route';

const PAGE_SIZE = 50;
const FILTER_LABEL: Record<ReviewFilter, string> = {
  all: 'All active cases',
  reassessment_due: 'Re-assessment due',
  not_improving: 'Not improving or worse',
  race_soon: 'Race within 10 days',
};

function ChangeCell({ change }: { change: MeasureChange | null }) {
  if (!change) return <span className="muted">—</span>;
  const state = change.worsened ? 'change change-worse' : change.met ? 'change change-met' : 'change';
  return (
    <span className={state} title={`MCID ${change.mcid}${change.worsened ? ': worse by the MCID' : change.met ? ': meaningful change' : ''}`}>
      {describeChange(change)}
      {change.worsened ? ' ▼' : change.met ? ' ✓' : ''}
    </span>
  );
}

const column = createColumnHelper<ReviewRow>();
const columns = [
  column.accessor('patientName', {
    id: 'patient',
    header: 'Patient',
    cell: (c) => (
      <a className="row-link" href={href({ screen: 'case', id: c.row.original.caseId })}>
        {c.getValue()}
      </a>
    ),
  }),
  column.accessor((r) => `${r.conditionText}${r.side !== 'na' ? `, ${r.side}` : ''}`, { id: 'condition', header: 'Condition' }),
  column.accessor('phase', {
    id: 'phase',
    header: 'Phase',
    cell: (c) => <span className={`pill pill-phase-${c.getValue()}`}>{PHASE_LABEL[c.getValue()]}</span>,
  }),
  column.accessor('sessionsDone', {
    id: 'sessions',
    header: 'Sessions',
    cell: (c) => <span className="nowrap">{sessionsLabel(c.getValue(), c.row.original.phase).replace(/^sessions? /, '')}</span>,
  }),
  column.accessor('reassessment', {
    id: 'nextReassessment',
    header: 'Next re-assessment',
    cell: (c) => {
      const r = c.getValue();
      if (!r) return <span className="muted">—</span>;
      return (
        <span className={`reassess reassess-${r.status}`}>
          session {r.session}
          {r.status === 'upcoming' ? '' : ` · ${r.status}`}
        </span>
      );
    },
  }),
  column.display({
    id: 'change',
    header: 'Change since start',
    cell: (c) => (
      <div className="change-cell">
        <ChangeCell change={c.row.original.pain} />
        {c.row.original.measure ? <ChangeCell change={c.row.original.measure} /> : null}
      </div>
    ),
  }),
  column.accessor('flags', {
    id: 'flags',
    header: 'Flags',
    cell: (c) =>
      c.getValue().length ? (
        <ul className="flag-list">
          {c.getValue().map((f) => (
            <li key={f.kind} className={`flag flag-${f.kind}`} title={f.rule}>
              {f.title}
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">—</span>
      ),
  }),
  column.accessor('nextRace', {
    id: 'nextRace',
    header: 'Next race',
    cell: (c) => {
      const race = c.getValue();
      if (!race) return <span className="muted">—</span>;
      return (
        <>
          {race.name}
          <div className="muted nowrap">
            {formatDate(race.date)} · {race.days === 0 ? 'today' : race.days === 1 ? 'tomorrow' : `in ${race.days} days`}
          </div>
        </>
      );
    },
  }),
];

/** The home screen: every active case against its framework, what needs attention first. */
export function Dashboard() {
  const [filter, setFilter] = useState<ReviewFilter>('all');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'flags', desc: true }]);
  // The keyset positions of the pages walked so far: the last is this page's; Previous drops it.
  const [positions, setPositions] = useState<(string | undefined)[]>([undefined]);
  const after = positions[positions.length - 1];
  const offset = (positions.length - 1) * PAGE_SIZE;
  const sort = (sorting[0]?.id ?? 'flags') as ReviewSort;
  const direction = sorting[0]?.desc ? 'desc' : 'asc';
  // The page on screen stays while the next filter, sort or page is read; only its own answer replaces it.
  const read = useRead('reviewCases', { filter, sort, direction, ...(after ? { after } : {}), limit: PAGE_SIZE }, { keepPrevious: true });
  const page: ReviewPage | null = read.data?.ok ? read.data.value : null;
  // Backups that have not reached a second place for a week, a failed restore drill (db/host.ts).
  const backups = useRead('backupStatus', {});
  const backupWarnings = backups.data?.ok ? backups.data.value.warnings : [];
  const error = read.data && !read.data.ok ? read.data.error.message : null;

  const data = useMemo(() => page?.rows ?? [], [page]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      setSorting((old) => keepOrdered(updater, old, 'flags'));
      setPositions([undefined]);
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.caseId),
  });

  return (
    <section aria-labelledby="review-title">
      <header className="screen-head">
        <div>
          <h1 id="review-title">Review</h1>
          <p className="muted subtitle">Active cases against their session framework{page ? ` · ${formatDate(page.today)}` : ''}</p>
        </div>
      </header>
      <div className="filters" role="group" aria-label="Show">
        {REVIEW_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className={filter === f ? 'filter filter-on' : 'filter'}
            aria-pressed={filter === f}
            onClick={() => {
              setFilter(f);
              setPositions([undefined]);
            }}
          >
            {FILTER_LABEL[f]} <span className="count">{page?.counts[f] ?? '…'}</span>
          </button>
        ))}
      </div>
      {backupWarnings.map((w) => (
        <p key={w} className="notice notice-danger" data-testid="backup-warning">
          <strong>{w}</strong> <a href={href({ screen: 'settings', part: 'records' })}>Open Backups</a>
        </p>
      ))}
      <UnsignedNotes query={{}} title="Unsigned notes" />
      {page && page.patientsMissingConsent > 0 ? (
        <p className="notice" data-testid="missing-consents">
          <strong>
            {page.patientsMissingConsent} {page.patientsMissingConsent === 1 ? 'patient has' : 'patients have'} care charted without its signed consent on file.
          </strong>{' '}
          Add the consent on the patient’s page (Safety screen → Consents) before the next visit.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="form-status-error">
          {error}
        </p>
      ) : null}
      <table className="grid review">
        <SortableHead table={table} unsortable={['change']} />
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className="clickable"
              onClick={(e) => (e.target as HTMLElement).closest('a') || navigate({ screen: 'case', id: row.original.caseId })}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
          {page && page.rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {filter === 'all' ? 'No active cases. Open a case from a patient’s page.' : `No active case is “${FILTER_LABEL[filter].toLowerCase()}”.`}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {page && page.total > PAGE_SIZE ? (
        <footer className="pager">
          <span className="muted">
            {offset + 1}–{offset + page.rows.length} of {page.total}
          </span>
          <button type="button" disabled={positions.length === 1} onClick={() => setPositions((p) => (p.length > 1 ? p.slice(0, -1) : p))}>
            Previous
          </button>
          <button type="button" disabled={!page.next} onClick={() => page.next && setPositions((p) => [...p, page.next ?? undefined])}>
            Next
          </button>
        </footer>
      ) : null}
    </section>
  );
}
