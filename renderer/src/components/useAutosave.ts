import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Outcome } from '../../../shared/outcome';
import type { FormStatus } from './useForm';

const BACKUP_PREFIX = 'needlebook.unsaved.';
/** Sent on `window` when the app is unlocked. */
export const UNLOCKED_EVENT = 'needlebook:unlocked';

/**
 * Draft state that saves itself a moment after the practitioner stops typing. Saves run one at a
 * time; what was typed is also kept in local storage until the database has it, so closing the
 * window (or a refused save) loses nothing. `flush` saves now — signing waits for it.
 */
export function useAutosave<T, R>(options: { key: string; save: (values: T) => Promise<Outcome<R>>; onSaved: (result: R) => void; delay?: number }) {
  const { key, delay = 600 } = options;
  const [values, setValues] = useState<T | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });
  const [restored, setRestored] = useState(false);
  const [dirty, setDirty] = useState(false);
  const latest = useRef<T | null>(null);
  const version = useRef(0);
  const savedVersion = useRef(0);
  const running = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const callbacks = useRef(options);
  useLayoutEffect(() => {
    callbacks.current = options;
  });

  const backupKey = BACKUP_PREFIX + key;

  const saveNow = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    running.current = running.current.then(async () => {
      if (version.current === savedVersion.current || latest.current === null) return;
      const sending = version.current;
      setStatus({ kind: 'saving' });
      let outcome: Outcome<R>;
      try {
        outcome = await callbacks.current.save(latest.current);
      } catch {
        outcome = { ok: false, error: { code: 'internal', message: 'Needlebook could not reach its data file.', fields: {} } };
      }
      if (outcome.ok) {
        savedVersion.current = sending;
        setErrors({});
        setStatus({ kind: 'saved', at: new Date() });
        if (version.current === sending) {
          localStorage.removeItem(backupKey);
          setDirty(false);
        }
        callbacks.current.onSaved(outcome.value);
      } else {
        setErrors(outcome.error.fields);
        setStatus({ kind: 'error', message: outcome.error.message });
      }
    });
    return running.current;
  }, [backupKey]);

  // A save refused while the app was locked goes through once it is unlocked (renderer/src/session.tsx).
  useEffect(() => {
    const retry = () => void saveNow();
    window.addEventListener(UNLOCKED_EVENT, retry);
    return () => window.removeEventListener(UNLOCKED_EVENT, retry);
  }, [saveNow]);

  /** Starts from what the database holds — or from unsaved typing left from last time. */
  const load = useCallback(
    (fromDatabase: T, editable: boolean) => {
      const backup = editable ? localStorage.getItem(backupKey) : null;
      const start = backup ? (JSON.parse(backup) as T) : fromDatabase;
      latest.current = start;
      setValues(start);
      if (backup) {
        version.current += 1;
        setRestored(true);
        setDirty(true);
        void saveNow();
      }
    },
    [backupKey, saveNow],
  );

  const change = useCallback(
    (update: (current: T) => T) => {
      if (latest.current === null) return;
      const next = update(latest.current);
      latest.current = next;
      version.current += 1;
      setValues(next);
      setDirty(true);
      localStorage.setItem(backupKey, JSON.stringify(next));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), delay);
    },
    [backupKey, delay, saveNow],
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
    localStorage.removeItem(backupKey);
    setDirty(false);
  }, [backupKey]);

  useEffect(() => () => clearTimeout(timer.current), []);
  // Leaving the screen saves what is pending rather than dropping it.
  useEffect(() => () => void saveNow(), [saveNow]);

  return { values, change, load, errors, status, dirty, restored, flush, forget };
}
