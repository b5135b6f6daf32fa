import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Outcome } from '../../../shared/outcome';

/**
 * Optimistic versioning of a draft, as a form sees it (docs/clinic-mode.md): every save sends the
 * version last read or saved, and a save refused because another seat saved since is remembered
 * with its message until the practitioner chooses — their version, or theirs over it on purpose.
 * The typing itself stays in the form (renderer/src/components/useAutosave.ts).
 */
export function useDraftVersion<R extends { version: number }>(options: {
  /** The record as the database holds it now. */
  reread: () => Promise<Outcome<R>>;
  /** Shows the other seat's version in place of the typing. */
  showTheirs: (record: R) => void;
  /** Saves what is typed now. */
  flush: () => Promise<unknown>;
}) {
  const version = useRef<number | undefined>(undefined);
  const [stale, setStale] = useState<string | null>(null);
  const given = useRef(options);
  useLayoutEffect(() => {
    given.current = options;
  });

  /** Wraps a save: sends the version, keeps the next one, notes a refusal for another seat's newer save. */
  const saving = useCallback(async (save: (version: number | undefined) => Promise<Outcome<R>>): Promise<Outcome<R>> => {
    const o = await save(version.current);
    if (o.ok) version.current = o.value.version;
    setStale(!o.ok && o.error.code === 'conflict' && o.error.fields.version ? o.error.message : null);
    return o;
  }, []);
  /** The record as read: its version is the one the next save builds on. */
  const read = useCallback((record: R) => {
    version.current = record.version;
  }, []);
  const latest = async () => {
    const o = await given.current.reread();
    if (o.ok) version.current = o.value.version;
    // Their version could not be read: said in the notice, which stays with both ways on.
    else setStale(`Could not read the version saved since: ${o.error.message}`);
    return o.ok ? o.value : null;
  };
  const loadTheirs = async () => {
    const theirs = await latest();
    if (!theirs) return;
    given.current.showTheirs(theirs);
    setStale(null);
  };
  const keepMine = async () => {
    if (!(await latest())) return;
    setStale(null);
    await given.current.flush();
  };
  return { saving, read, stale, loadTheirs, keepMine };
}

/** The refusal, and the two ways on from it. */
export function StaleDraftNotice({ draft }: { draft: { stale: string | null; loadTheirs(): Promise<void>; keepMine(): Promise<void> } }) {
  if (!draft.stale) return null;
  return (
    <div className="notice notice-danger" role="alert">
      <p>{draft.stale}</p>
      <div className="actions">
        <button type="button" onClick={() => void draft.loadTheirs()}>
          Load their version
        </button>
        <button type="button" onClick={() => void draft.keepMine()}>
          Save mine over theirs
        </button>
      </div>
    </div>
  );
}
