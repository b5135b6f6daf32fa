import { DomainError } from '../../shared/outcome';
import type { Patient, PatientData, Race } from '../../shared/patient';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';
import { nameParts } from '../../shared/names';
import { fillOnce } from './derived-filled';

const SELECT_PATIENT = `
  SELECT id, first_name AS "firstName", last_name AS "lastName", date_of_birth AS "dateOfBirth", sex, phone, email,
         address_line1 AS "addressLine1", address_line2 AS "addressLine2", city, state, postal_code AS "postalCode",
         insurance_payer AS "insurancePayer", insurance_member_id AS "insuranceMemberId", insurance_group AS "insuranceGroup",
         insured_relationship AS "insuredRelationship", insured_name AS "insuredName", insured_date_of_birth AS "insuredDateOfBirth",
         insured_address_line1 AS "insuredAddressLine1", insured_city AS "insuredCity", insured_state AS "insuredState", insured_postal_code AS "insuredPostalCode",
         primary_sport AS "primarySport", weekly_volume AS "weeklyVolume", volume_unit AS "volumeUnit", long_run AS "longRun",
         training_phase AS "trainingPhase", archived_at AS "archivedAt", created_at AS "createdAt", updated_at AS "updatedAt"
  FROM patient WHERE id = ?`;

/**
 * The words of a patient's names for the name search (migration 20's `patient_name_part`), folded
 * by shared/names.ts as the search words are (db/queries/patient-list.ts).
 */
