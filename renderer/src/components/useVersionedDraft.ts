import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Outcome } from '../../../shared/outcome';
import type { Record_ } from '../query';
import { useAutosave } from './useAutosave';
import { useDraftVersion } from './useDraftVersion';

/**
 * A draft note (a visit, an assessment) as its screen edits it: the record comes from its read
 * hook (renderer/src/reads.ts), the typing saves itself (useAutosave.ts) and every save carries the
 * version it builds on (useDraftVersion.tsx), so another seat's newer save is refused, never
 * overwritten.
 *
 * The draft starts from the first answer — its values, or typing left from last time, and its
 * version. Later answers (this seat's saves read back, another seat's change heard on the feed)
 * change what is shown around the form, never the typing and never the version: taking another
 * seat's version is the practitioner's choice ("Load their version").
 */
export function useVersionedDraft<V, I extends object, R extends { version: number; signature: unknown }>(options: {
  /** Names the form's safety copy (shared/unsaved.ts): `visit.12`, `assessment.3`. */
  key: string;
  read: Record_<R>;
  /** The record as the database holds it now, asked at that moment. */
  reread: () => Promise<Outcome<R>>;
  toValues: (record: R) => V;
  toInput: (values: V, record: R) => I;
  save: (input: I, version: number | undefined) => Promise<Outcome<R>>;
}) {
  const record = options.read.value;
  const given = useRef(options);
  useLayoutEffect(() => {
    given.current = options;
  });
  const draft = useAutosave<V, I, R>({
    key: options.key,
    toInput: (values) => given.current.toInput(values, given.current.read.value!),
    send: (input) => versioned.saving((version) => given.current.save(input, version)),
    // What was saved is read back with every other record after the write (renderer/src/query.ts).
    onSaved: () => undefined,
  });
  const versioned = useDraftVersion<R>({
    reread: () => given.current.reread(),
    showTheirs: (theirs) => draft.replace(given.current.toValues(theirs)),
    flush: (): Promise<boolean> => draft.flush(),
  });

  const { load } = draft;
  const { read } = versioned;
  const started = useRef(false);
  useEffect(() => {
    if (started.current || record === undefined) return;
    started.current = true;
    read(record);
    load(given.current.toValues(record), record.signature === null);
  }, [record, load, read]);

  return { record, draft, versioned };
}
