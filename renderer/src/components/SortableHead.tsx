import { flexRender, type SortingState, type Table, type Updater } from '@tanstack/react-table';

/** The header row of a TanStack table whose sorting the database does: a button per sortable column. */
export function SortableHead<T>({ table, unsortable = [] }: { table: Table<T>; unsortable?: string[] }) {
  return (
    <thead>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            const sorted = header.column.getIsSorted();
            return (
              <th key={header.id} aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
                {header.column.getCanSort() && !unsortable.includes(header.column.id) ? (
                  <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : (
                  flexRender(header.column.columnDef.header, header.getContext())
                )}
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}

/**
 * The next sorting of a list the database sorts: it always has an order, so the third click on a
 * sorted header flips it back to ascending instead of leaving the list unsorted.
 */
export function keepOrdered(updater: Updater<SortingState>, old: SortingState, fallback: string): SortingState {
  const next = typeof updater === 'function' ? updater(old) : updater;
  return next.length ? next : [{ id: old[0]?.id ?? fallback, desc: false }];
}
