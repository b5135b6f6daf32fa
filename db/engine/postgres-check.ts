import pg from 'pg';
import { recordedVersionPostgres, schemaVersionLine, setBackLine } from '../migrate';
import { LATEST_VERSION } from '../migrations';
import { checkRecords } from '../integrity-check';
import { openPostgres, redactUrl } from './postgres';

/** The tables every schema version has; a clinic database missing one is not intact. */
const TABLES = ['clinic', 'provider', 'patient', 'race', 'audit_log', 'care_case', 'visit', 'assessment', 'addendum', 'note_search'];

/**
 * `needlebook check` on PostgreSQL: connects without migrating and reports the schema version,
 * the tables, the guards and every signed record against its seal. Exit 1 when anything is
 * missing, altered or newer than this copy.
 */
export async function checkPostgres(url: string, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'needlebook check' });
  try {
    await client.connect();
  } catch (error) {
    print(`database: ${redactUrl(url)}`);
    print(`connection: failed — ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    print(`database: ${redactUrl(url)}`);
    const server = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    print(`server: PostgreSQL ${server}`);
    const hasSchema = (await client.query("SELECT to_regclass('needlebook_schema') IS NOT NULL AS ok")).rows[0].ok as boolean;
    const version = hasSchema ? ((await client.query<{ version: number }>('SELECT version FROM needlebook_schema')).rows[0]?.version ?? 0) : 0;
    const recorded = await recordedVersionPostgres(client);
    print(schemaVersionLine(version, recorded));
    const setBack = setBackLine(version, recorded);
    if (setBack) {
      print(setBack);
      return 1;
    }
    const present = new Set(
      (await client.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()')).rows.map((r) => r.t),
    );
    const missingTables = version === 0 ? [] : TABLES.filter((t) => !present.has(t));
    print(`tables: ${missingTables.length === 0 ? 'ok' : `missing ${missingTables.join(', ')}`}`);
    let recordsOk = true;
    if (version === LATEST_VERSION && missingTables.length === 0) {
      // At the latest version opening migrates nothing; the check itself only reads.
      const engine = await openPostgres(url, { max: 2 });
      try {
        recordsOk = await checkRecords(engine, print);
      } finally {
        await engine.close();
      }
    } else if (version > 0) print('guards and ledger: not checked until the app upgrades this database');
    return version > LATEST_VERSION || missingTables.length > 0 || !recordsOk ? 1 : 0;
  } finally {
    await client.end();
  }
}
