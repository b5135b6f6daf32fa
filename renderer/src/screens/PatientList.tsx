import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { PatientPage, PatientRow, PatientSort } from '../../../shared/patient';
import { useRead } from '../query';
import { keepOrdered, SortableHead } from '../components/SortableHead';
import { daysUntil, formatDate } from '../format';
import { PHASE_LABEL } from '../labels';
import { href } from '../route';

const PAGE_SIZE = 25;
const column = createColumnHelper<PatientRow>();

const columns = [
  column.accessor((r) => `${r.lastName}, ${r.firstName}`, {
    id: 'name',
    header: 'Name',
    cell: (c) => (
      <a className="row-link" href={href({ screen: 'patient', id: c.row.original.id })}>
        {c.getValue()}
      </a>
    ),
  }),
  column.accessor('dateOfBirth', {
    id: 'dateOfBirth',
    header: 'Date of birth',
    cell: (c) => (
      <span className="nowrap">
        {formatDate(c.getValue())} <span className="muted">({c.row.original.age})</span>
      </span>
    ),
  }),
  column.accessor('primarySport', { header: 'Sport', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  column.accessor((r) => (r.weeklyVolume === null ? null : `${r.weeklyVolume} ${r.volumeUnit}/wk`), {
    id: 'volume',
    header: 'Weekly volume',
    enableSorting: false,
    cell: (c) => c.getValue() ?? '—',
  }),
  column.accessor('trainingPhase', {
    header: 'Phase',
    enableSorting: false,
    cell: (c) => {
      const phase = c.getValue();
      return phase ? <span className={`pill pill-${phase}`}>{PHASE_LABEL[phase]}</span> : '—';
    },
  }),
  column.accessor('nextRace', {
    header: 'Next race',
    enableSorting: false,
    cell: (c) => {
      const race = c.getValue();
      if (!race) return '—';
      const days = daysUntil(race.date);
      return (
        <>
          {race.name} <span className="muted">· {race.distance}</span>
          <div className="muted nowrap">
            {formatDate(race.date)} · {days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`}
          </div>
        </>
      );
    },
  }),
  column.accessor('updatedAt', {
    id: 'updatedAt',
    header: 'Last change',
    cell: (c) => (
      <span className="nowrap">
        {formatDate(c.getValue().slice(0, 10))}
        {c.row.original.archived ? <span className="pill pill-archived">Archived</span> : null}
      </span>
    ),
  }),
];

/** The patient list: sorted and paged by the database (keyset), never loaded whole. */
export function PatientList() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [cursor, setCursor] = useState<{ after?: string; before?: string }>({});
  const [includeArchived, setIncludeArchived] = useState(false);
  const [start, setStart] = useState(0);

  // Typing settles for a moment before the database is asked.
  useEffect(() => {
    const t = setTimeout(() => {
      setQuery(search);
      setCursor({});
      setStart(0);
    }, 200);
    return () => clearTimeout(t);
  }, [search]);

  const sort = (sorting[0]?.id ?? 'name') as PatientSort;
  const direction = sorting[0]?.desc ? 'desc' : 'asc';

  // The page on screen stays while the next is read; an answer for older typing never replaces a newer one.
  const read = useRead('listPatients', { search: query, sort, direction, limit: PAGE_SIZE, includeArchived, ...cursor }, { keepPrevious: true });
  const page: PatientPage | null = read.data?.ok ? read.data.value : null;
  const error = read.data && !read.data.ok ? read.data.error.message : null;

  const data = useMemo(() => page?.rows ?? [], [page]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    sortDescFirst: false,
    onSortingChange: (updater) => {
      setSorting((old) => keepOrdered(updater, old, 'name'));
      setCursor({});
      setStart(0);
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.id),
  });

  const shown = page?.rows.length ?? 0;
  return (
    <section aria-labelledby="patients-title">
      <header className="screen-head">
        <h1 id="patients-title">Patients</h1>
        <a className="button button-primary" href={href({ screen: 'patient', id: 'new' })}>
          New patient
        </a>
      </header>
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Search patients</span>
          <input
            type="search"
            name="search"
            placeholder="Search by name or date of birth (3/7/1984)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            autoFocus
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} /> Show archived
        </label>
      </div>
      {error ? (
        <p className="form-status form-status-error" role="alert">
          {error}
        </p>
      ) : null}
      <table className="grid">
        <SortableHead table={table} />
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={row.original.archived ? 'archived' : undefined}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
          {/* Not while the answer for newer typing is on its way: the list shown is the one before it. */}
          {page && page.rows.length === 0 && !read.isPlaceholderData ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {query ? `No patient matches “${query}”.` : 'No patients yet. Add your first runner with “New patient”.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <footer className="pager">
        <span className="muted" aria-live="polite">
          {page ? (page.total === 0 ? 'No patients' : `${start + 1}–${start + shown} of ${page.total} patients`) : 'Loading…'}
        </span>
        <button
          type="button"
          disabled={!page?.previous}
          onClick={() => {
            setCursor({ before: page!.previous! });
            setStart((s) => Math.max(0, s - PAGE_SIZE));
          }}
        >
          Previous
        </button>
        <button
          type="button"
          disabled={!page?.next}
          onClick={() => {
            setCursor({ after: page!.next! });
            setStart((s) => s + shown);
          }}
        >
          Next
        </button>
      </footer>
    </section>
  );
}
