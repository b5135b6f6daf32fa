import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Outcome } from '../../../shared/outcome';
import { api } from '../api';
import { readNow } from '../query';
import type { FormStatus } from './useForm';
import { namedProblems } from './field-names';
import { withoutRefusedFields } from './save-what-is-valid';

/** Where earlier versions kept unsaved typing, in the browser's storage: moved into the data file once read. */
const LEGACY_PREFIX = 'needlebook.unsaved.';
/**
 * The order of this window's safety copies and clears (db/queries/unsaved-drafts.ts): microseconds
 * of the clock, so a window opened later numbers after one closed before, and never twice the same.
 */
let lastSeq = 0;
const nextSeq = () => (lastSeq = Math.max(lastSeq + 1, Date.now() * 1000));

/** Sent on `window` when the app is unlocked. */
export const UNLOCKED_EVENT = 'needlebook:unlocked';

/**
 * Draft state that saves itself a moment after the practitioner stops typing. Saves run one at a
 * time; what was typed is also sent at once, as it is typed, to the data file's safety copy
 * (db/queries/unsaved-drafts.ts) until the save lands, so closing the window (or a refused save)
 * loses nothing and no clinical text is kept outside the data file. `flush` saves now — signing
 * waits for it. `key` names the form (shared/unsaved.ts): `visit.12`, `assessment.3`.
 *
 * A save refused for some fields saves the rest (save-what-is-valid.ts): one bad number does not
 * hold back a paragraph of notes. The refused fields stay marked, and the draft stays unsaved
 * until they are put right.
 */
