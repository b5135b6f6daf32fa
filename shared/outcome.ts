import type { z } from 'zod';

/**
 * What every channel answers. Errors travel as data, not as thrown exceptions, because
 * Electron's contextBridge and our HTTP harness both lose custom properties on thrown errors.
 */
/**
 * `busy`: another program held the database's write lock for longer than the wait; nothing was saved.
 * `storage`: the disk or the data file failed (full, read-only, damaged); nothing was saved.
 * `unreachable`: the clinic's database server did not answer; nothing was saved, and the app reconnects by itself.
 */
export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'forbidden' | 'busy' | 'storage' | 'unreachable' | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path (e.g. `npi`, `races.0.date`) to a message that names the field. */
  fields: Record<string, string>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the service; the dispatcher turns it into an `ApiError`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function fieldErrorsFrom(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    // The first message for a field is the most specific one; later ones repeat it.
    fields[key] ??= issue.message;
  }
  return fields;
}

export function invalidInput(fields: Record<string, string>): ApiError {
  const count = Object.keys(fields).length;
  const first = Object.values(fields)[0] ?? 'The input is not valid.';
  return {
    code: 'invalid_input',
    message: count > 1 ? `${first} (and ${count - 1} more ${count === 2 ? 'problem' : 'problems'})` : first,
    fields,
  };
}