async function writeNameParts(ctx: DbContext, id: number, firstName: string, lastName: string): Promise<void> {
  await ctx.db.later('DELETE FROM patient_name_part WHERE patient_id = ?', [id]);
  for (const part of nameParts(firstName, lastName))
    await ctx.db.later('INSERT INTO patient_name_part (patient_id, part) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, part]);
}

/**
 * Words for every patient who has none: those on file when migration 20 created the table, or
 * written by another tool before. Run once per database when it is opened (db/host.ts), in one
 * transaction (db/queries/derived-filled.ts).
 */
export function fillNameParts(ctx: DbContext): Promise<number> {
  return fillOnce(ctx, 'name_parts', async (inTx) => {
    const missing = await inTx.db.all<{ id: number; firstName: string; lastName: string }>(
      `SELECT id, first_name AS "firstName", last_name AS "lastName" FROM patient p
        WHERE NOT EXISTS (SELECT 1 FROM patient_name_part n WHERE n.patient_id = p.id)`,
    );
    for (const p of missing) await writeNameParts(inTx, p.id, p.firstName, p.lastName);
    return missing.length;
  });
}

export async function getPatient(ctx: DbContext, id: number): Promise<Patient> {
  // Asked for together: one wait on PostgreSQL.
  const [row, races] = await Promise.all([
    ctx.db.get<Omit<Patient, 'races'>>(SELECT_PATIENT, [id]),
    ctx.db.all<Race>('SELECT id, name, race_date AS date, distance FROM race WHERE patient_id = ? ORDER BY race_date, id', [id]),
  ]);
  if (!row) throw new DomainError('not_found', `Patient ${id} does not exist`);
  return { ...row, races };
}

const COLUMNS = `first_name = @firstName, last_name = @lastName, date_of_birth = @dateOfBirth, sex = @sex, phone = @phone,
  email = @email, address_line1 = @addressLine1, address_line2 = @addressLine2, city = @city, state = @state,
  postal_code = @postalCode, insurance_payer = @insurancePayer, insurance_member_id = @insuranceMemberId,
  insurance_group = @insuranceGroup, insured_relationship = @insuredRelationship, insured_name = @insuredName,
  insured_date_of_birth = @insuredDateOfBirth, insured_address_line1 = @insuredAddressLine1, insured_city = @insuredCity,
  insured_state = @insuredState, insured_postal_code = @insuredPostalCode, primary_sport = @primarySport, weekly_volume = @weeklyVolume,
  volume_unit = @volumeUnit, long_run = @longRun, training_phase = @trainingPhase, updated_at = @now`;

/** Creates or updates a patient and their races; the caller runs it inside one transaction. */
export async function savePatient(ctx: DbContext, input: PatientData): Promise<Patient> {
  const { races, id: existingId, ...fields } = input;
  const now = timestamp(ctx);
  let id: number;
  let before: Patient | null = null;
  if (existingId === undefined) {
    const lastInsertRowid = await ctx.db.insert(
      `INSERT INTO patient (first_name, last_name, date_of_birth, sex, volume_unit, created_at, updated_at)
         VALUES (@firstName, @lastName, @dateOfBirth, @sex, @volumeUnit, @now, @now)`,
      { ...fields, now },
    );
    id = Number(lastInsertRowid);
    await ctx.db.later(`UPDATE patient SET ${COLUMNS} WHERE id = @id`, { ...fields, now, id });
  } else {
    id = existingId;
    // The patient as they were and the change, sent together: one wait on PostgreSQL. The read goes
    // first, so it sees them as they were; an archived patient's row is left as it is, and refused below.
    [before] = await Promise.all([
      getPatient(ctx, existingId),
      ctx.db.later(`UPDATE patient SET ${COLUMNS} WHERE id = @id AND archived_at IS NULL`, { ...fields, now, id }),
    ]);
    if (before.archivedAt) {
      throw new DomainError('conflict', 'This patient is archived; restore them before editing.');
    }
  }
  // Most edits are of contact or training details: the name's search words stay as they are.
  if (before?.firstName !== fields.firstName || before.lastName !== fields.lastName) await writeNameParts(ctx, id, fields.firstName, fields.lastName);
  await saveRaces(ctx, id, races, before?.races ?? []);
  // The writes above are not waited for: this read, behind them, sees them.
  const after = await getPatient(ctx, id);
  if (before) {
    const changed = changedFields(
      { ...before, updatedAt: '', races: before.races.map(({ name, date, distance }) => ({ name, date, distance })) },
      { ...after, updatedAt: '', races: after.races.map(({ name, date, distance }) => ({ name, date, distance })) },
    );
    await audit(ctx, 'update', 'patient', id, changed.join(','));
  } else {
    await audit(ctx, 'create', 'patient', id);
  }
  return after;
}

/**
 * Races are the patient's own list: rows kept by id are updated, missing ones removed, new ones
 * added. A race as it was is not written: every write to a race marks the patient's cases for
 * Review (db/migrations/0020_review_rows.ts), and most saves of a patient leave the races alone.
 */
async function saveRaces(ctx: DbContext, patientId: number, races: PatientData['races'], before: Race[]): Promise<void> {
  const existing = new Map(before.map((r) => [r.id, r]));
  const keep = new Set<number>();
  for (const [index, race] of races.entries()) {
    if (race.id !== undefined) {
      const was = existing.get(race.id);
      if (!was) {
        throw new DomainError('invalid_input', 'A race in the list belongs to another patient', {
          [`races.${index}.name`]: 'This race is not one of this patient’s races; reload and try again',
        });
      }
      keep.add(race.id);
      if (was.name === race.name && was.date === race.date && was.distance === race.distance) continue;
      await ctx.db.later('UPDATE race SET name = ?, race_date = ?, distance = ? WHERE id = ? AND patient_id = ?', [
        race.name,
        race.date,
        race.distance,
        race.id,
        patientId,
      ]);
    } else {
      await ctx.db.later('INSERT INTO race (patient_id, name, race_date, distance) VALUES (?, ?, ?, ?)', [patientId, race.name, race.date, race.distance]);
    }
  }
  for (const id of existing.keys()) if (!keep.has(id)) await ctx.db.later('DELETE FROM race WHERE id = ?', [id]);
}

export async function setPatientArchived(ctx: DbContext, id: number, archived: boolean): Promise<Patient> {
  const before = await getPatient(ctx, id);
  if ((before.archivedAt !== null) === archived) return before;
  const now = timestamp(ctx);
  await ctx.db.later('UPDATE patient SET archived_at = ?, updated_at = ? WHERE id = ?', [archived ? now : null, now, id]);
  await audit(ctx, archived ? 'archive' : 'restore', 'patient', id);
  return await getPatient(ctx, id);
}
