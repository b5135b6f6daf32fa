/**
 * Reads asked for at once — one wait on a clinic's server, where a transaction's statements are
 * pipelined (db/engine/postgres.ts) — whose failures are judged in the order given, as if each had
 * been awaited in turn: the reason the practitioner reads is the first check's, never whichever
 * answer happened to come back first. On PostgreSQL a statement that fails aborts the ones sent
 * after it, so the earliest is also the one with the real cause.
 */
export async function together<T extends readonly unknown[]>(reads: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * A read issued now and awaited later, where its check was always made: asked beside the reads
 * issued with it (one wait on a clinic's server) and judged in its old turn, so a later check's
 * failure never overtakes an earlier check's message. Its failure is not reported as unhandled
 * while the reads before it are awaited; awaiting it still throws.
 */
export function early<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
