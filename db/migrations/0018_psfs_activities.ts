/**
 * Version 18: the Patient-Specific Functional Scale's own activities on an assessment.
 *
 * `psfs_activities` holds up to five activities the runner named, each with its 0–10 score, as
 * JSON (shared/assessment.ts validates it). The PSFS average stays an outcome row as before, worked
 * out from these when they are given. A column of the assessment's own row, so a signed assessment's
 * activities are sealed and guarded with it, and older assessments' seals do not change.
 */
export default `ALTER TABLE assessment ADD COLUMN psfs_activities TEXT CHECK (psfs_activities IS NULL OR json_valid(psfs_activities));`;
export const postgres = `ALTER TABLE assessment ADD COLUMN psfs_activities text CHECK (psfs_activities IS NULL OR psfs_activities::jsonb IS NOT NULL);`;
