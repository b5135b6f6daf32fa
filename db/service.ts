import type { ServiceImpl } from '../shared/contract';
import type { DbContext } from './context';
import { schemaVersion } from './migrate';
import { getClinic, saveClinic } from './queries/clinic';
import { listPatients } from './queries/patient-list';
import { getPatient, savePatient, setPatientArchived } from './queries/patients';
import { listProviders, saveProvider } from './queries/providers';

export interface ServiceOptions {
  appVersion: string;
  databaseFile: string;
}

/**
 * The contract implemented over the query modules. Every call that writes runs in one
 * transaction: a user action either lands whole, audit row included, or not at all.
 */
export function createService(ctx: DbContext, options: ServiceOptions): ServiceImpl {
  const tx = <A extends unknown[], R>(fn: (...args: A) => R) => ctx.db.transaction(fn);
  return {
    appInfo: () => ({ version: options.appVersion, schemaVersion: schemaVersion(ctx.db), databaseFile: options.databaseFile }),
    getClinic: () => getClinic(ctx),
    saveClinic: tx((input) => saveClinic(ctx, input)),
    listProviders: ({ includeInactive }) => listProviders(ctx, includeInactive),
    saveProvider: tx((input) => saveProvider(ctx, input)),
    listPatients: (query) => listPatients(ctx, query),
    getPatient: ({ id }) => getPatient(ctx, id),
    savePatient: tx((input) => savePatient(ctx, input)),
    setPatientArchived: tx(({ id, archived }) => setPatientArchived(ctx, id, archived)),
  };
}
