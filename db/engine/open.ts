import type { MigrateOptions } from '../migrate';
import { openPostgres, type PostgresOptions } from './postgres';
import { openSqlite } from './sqlite';
import { isPostgresUrl, type Engine } from './types';

/** Opens what `--db` names: a postgres:// URL on PostgreSQL, anything else as a SQLite file. */
export async function openEngine(target: string, options: MigrateOptions & PostgresOptions = {}): Promise<Engine> {
  return isPostgresUrl(target) ? openPostgres(target, options) : openSqlite(target, options);
}
