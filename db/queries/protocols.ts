import type { z } from 'zod';
import { DomainError } from '../../shared/outcome';
import type { Phrase, Protocol, savePhraseInput, saveProtocolInput } from '../../shared/protocols';
import type { Treatment } from '../../shared/visit';
import { timestamp, type DbContext } from '../context';
import { audit } from './audit';
import { getProvider } from './providers';
import { treatmentOf } from './visits';

/** A practitioner's protocols and phrases (migration 17). Audited by id and name only, never the phrase text. */
export async function listProtocols(ctx: DbContext, providerId: number): Promise<Protocol[]> {
  const rows = await ctx.db.all<{ id: number; providerId: number; name: string; treatment: string }>(
    'SELECT id, provider_id AS "providerId", name, treatment FROM protocol WHERE provider_id = ? ORDER BY lower(name), id',
    [providerId],
  );
  return rows.map((r) => ({ ...r, treatment: JSON.parse(r.treatment) as Treatment }));
}

/** Saves the visit's saved treatment under a name; the same name again replaces that protocol. */
export async function saveProtocol(ctx: DbContext, input: z.output<typeof saveProtocolInput>): Promise<Protocol[]> {
  await getProvider(ctx, input.providerId);
  const visit = await ctx.db.get('SELECT id FROM visit WHERE id = ?', [input.fromVisitId]);
  if (!visit) throw new DomainError('not_found', `Visit ${input.fromVisitId} does not exist`);
  const treatment = await treatmentOf(ctx, input.fromVisitId);
  if (treatment.acupoints.length + treatment.triggerPoints.length + treatment.adjuncts.length === 0)
    throw new DomainError('invalid_input', 'Chart the treatment before saving it as a protocol', {
      name: 'Chart the treatment before saving it as a protocol',
    });
  await ctx.db.run(
    `INSERT INTO protocol (provider_id, name, treatment, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (provider_id, name) DO UPDATE SET treatment = excluded.treatment, created_at = excluded.created_at`,
    [input.providerId, input.name, JSON.stringify(treatment), timestamp(ctx)],
  );
  await audit(ctx, 'update', 'provider', input.providerId, `protocol saved from visit ${input.fromVisitId}`);
  return listProtocols(ctx, input.providerId);
}

export async function deleteProtocol(ctx: DbContext, id: number): Promise<void> {
  const row = await ctx.db.get<{ providerId: number }>('SELECT provider_id AS "providerId" FROM protocol WHERE id = ?', [id]);
  if (!row) throw new DomainError('not_found', `Protocol ${id} does not exist`);
  await ctx.db.run('DELETE FROM protocol WHERE id = ?', [id]);
  await audit(ctx, 'delete', 'provider', row.providerId, `protocol ${id}`);
}

export async function listPhrases(ctx: DbContext, providerId: number): Promise<Phrase[]> {
  return ctx.db.all<Phrase>(
    'SELECT id, provider_id AS "providerId", trigger_text AS trigger, body AS text FROM phrase WHERE provider_id = ? ORDER BY trigger_text',
    [providerId],
  );
}

/** Saves a phrase; the same trigger again replaces its text. */
export async function savePhrase(ctx: DbContext, input: z.output<typeof savePhraseInput>): Promise<Phrase[]> {
  await getProvider(ctx, input.providerId);
  await ctx.db.run(
    `INSERT INTO phrase (provider_id, trigger_text, body) VALUES (?, ?, ?)
     ON CONFLICT (provider_id, trigger_text) DO UPDATE SET body = excluded.body`,
    [input.providerId, input.trigger, input.text],
  );
  await audit(ctx, 'update', 'provider', input.providerId, `phrase ${input.trigger}`);
  return listPhrases(ctx, input.providerId);
}

export async function deletePhrase(ctx: DbContext, id: number): Promise<void> {
  const row = await ctx.db.get<{ providerId: number; trigger: string }>(
    'SELECT provider_id AS "providerId", trigger_text AS trigger FROM phrase WHERE id = ?',
    [id],
  );
  if (!row) throw new DomainError('not_found', `Phrase ${id} does not exist`);
  await ctx.db.run('DELETE FROM phrase WHERE id = ?', [id]);
  await audit(ctx, 'delete', 'provider', row.providerId, `phrase ${row.trigger}`);
}
