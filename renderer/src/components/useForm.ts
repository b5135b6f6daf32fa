import { useCallback, useState } from 'react';
import type { Outcome } from '../../../shared/outcome';

export type FormStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string; /** The rest of the form was saved (useAutosave). */ partial?: boolean };

/**
 * Form state that survives a failed save: the values stay exactly as typed, and the contract's
 * field errors are shown next to the fields they name.
 */
export function useForm<T extends object>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });
  const [dirty, setDirty] = useState(false);

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setDirty(true);
    // Once the user touches a field its old error no longer describes what is there.
    setErrors((e) => {
      const prefix = String(key);
      if (!Object.keys(e).some((k) => k === prefix || k.startsWith(`${prefix}.`))) return e;
      return Object.fromEntries(Object.entries(e).filter(([k]) => k !== prefix && !k.startsWith(`${prefix}.`)));
    });
  }, []);

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
    setDirty(false);
  }, []);

  async function submit<R>(send: (values: T) => Promise<Outcome<R>>): Promise<R | null> {
    setStatus({ kind: 'saving' });
    let outcome: Outcome<R>;
    try {
      outcome = await send(values);
    } catch {
      outcome = { ok: false, error: { code: 'internal', message: 'Needlebook could not reach its data file; nothing was saved.', fields: {} } };
    }
    if (outcome.ok) {
      setErrors({});
      setDirty(false);
      setStatus({ kind: 'saved', at: new Date() });
      return outcome.value;
    }
    setErrors(outcome.error.fields);
    setStatus({ kind: 'error', message: outcome.error.message });
    return null;
  }

  return { values, set, errors, status, dirty, reset, submit };
}
