import v1 from './0001_clinic_providers_patients';

/** Every migration in order; index + 1 is the schema version it brings the file to. */
export const MIGRATIONS: readonly string[] = [v1];
export const LATEST_VERSION = MIGRATIONS.length;
