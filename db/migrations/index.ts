import v1, { postgres as pg1 } from './0001_clinic_providers_patients';
import v2, { postgres as pg2 } from './0002_charting';
import v3, { postgres as pg3 } from './0003_mcid_settings';
import v4, { postgres as pg4 } from './0004_billing';
import v5, { postgres as pg5 } from './0005_billed_diagnoses';
import v6, { postgres as pg6 } from './0006_insertion_rounds';
import v7, { postgres as pg7 } from './0007_claim_fields';
import v8, { postgres as pg8 } from './0008_encounter_and_clinic_npi';
import v9, { postgres as pg9 } from './0009_provider_licenses';
import v10, { postgres as pg10 } from './0010_evaluation_minutes';
import v11, { postgres as pg11 } from './0011_replace_guards';
import v12, { postgres as pg12 } from './0012_signature_snapshot';
import v13, { postgres as pg13 } from './0013_ledger_and_reopening';
import v14, { postgres as pg14 } from './0014_unsaved_drafts_and_settings';
import v15, { postgres as pg15 } from './0015_safety_screen_and_consents';
import v16, { postgres as pg16 } from './0016_tcm_findings';
import v17, { postgres as pg17 } from './0017_protocols_and_phrases';
import v18, { postgres as pg18 } from './0018_psfs_activities';
import v19, { postgres as pg19 } from './0019_unsigned_note_indexes';
import v20, { postgres as pg20 } from './0020_review_rows';
import v21, { postgres as pg21 } from './0021_clinic_seats';
import v22, { postgres as pg22 } from './0022_active_patient_index';
import v23, { postgres as pg23 } from './0023_patient_review_trigger';
import v24, { postgres as pg24 } from './0024_unsaved_draft_order';
import v25, { postgres as pg25 } from './0025_server_holds';
import v26, { postgres as pg26 } from './0026_migration_record_and_ledger_start';
import v27, { postgres as pg27 } from './0027_claim_boxes_and_code_year';
import v28, { postgres as pg28 } from './0028_safety_screen_at_signing';
import v29, { postgres as pg29 } from './0029_ledger_lock_and_search';
import v30, { postgres as pg30 } from './0030_verified_ledger_head';
import v31, { postgres as pg31 } from './0031_note_search_on_text_change';
import v32, { postgres as pg32 } from './0032_draft_note_search';
import v33, { postgres as pg33 } from './0033_patient_and_draft_indexes';
import v34, { postgres as pg34 } from './0034_review_row_turns';
import v35, { postgres as pg35 } from './0035_planned_once_helpers';
import v36, { postgres as pg36 } from './0036_ledger_hashes_in_ranges';

/** One schema version, written for each engine. Both texts must create the same tables and guarantees. */
export interface Migration {
  sqlite: string;
  postgres: string;
}

/** Every migration in order; index + 1 is the schema version it brings the database to. */
export const MIGRATIONS: readonly Migration[] = [
  { sqlite: v1, postgres: pg1 },
  { sqlite: v2, postgres: pg2 },
  { sqlite: v3, postgres: pg3 },
  { sqlite: v4, postgres: pg4 },
  { sqlite: v5, postgres: pg5 },
  { sqlite: v6, postgres: pg6 },
  { sqlite: v7, postgres: pg7 },
  { sqlite: v8, postgres: pg8 },
  { sqlite: v9, postgres: pg9 },
  { sqlite: v10, postgres: pg10 },
  { sqlite: v11, postgres: pg11 },
  { sqlite: v12, postgres: pg12 },
  { sqlite: v13, postgres: pg13 },
  { sqlite: v14, postgres: pg14 },
  { sqlite: v15, postgres: pg15 },
  { sqlite: v16, postgres: pg16 },
  { sqlite: v17, postgres: pg17 },
  { sqlite: v18, postgres: pg18 },
  { sqlite: v19, postgres: pg19 },
  { sqlite: v20, postgres: pg20 },
  { sqlite: v21, postgres: pg21 },
  { sqlite: v22, postgres: pg22 },
  { sqlite: v23, postgres: pg23 },
  { sqlite: v24, postgres: pg24 },
  { sqlite: v25, postgres: pg25 },
  { sqlite: v26, postgres: pg26 },
  { sqlite: v27, postgres: pg27 },
  { sqlite: v28, postgres: pg28 },
  { sqlite: v29, postgres: pg29 },
  { sqlite: v30, postgres: pg30 },
  { sqlite: v31, postgres: pg31 },
  { sqlite: v32, postgres: pg32 },
  { sqlite: v33, postgres: pg33 },
  { sqlite: v34, postgres: pg34 },
  { sqlite: v35, postgres: pg35 },
  { sqlite: v36, postgres: pg36 },
];
export const LATEST_VERSION = MIGRATIONS.length;
