import { useRef, useState, type KeyboardEvent, type MutableRefObject } from 'react';
import type { Protocol } from '../../../shared/protocols';
import { api } from '../api';
import { ReadFailed } from '../components/ReadFailed';
import { useProtocols } from '../reads';

const NONE: Protocol[] = [];

/**
 * Where a draft's treatment starts, in one menu: the last visit, the case condition's catalog
 * protocol, the practitioner's own saved protocols — and "Save as protocol…", which keeps this
 * visit's treatment under a name for the next patient. A menu button: Enter or ArrowDown opens it
 * on its first choice, the arrows move, Enter takes, Escape closes.
 */
export function StartFromMenu({
  buttonRef,
  providerId,
  catalogName,
  onLast,
  onCatalog,
  onProtocol,
  saveFrom,
}: {
  buttonRef?: MutableRefObject<HTMLButtonElement | null>;
  providerId: number;
  /** The case condition's catalog protocol, if it has one. */
  catalogName: string | null;
  onLast: () => void;
  onCatalog: () => void;
  onProtocol: (p: Protocol) => void;
  /** Saves the draft, then answers the visit whose saved treatment becomes the protocol. */
  saveFrom: () => Promise<number | null>;
}) {
  const read = useProtocols(providerId);
  const protocols = read.value ?? NONE;
  const [open, setOpen] = useState(false);
  const [naming, setNaming] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement | null>(null);

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  const openAt = (which: 'first' | 'last') => {
    setOpen(true);
    requestAnimationFrame(() => (which === 'first' ? items()[0] : items().at(-1))?.focus());
  };
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  const choose = (act: () => void) => {
    setOpen(false);
    act();
  };

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const go = (j: number) => {
      e.preventDefault();
      all[(j + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') close(false);
  }

  async function save() {
    const visitId = await saveFrom();
    if (visitId === null || naming === null) return;
    const o = await api.saveProtocol({ providerId, name: naming, fromVisitId: visitId });
    if (!o.ok) return setMessage(o.error.fields.name ?? o.error.message);
    setMessage(`Saved as protocol “${naming.trim()}”.`);
    setNaming(null);
  }

  return (
    <div
      className="protocol-menu start-from"
      onBlur={(e) => {
        // Focus leaving the button and its menu closes the menu, as a click elsewhere does.
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        type="button"
        ref={(el) => {
          button.current = el;
          if (buttonRef) buttonRef.current = el;
        }}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || ((e.key === 'Enter' || e.key === ' ') && !open)) {
            e.preventDefault();
            openAt('first');
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            openAt('last');
          }
        }}
      >
        Start from… <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="menu" role="menu" aria-label="Start from" ref={menu} onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose(onLast)}>
            Last visit
          </button>
          {catalogName ? (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose(onCatalog)}>
              {catalogName} <span className="muted">(catalog protocol)</span>
            </button>
          ) : null}
          {protocols.map((p) => (
            <button key={p.id} type="button" role="menuitem" tabIndex={-1} onClick={() => choose(() => onProtocol(p))}>
              {p.name} <span className="muted">(your protocol)</span>
            </button>
          ))}
          <hr />
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose(() => (setNaming(''), setMessage('')))}>
            Save this treatment as a protocol…
          </button>
        </div>
      ) : null}
      {naming !== null ? (
        <form
          className="protocol-name"
          aria-label="Save as protocol"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input aria-label="Protocol name" autoFocus value={naming} onChange={(e) => setNaming(e.target.value)} placeholder="e.g. ITBS runner" />
          <button type="submit">Save protocol</button>
          <button type="button" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      ) : null}
      {read.failure ? <ReadFailed what="your protocols" failure={read.failure} retry={read.retry} /> : null}
      {message ? (
        <span className="muted" role="status">
          {message}
        </span>
      ) : null}
    </div>
  );
}
