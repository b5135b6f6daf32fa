import { z } from 'zod';
import { clinicInput, type Clinic } from './clinic';
import { recordId } from './fields';
import type { Outcome } from './outcome';
import { patientInput, patientListQuery, type Patient, type PatientPage } from './patient';
import { providerInput, type Provider } from './provider';

/** A type carried by the contract only at compile time: results are produced by our own code. */
declare const resultType: unique symbol;
export interface Returns<T> {
  readonly [resultType]?: T;
}
const returns = <T>(): Returns<T> => ({});

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databaseFile: string;
}

const nothing = z.strictObject({});

/**
 * The one contract between the UI and the data: channel name → input schema and result type.
 * The service implements it, Electron's main process and the browser harness parse every input
 * against it, and the renderer calls it through `window.needlebook`.
 */
export const contract = {
  appInfo: { input: nothing, result: returns<AppInfo>() },
  getClinic: { input: nothing, result: returns<Clinic | null>() },
  saveClinic: { input: clinicInput, result: returns<Clinic>() },
  listProviders: {
    input: z.strictObject({ includeInactive: z.boolean().default(true) }),
    result: returns<Provider[]>(),
  },
  saveProvider: { input: providerInput, result: returns<Provider>() },
  listPatients: { input: patientListQuery, result: returns<PatientPage>() },
  getPatient: { input: z.strictObject({ id: recordId }), result: returns<Patient>() },
  savePatient: { input: patientInput, result: returns<Patient>() },
  setPatientArchived: {
    input: z.strictObject({ id: recordId, archived: z.boolean() }),
    result: returns<Patient>(),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type ResultOf<C extends Channel> = Contract[C]['result'] extends Returns<infer T> ? T : never;

/** What `window.needlebook` is, in Electron and in the browser harness alike. */
export type NeedlebookApi = { readonly [C in Channel]: (input: InputOf<C>) => Promise<Outcome<ResultOf<C>>> };

/** What the service implements: parsed input in, result out, synchronously (better-sqlite3). */
export type ServiceImpl = { readonly [C in Channel]: (input: ParsedInputOf<C>) => ResultOf<C> };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The IPC channel name for a contract channel; prefixed so nothing else on ipcMain collides. */
export const ipcChannel = (c: Channel): string => `needlebook:${c}`;
