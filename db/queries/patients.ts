import { DomainError } from '../../shared/outcome';
import type { Patient, PatientData, Race } from '../../shared/patient';
import { timestamp, type DbContext } from '../context';
import { audit, changedFields } from './audit';

const SELECT_PATIENT = `
  SELECT id, first_name AS firstName, last_name AS lastName, date_of_birth AS dateOfBirth, sex, phone, email,
         address_line1 AS addressLine1, address_line2 AS addressLine2, city, state, postal_code AS postalCode,
         insurance_payer AS insurancePayer, insurance_member_id AS insuranceMemberId, insurance_group AS insuranceGroup,
         primary_sport AS primarySport, weekly_volume AS weeklyVolume, volume_unit AS volumeUnit, long_run AS longRun,
         training_phase AS trainingPhase, archived_at AS archivedAt, created_at AS createdAt, updated_at AS updatedAt
  FROM patient WHERE id = ?`;

export function getPatient(ctx: DbContext, id: number): Patient {
  const row = ctx.db.prepare(SELECT_PATIENT).get(id) as Omit<Patient, 'races'> | undefined;
  if (!row) throw new DomainError('not_found', `Patient ${id} does not exist`);
  const races = ctx.db
    .prepare('SELECT id, name, race_date AS date, distance FROM race WHERE patient_id = ? ORDER BY race_date, id')
    .all(id) as Race[];
  return { ...row, races };
}

const COLUMNS = `first_name = @firstName, last_name = @lastName, date_of_birth = @dateOfBirth, sex = @sex, phone = @phone,
  email = @email, address_line1 = @addressLine1, address_line2 = @addressLine2, city = @city, state = @state,
  postal_code = @postalCode, insurance_payer = @insurancePayer, insurance_member_id = @insuranceMemberId,
  insurance_group = @insuranceGroup, primary_sport = @primarySport, weekly_volume = @weeklyVolume,
  volume_unit = @volumeUnit, long_run = @longRun, training_phase = @trainingPhase, updated_at = @now`;

/** Creates or updates a patient and their races; the caller runs it inside one transaction. */
export function savePatient(ctx: DbContext, input: PatientData): Patient {
  const { races, id: existingId, ...fields } = input;
  const now = timestamp(ctx);
  let id: number;
  let before: Patient | null = null;
  if (existingId === undefined) {
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO patient (first_name, last_name, date_of_birth, sex, volume_unit, created_at, updated_at)
         VALUES (@firstName, @lastName, @dateOfBirth, @sex, @volumeUnit, @now, @now)`,
      )
      .run({ ...fields, now });
    id = Number(lastInsertRowid);
  } else {
    before = getPatient(ctx, existingId);
    if (before.archivedAt) {
      throw new DomainError('conflict', 'This patient is archived; restore them before editing.');
    }
    id = existingId;
  }
  ctx.db.prepare(`UPDATE patient SET ${COLUMNS} WHERE id = @id`).run({ ...fields, now, id });
  saveRaces(ctx, id, races);
  const after = getPatient(ctx, id);
  if (before) {
    const changed = changedFields(
      { ...before, updatedAt: '', races: before.races.map(({ name, date, distance }) => ({ name, date, distance })) },
      { ...after, updatedAt: '', races: after.races.map(({ name, date, distance }) => ({ name, date, distance })) },
    );
    audit(ctx, 'update', 'patient', id, changed.join(','));
  } else {
    audit(ctx, 'create', 'patient', id);
  }
  return after;
}

/** Races are the patient's own list: rows kept by id are updated, missing ones removed, new ones added. */
function saveRaces(ctx: DbContext, patientId: number, races: PatientData['races']): void {
  const existing = new Set(
    (ctx.db.prepare('SELECT id FROM race WHERE patient_id = ?').all(patientId) as { id: number }[]).map((r) => r.id),
  );
  const keep = new Set<number>();
  const update = ctx.db.prepare('UPDATE race SET name = ?, race_date = ?, distance = ? WHERE id = ? AND patient_id = ?');
  const insert = ctx.db.prepare('INSERT INTO race (patient_id, name, race_date, distance) VALUES (?, ?, ?, ?)');
  races.forEach((race, index) => {
    if (race.id !== undefined) {
      if (!existing.has(race.id)) {
        throw new DomainError('invalid_input', 'A race in the list belongs to another patient', {
          [`races.${index}.name`]: 'This race is not one of this patient’s races; reload and try again',
        });
      }
      update.run(race.name, race.date, race.distance, race.id, patientId);
      keep.add(race.id);
    } else {
      insert.run(patientId, race.name, race.date, race.distance);
    }
  });
  const remove = ctx.db.prepare('DELETE FROM race WHERE id = ?');
  for (const id of existing) if (!keep.has(id)) remove.run(id);
}

export function setPatientArchived(ctx: DbContext, id: number, archived: boolean): Patient {
  const before = getPatient(ctx, id);
  if ((before.archivedAt !== null) === archived) return before;
  const now = timestamp(ctx);
  ctx.db.prepare('UPDATE patient SET archived_at = ?, updated_at = ? WHERE id = ?').run(archived ? now : null, now, id);
  audit(ctx, archived ? 'archive' : 'restore', 'patient', id);
  return getPatient(ctx, id);
}