export function useAutosave<T, I extends object, R>(options: {
  key: string;
  /** The form's values as the save sends them. */
  toInput: (values: T) => I;
  send: (input: I) => Promise<Outcome<R>>;
  onSaved: (result: R) => void;
  delay?: number;
}) {
  const { key, delay = 600 } = options;
  const [values, setValues] = useState<T | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });
  const [restored, setRestored] = useState(false);
  const [dirty, setDirty] = useState(false);
  const latest = useRef<T | null>(null);
  /**
   * What the data file holds of this draft: what a refused field is put back to. Loaded values are
   * turned into a save's input only when needed, once the screen has what \`toInput\` reads.
   */
  const lastSaved = useRef<{ values: T } | { input: I } | null>(null);
  const version = useRef(0);
  const savedVersion = useRef(0);
  const running = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const callbacks = useRef(options);
  useLayoutEffect(() => {
    callbacks.current = options;
  });

  // The safety copy: each change is sent at once, numbered, without waiting for the one before to
  // be answered — a copy queued behind another is lost if the window closes first. The data file
  // keeps the highest-numbered copy or clear (migration 24), whatever order they arrive in.
  const keep = useCallback(
    (next: T): Promise<unknown> =>
      // A refused copy (a damaged or full disk) leaves the typing in the form, where it still is.
      api.keepUnsaved({ key, values: JSON.stringify(next), seq: nextSeq() }).catch(() => undefined),
    [key],
  );
  const dropKept = useCallback(() => void api.clearUnsaved({ key, seq: nextSeq() }).catch(() => undefined), [key]);

  const saveNow = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    running.current = running.current.then(async () => {
      if (version.current === savedVersion.current || latest.current === null) return;
      const sending = version.current;
      setStatus({ kind: 'saving' });
      const send = async (input: I): Promise<Outcome<R>> => {
        try {
          return await callbacks.current.send(input);
        } catch {
          return { ok: false, error: { code: 'internal', message: 'Needlebook could not reach its data file.', fields: {} } };
        }
      };
      let input = callbacks.current.toInput(latest.current);
      let outcome = await send(input);
      // Refused for some fields: the rest is saved, and those fields stay marked. A second try can
      // find what the first could not (a row's own check runs once its fields pass), so the fields
      // refused are gathered over a few tries.
      let refused = !outcome.ok && outcome.error.code === 'invalid_input' ? outcome.error : null;
      const saved = refused ? lastSaved.current : null;
      const before = saved === null ? null : 'input' in saved ? saved.input : callbacks.current.toInput(saved.values);
      let rest: { input: I; fields: string[] } | null = null;
      const typed = input;
      for (let attempt = 0; refused && before && attempt < 4; attempt++) {
        rest = withoutRefusedFields(typed, before, Object.keys(refused.fields));
        if (!rest) break;
        const next = await send(rest.input);
        if (next.ok) {
          input = rest.input;
          outcome = next;
          break;
        }
        if (next.error.code !== 'invalid_input' || Object.keys(next.error.fields).every((f) => f in refused!.fields)) {
          rest = null;
          break;
        }
        refused = { ...refused, fields: { ...refused.fields, ...next.error.fields } };
      }
      if (refused) refused = { ...refused, message: namedProblems(refused.fields) };
      if (outcome.ok && refused && rest) {
        lastSaved.current = { input };
        setErrors(refused.fields);
        setStatus({ kind: 'error', message: refused.message, partial: true });
        callbacks.current.onSaved(outcome.value);
      } else if (outcome.ok) {
        lastSaved.current = { input };
        savedVersion.current = sending;
        setErrors({});
        setStatus({ kind: 'saved', at: new Date() });
        if (version.current === sending) {
          dropKept();
          setDirty(false);
        }
        callbacks.current.onSaved(outcome.value);
      } else {
        setErrors(outcome.error.fields);
        setStatus({ kind: 'error', message: outcome.error.code === 'invalid_input' ? namedProblems(outcome.error.fields) : outcome.error.message });
      }
    });
    return running.current;
  }, [dropKept]);

  // A save refused while the app was locked goes through once it is unlocked (renderer/src/session.tsx).
  useEffect(() => {
    const retry = () => void saveNow();
    window.addEventListener(UNLOCKED_EVENT, retry);
    return () => window.removeEventListener(UNLOCKED_EVENT, retry);
  }, [saveNow]);

  /** Starts from what the database holds — or from unsaved typing left from last time. */
  const load = useCallback(
    (fromDatabase: T, editable: boolean) => {
      const start = (kept: string | null) => {
        lastSaved.current = { values: fromDatabase };
        const values = kept === null ? fromDatabase : (JSON.parse(kept) as T);
        latest.current = values;
        setValues(values);
        if (kept === null) return;
        version.current += 1;
        setRestored(true);
        setDirty(true);
        void saveNow();
      };
      if (!editable) return start(null);
      const legacy = localStorage.getItem(LEGACY_PREFIX + key);
      if (legacy !== null) {
        // Typing an earlier version left in the browser: into the data file, then out of the browser.
        start(legacy);
        void keep(JSON.parse(legacy) as T).then(() => localStorage.removeItem(LEGACY_PREFIX + key));
        return;
      }
      void readNow('unsavedDraft', { key }).then((o) => {
        start(o.ok ? o.value.values : null);
        // The form opens from the record; that typing left from last time could not be read is said.
        if (!o.ok) setStatus({ kind: 'error', message: `Could not read what was typed here last time: ${o.error.message}` });
      });
    },
    [key, keep, saveNow],
  );

  const change = useCallback(
    (update: (current: T) => T) => {
      if (latest.current === null) return;
      const next = update(latest.current);
      latest.current = next;
      version.current += 1;
      setValues(next);
      setDirty(true);
      keep(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), delay);
    },
    [delay, keep, saveNow],
  );

  /** Saves anything pending and says whether the draft is now fully saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    await saveNow();
    return version.current === savedVersion.current;
  }, [saveNow]);

  /** After signing or deleting, nothing is left to save. */
  const forget = useCallback(() => {
    clearTimeout(timer.current);
    savedVersion.current = version.current;
    dropKept();
    setDirty(false);
  }, [dropKept]);

  /** Shows what the database now holds in place of the typing (another seat's newer save, taken on purpose). */
  const replace = useCallback(
    (values: T) => {
      clearTimeout(timer.current);
      lastSaved.current = { values };
      latest.current = values;
      version.current += 1;
      savedVersion.current = version.current;
      setValues(values);
      setErrors({});
      setStatus({ kind: 'idle' });
      dropKept();
      setDirty(false);
    },
    [dropKept],
  );

  useEffect(() => () => clearTimeout(timer.current), []);
  // Leaving the screen saves what is pending rather than dropping it.
  useEffect(() => () => void saveNow(), [saveNow]);

  return { values, change, load, replace, errors, status, dirty, restored, flush, forget };
}
