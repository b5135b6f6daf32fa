import { useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

const CONTROLS = 'input, select, textarea, button';

/**
 * The rows of a treatment table (points, muscles, lead pairs) kept off the Tab path: their
 * details (gauge, depth, passes…) are rarely filled, so Tab goes from one entry box to the next in
 * a few keys instead of through 7 controls a row. The details stay one key away:
 * - ArrowUp in an empty entry box goes to the last row; Escape in a row comes back to the box;
 * - in a row, ArrowUp / ArrowDown move to the same column of the row above or below (not in a
 *   select, where they choose), and ArrowLeft / ArrowRight move between controls once the caret is
 *   at the edge of the text;
 * - Tab from a row continues after the table.
 */
export function useRowKeys(entry: RefObject<HTMLInputElement | null>, { tabbable = false }: { tabbable?: boolean } = {}) {
  const table = useRef<HTMLTableElement | null>(null);

  // After every render: row controls are out of the Tab order (React does not set tabIndex on them).
  // A lead pair's settings are the exception: each is set on most pairs, so Tab walks them.
  useLayoutEffect(() => {
    if (tabbable) return;
    table.current?.querySelectorAll<HTMLElement>(`tbody :is(${CONTROLS})`).forEach((el) => {
      el.tabIndex = -1;
    });
  });

  const rows = () => Array.from(table.current?.querySelectorAll<HTMLTableRowElement>('tbody tr') ?? []);
  const controls = (row: Element | undefined) => Array.from(row?.querySelectorAll<HTMLElement>(CONTROLS) ?? []);

  function onTableKeyDown(e: KeyboardEvent<HTMLTableElement>) {
    const el = e.target as HTMLElement;
    const row = el.closest('tr');
    if (!row || !row.closest('tbody')) return;
    const all = rows();
    const r = all.indexOf(row);
    const inRow = controls(row);
    const c = inRow.indexOf(el);
    const text = el instanceof HTMLInputElement && (el.type === 'text' || el.type === '') ? el : null;
    let target: HTMLElement | undefined;
    if (e.key === 'Escape') target = entry.current ?? undefined;
    // In a walkable row (lead pairs), Enter in a setting is done with it: back to the entry box.
    else if (tabbable && e.key === 'Enter' && (text || el instanceof HTMLSelectElement)) target = entry.current ?? undefined;
    else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !(el instanceof HTMLSelectElement)) {
      const next = controls(all[r + (e.key === 'ArrowUp' ? -1 : 1)]);
      target = next[Math.min(c, next.length - 1)];
    } else if (e.key === 'ArrowLeft' && (!text || (text.selectionStart === 0 && text.selectionEnd === 0))) target = inRow[c - 1];
    else if (e.key === 'ArrowRight' && (!text || text.selectionStart === text.value.length)) target = inRow[c + 1];
    if (!target) return;
    e.preventDefault();
    target.focus();
    if (target instanceof HTMLInputElement && target.type !== 'checkbox') target.select();
  }

  /** For the entry box: ArrowUp with nothing typed goes to the last row's first control. */
  function fromEntry(e: KeyboardEvent<HTMLInputElement>): boolean {
    if (e.key !== 'ArrowUp' || e.currentTarget.value !== '') return false;
    const first = controls(rows().at(-1))[0];
    if (!first) return false;
    e.preventDefault();
    first.focus();
    return true;
  }

  /** After a row is removed: back to the entry box rather than to the page body. */
  function afterRemove() {
    requestAnimationFrame(() => entry.current?.focus());
  }

  return { tableProps: { ref: table, onKeyDown: onTableKeyDown }, fromEntry, afterRemove };
}
