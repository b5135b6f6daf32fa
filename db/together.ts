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
