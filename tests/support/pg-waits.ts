import pg from 'pg';

/** Watching a PostgreSQL test server for one connection waiting on another: proved by order, never by time. */

/**
 * Settles with what happens first: `call` answers, or some server process is found waiting on one of
 * `holders` (pg_blocking_pids). The watch asks the server again as soon as it has answered; it
 * stops when the call answers.
 */
export async function answeredOrBlocked<T>(admin: pg.Client, holders: number[], call: Promise<T>): Promise<{ answered: T } | { blocked: number[] }> {
  let answered = false;
  type First = { answered: T } | { blocked: number[] };
  const answer: Promise<First> = call.then((value) => {
    answered = true;
    return { answered: value };
  });
  const watch = (async (): Promise<First> => {
    while (!answered) {
      const waiting = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pg_blocking_pids(pid) && $1::integer[]', [holders])).rows.map(
        (r) => r.pid,
      );
      if (waiting.length > 0 && !answered) return { blocked: waiting };
    }
    return answer;
  })();
  return Promise.race([answer, watch]);
}

/** A connection of its own to the test server, for watching the others; `name` is what pg_stat_activity shows. */
export async function adminClient(name: string): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: process.env.NEEDLEBOOK_TEST_PG, application_name: name });
  await admin.connect();
  return admin;
}
