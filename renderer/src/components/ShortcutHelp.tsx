import { useEffect, useRef } from 'react';

/** Every keyboard shortcut in one place; `?` opens it from anywhere outside a text field. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Ctrl+K', 'Go to a patient, chart a new visit on this case, chart a point or muscle on this draft (ST36, gastroc), search notes, or open a screen'],
  ['?', 'This list'],
  ['Ctrl+Enter', 'Sign the visit or assessment on screen (a dialog confirms; Enter, or Ctrl+Enter from the reason, signs)'],
  ['Enter', 'In a point or muscle box: add what was typed and stay in the box'],
  ['GB31 R - GB34 R 2/100 Hz dd 2 mA 20 min', 'In the point box: a lead pair (and its points), with Hz, waveform (cont, dd, int), mA and minutes in any order'],
  ['Tab after a lead pair', 'To its Hz, waveform, mA and minutes; Esc or Enter back to the point box'],
  ['↑ in an empty box', 'To the last row of its table, for gauge, depth, passes…'],
  ['← → ↑ ↓ in a row', 'Along the row, or to the row above or below'],
  ['Esc', 'Close a dialog or form; from a table row, back to its box'],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="palette shortcut-help" aria-labelledby="shortcuts-title" onCancel={onClose} onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="grid">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button autoFocus>Close</button>
      </form>
    </dialog>
  );
}
