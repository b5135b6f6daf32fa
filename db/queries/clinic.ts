import type { z } from 'zod';
import type { Clinic, clinicInput } from '../../shared/clinic';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';

const SELECT_CLINIC = `
  SELECT name, address_line1 AS "addressLine1", address_line2 AS "addressLine2", city, state,
         postal_code AS "postalCode", phone, email, tax_id AS "taxId", npi,
         place_of_service AS "placeOfService", idle_lock_minutes AS "idleLockMinutes", tcm_findings AS "tcmFindings", updated_at AS "updatedAt"
  FROM clinic WHERE id = 1`;

export async function getClinic(ctx: DbContext): Promise<Clinic | null> {
  const row = (await ctx.db.get(SELECT_CLINIC)) as (Omit<Clinic, 'tcmFindings'> & { tcmFindings: number }) | undefined;
  return row ? { ...row, tcmFindings: row.tcmFindings === 1 } : null;
}

export async function saveClinic(ctx: DbContext, input: z.output<typeof clinicInput>): Promise<Clinic> {
  const before = await getClinic(ctx);
  await ctx.db.run(
    `INSERT INTO clinic (id, name, address_line1, address_line2, city, state, postal_code, phone, email, tax_id, npi, place_of_service, idle_lock_minutes, tcm_findings, updated_at)
       VALUES (1, @name, @addressLine1, @addressLine2, @city, @state, @postalCode, @phone, @email, @taxId, @npi, @placeOfService, @idleLockMinutes, @tcmFindings, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET
         name = excluded.name, address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
         city = excluded.city, state = excluded.state, postal_code = excluded.postal_code, phone = excluded.phone,
         email = excluded.email, tax_id = excluded.tax_id, npi = excluded.npi, place_of_service = excluded.place_of_service,
         idle_lock_minutes = excluded.idle_lock_minutes, tcm_findings = excluded.tcm_findings, updated_at = excluded.updated_at`,
    { ...input, tcmFindings: input.tcmFindings ? 1 : 0, updatedAt: timestamp(ctx) },
  );
  const after = (await getClinic(ctx))!;
  if (before) await audit(ctx, 'update', 'clinic', 1, changedFields({ ...before, updatedAt: '' }, { ...after, updatedAt: '' }).join(','));
  else await audit(ctx, 'create', 'clinic', 1);
  return after;
}
