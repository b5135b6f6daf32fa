import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { License, Provider, providerInput } from '../../shared/provider';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';

const SELECT_PROVIDER = `
  SELECT id, name, credentials, npi, license_number AS "licenseNumber", license_state AS "licenseState",
         taxonomy_code AS "taxonomyCode", signature_name AS "signatureName", active,
         has_passcode AS "hasPasscode",
         created_at AS "createdAt", updated_at AS "updatedAt"
  FROM provider`;

type ProviderRow = Omit<Provider, 'active' | 'otherLicenses' | 'hasPasscode'> & { active: number; hasPasscode: number | boolean };

/** Provider rows with their other licenses, read for all of them in one query. */
async function withLicenses(ctx: DbContext, rows: ProviderRow[]): Promise<Provider[]> {
  if (rows.length === 0) return [];
  const d = ctx.db.dialect;
  const licenses = await ctx.db.all<License & { providerId: number }>(
    `SELECT provider_id AS "providerId", kind, number, state FROM provider_license WHERE ${d.inIds('provider_id')} ORDER BY provider_id, position`,
    [d.ids(rows.map((r) => r.id))],
  );
  return withLicensesRead(rows, licenses);
}

function withLicensesRead(rows: ProviderRow[], licenses: (License & { providerId: number })[]): Provider[] {
  return rows.map((r) => ({
    ...r,
    active: r.active === 1,
    // SQLite answers 1/0, PostgreSQL true/false.
    hasPasscode: r.hasPasscode === 1 || r.hasPasscode === true,
    otherLicenses: licenses.filter((l) => l.providerId === r.id).map(({ kind, number, state }) => ({ kind, number, state })),
  }));
}

export async function listProviders(ctx: DbContext, includeInactive: boolean): Promise<Provider[]> {
  const where = includeInactive ? '' : 'WHERE active = 1';
  return withLicenses(ctx, await ctx.db.all<ProviderRow>(`${SELECT_PROVIDER} ${where} ORDER BY active DESC, lower(name), id`));
}

export async function getProvider(ctx: DbContext, id: number): Promise<Provider> {
  // The provider and its licenses asked for together (one wait on PostgreSQL).
  const [row, licenses] = await Promise.all([
    ctx.db.get<ProviderRow>(`${SELECT_PROVIDER} WHERE id = ?`, [id]),
    ctx.db.all<License & { providerId: number }>(
      `SELECT provider_id AS "providerId", kind, number, state FROM provider_license WHERE provider_id = ? ORDER BY position`,
      [id],
    ),
  ]);
  if (!row) throw new DomainError('not_found', `Provider ${id} does not exist`);
  return withLicensesRead([row], licenses)[0]!;
}

async function saveLicenses(ctx: DbContext, providerId: number, licenses: readonly License[]): Promise<void> {
  await ctx.db.run('DELETE FROM provider_license WHERE provider_id = ?', [providerId]);
  for (const [i, l] of licenses.entries()) {
    await ctx.db.run('INSERT INTO provider_license (provider_id, position, kind, number, state) VALUES (?, ?, ?, ?, ?)', [
      providerId,
      i,
      l.kind,
      l.number,
      l.state,
    ]);
  }
}

export async function saveProvider(ctx: DbContext, input: z.output<typeof providerInput>): Promise<Provider> {
  const clash = (await ctx.db.get('SELECT id, name FROM provider WHERE npi = ? AND id IS DISTINCT FROM ?', [input.npi, input.id ?? null])) as
    { id: number; name: string } | undefined;
  if (clash) {
    throw new DomainError('conflict', `NPI ${input.npi} already belongs to ${clash.name}`, {
      npi: `This NPI already belongs to ${clash.name}`,
    });
  }
  const now = timestamp(ctx);
  const values = { ...input, active: input.active ? 1 : 0, now };
  if (input.id === undefined) {
    const lastInsertRowid = await ctx.db.insert(
      `INSERT INTO provider (name, credentials, npi, license_number, license_state, taxonomy_code, signature_name, active, created_at, updated_at)
         VALUES (@name, @credentials, @npi, @licenseNumber, @licenseState, @taxonomyCode, @signatureName, @active, @now, @now)`,
      values,
    );
    const id = Number(lastInsertRowid);
    await saveLicenses(ctx, id, input.otherLicenses as License[]);
    await audit(ctx, 'create', 'provider', id);
    return await getProvider(ctx, id);
  }
  const before = await getProvider(ctx, input.id);
  await ctx.db.run(
    `UPDATE provider SET name = @name, credentials = @credentials, npi = @npi, license_number = @licenseNumber,
         license_state = @licenseState, taxonomy_code = @taxonomyCode, signature_name = @signatureName,
         active = @active, updated_at = @now
       WHERE id = @id`,
    values,
  );
  await saveLicenses(ctx, input.id, input.otherLicenses as License[]);
  const after = await getProvider(ctx, input.id);
  await audit(ctx, 'update', 'provider', input.id, changedFields({ ...before, updatedAt: '' }, { ...after, updatedAt: '' }).join(','));
  return after;
}
