/**
 * Version 23: a patient's edit marks their cases' Review rows stale only when it changes what those
 * rows show. A row reads of the patient only the name (its text and sort key), the training phase
 * (the maintenance interval, shared/rules/progress.ts) and whether the patient is archived (archived
 * patients have no rows): db/queries/progress.ts `loadFacts`. Version 20's trigger fired on any
 * update, so a new phone number or weekly mileage recomputed every case of the patient inside the
 * save (docs/performance.md). The races have triggers of their own, unchanged.
 */
const WATCHED = ['first_name', 'last_name', 'training_phase', 'archived_at'];

const sql = `
DROP TRIGGER patient_review_update;
CREATE TRIGGER patient_review_update AFTER UPDATE ON patient FOR EACH ROW
WHEN ${WATCHED.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')}
BEGIN INSERT OR IGNORE INTO review_stale (case_id) SELECT id FROM care_case WHERE patient_id = NEW.id; END;
`;

export const postgres = `
CREATE OR REPLACE FUNCTION needlebook_patient_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ${WATCHED.map((c) => `NEW.${c} IS DISTINCT FROM OLD.${c}`).join(' OR ')} THEN
    INSERT INTO review_stale (case_id) SELECT id FROM care_case WHERE patient_id IN (NEW.id, OLD.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
`;

export default sql;
