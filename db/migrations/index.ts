import v1 from './0001_clinic_providers_patients';
import v2 from './0002_charting';
import v3 from './0003_mcid_settings';
import v4 from './0004_billing';

/** Every migration in order; index + 1 is the schema version it brings the file to. */
export const MIGRATIONS: readonly string[] = [v1, v2, v3, v4];
export const LATEST_VERSION = MIGRATIONS.length;
