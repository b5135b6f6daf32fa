import type { MigrateOptions } from '../migrate';
import { openPostgres, type PostgresOptions } from './postgres';
import { openSqlite, type SqliteOpenOptions } from './sqlite';
import { isPostgresUrl, type Engine } from './types';

/** Opens what `--db` names: a postgres:// URL on PostgreSQL, anything else as a SQLite file. */
export async function openEngine(target: string, options: MigrateOptions & PostgresOptions & Pick<SqliteOpenOptions, 'quickCheckLater'> = {}): Promise<Engine> {
  return isPostgresUrl(target) ? openPostgres(target, options) : openSqlite(target, options);
}
