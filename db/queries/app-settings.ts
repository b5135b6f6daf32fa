import type { DbContext } from '../context';

/** The data file's own settings (migration 14's `app_setting`), by name. */
export type SettingName = 'backup_folder';

export async function getSetting(ctx: DbContext, name: SettingName): Promise<string | null> {
  const row = await ctx.db.get<{ value: string }>('SELECT value FROM app_setting WHERE name = ?', [name]);
  return row?.value ?? null;
}

/** Sets (or with null, clears) one setting; the caller's transaction holds it with its audit row. */
export async function setSetting(ctx: DbContext, name: SettingName, value: string | null): Promise<void> {
  if (value === null) await ctx.db.run('DELETE FROM app_setting WHERE name = ?', [name]);
  else await ctx.db.run('INSERT INTO app_setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
}
