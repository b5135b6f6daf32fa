import { z } from 'zod';
import { foldName } from '../names';
import { patientInput, type PatientData } from '../patient';
import { isIsoDate } from '../validation/dates';

/**
 * Patients brought in from another system's CSV (issue 36, point 4): which column holds what, a
 * guess at it from the headers other systems write, and each row turned into a patient as the
 * patient form would save it — or the problems that stop it, each named by its field.
 */
export const IMPORT_FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['dateOfBirth', 'Date of birth'],
  ['sex', 'Sex'],
  ['phone', 'Phone'],
  ['email', 'E-mail'],
  ['addressLine1', 'Address'],
  ['addressLine2', 'Address line 2'],
  ['city', 'City'],
  ['state', 'State'],
  ['postalCode', 'ZIP code'],
  ['insurancePayer', 'Insurer'],
  ['insuranceMemberId', 'Member ID'],
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number][0];
export const IMPORT_FIELD_LABEL = Object.fromEntries(IMPORT_FIELDS) as Record<ImportField, string>;
const FIELD_IDS = IMPORT_FIELDS.map(([f]) => f) as [ImportField, ...ImportField[]];

/** Field → the column (0-based) it is read from, or null for none. */
export type ColumnMapping = Record<ImportField, number | null>;

/** Headers other systems and spreadsheets use, folded (lower case, no accents, letters and digits only). */
const HEADER_WORDS: Record<ImportField, readonly string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'given', 'forename', 'patientfirstname', 'fname', 'vorname', 'prenom', 'nombre'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'family', 'patientlastname', 'lname', 'nachname', 'nom', 'apellido', 'apellidos'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'born', 'geburtsdatum', 'datedenaissance', 'fechadenacimiento', 'patientdob'],
  sex: ['sex', 'gender', 'geschlecht', 'sexe', 'sexo', 'sexatbirth'],
  phone: ['phone', 'phonenumber', 'mobile', 'cell', 'cellphone', 'telephone', 'tel', 'homephone', 'mobilephone', 'telefon', 'telefono', 'contactnumber'],
  email: ['email', 'emailaddress', 'mail', 'correo'],
  addressLine1: ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'adresse', 'strasse', 'direccion', 'mailingaddress'],
  addressLine2: ['address2', 'addressline2', 'apt', 'suite', 'unit'],
  city: ['city', 'town', 'ort', 'stadt', 'ville', 'ciudad'],
  state: ['state', 'province', 'region', 'st'],
  postalCode: ['zip', 'zipcode', 'postalcode', 'postcode', 'plz', 'codepostal'],
  insurancePayer: [
    'insurance',
    'insurer',
    'payer',
    'payor',
    'insurancecompany',
    'carrier',
    'insurancename',
    'insuranceprovider',
    'plan',
    'primaryinsurance',
    'versicherung',
    'krankenkasse',
    'assurance',
    'mutuelle',
    'aseguradora',
  ],
  insuranceMemberId: [
    'memberid',
    'member',
    'membernumber',
    'subscriberid',
    'policynumber',
    'policyid',
    'insuranceid',
    'insuranceidnumber',
    'idnumber',
    'versichertennummer',
    'mitgliedsnummer',
  ],
};

const foldHeader = (h: string) => foldName(h).replace(/[^a-z0-9]/g, '');

/** The mapping guessed from the headers: each field takes the first column whose header is one of its words. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const folded = headers.map(foldHeader);
  const taken = new Set<number>();
  const mapping = Object.fromEntries(FIELD_IDS.map((f) => [f, null])) as ColumnMapping;
  for (const field of FIELD_IDS) {
    const i = folded.findIndex((h, at) => !taken.has(at) && HEADER_WORDS[field].includes(h));
    if (i >= 0) {
      mapping[field] = i;
      taken.add(i);
    }
  }
  return mapping;
}

export const columnMapping = z.strictObject(
  Object.fromEntries(FIELD_IDS.map((f) => [f, z.number().int().min(0).max(199).nullable().default(null)])) as Record<
    ImportField,
    z.ZodDefault<z.ZodNullable<z.ZodNumber>>
  >,
);

/**
 * A date of birth as other systems write it: 1984-03-07, 3/7/1984 (US order), 07.03.1984 (the
 * European order that comes with semicolon files). Null when it is none of them.
 */
export function importedDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const eu = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const [y, m, d] = us ? [us[3]!, us[1]!, us[2]!] : eu ? [eu[3]!, eu[2]!, eu[1]!] : [null, null, null];
  if (!y) return null;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const SEX_WORDS: Record<string, PatientData['sex']> = {
  f: 'female',
  female: 'female',
  woman: 'female',
  w: 'female',
  m: 'male',
  male: 'male',
  man: 'male',
  i: 'intersex',
  intersex: 'intersex',
  x: 'unknown',
  u: 'unknown',
  unknown: 'unknown',
  other: 'unknown',
};

export interface RowProblem {
  field: ImportField;
  message: string;
}

/** One row as a patient, or its problems by field. A blank sex is "unknown", as the form offers. */
export function rowToPatient(cells: readonly string[], mapping: ColumnMapping): { patient: PatientData | null; problems: RowProblem[] } {
  const cell = (f: ImportField) => {
    const at = mapping[f];
    return at === null ? '' : (cells[at] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const dobText = cell('dateOfBirth');
  const dob = importedDate(dobText);
  if (dobText && !dob) problems.push({ field: 'dateOfBirth', message: `Date of birth "${dobText}" is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)` });
  const sexText = cell('sex');
  const sex = sexText === '' ? 'unknown' : SEX_WORDS[foldName(sexText)];
  if (!sex) problems.push({ field: 'sex', message: `Sex "${sexText}" must be female, male, intersex or unknown` });
  const input = {
    firstName: cell('firstName'),
    lastName: cell('lastName'),
    dateOfBirth: dob ?? (dobText ? '0000-00-00' : ''),
    sex: sex ?? 'unknown',
    phone: cell('phone'),
    email: cell('email'),
    addressLine1: cell('addressLine1'),
    addressLine2: cell('addressLine2'),
    city: cell('city'),
    state: cell('state').toUpperCase(),
    postalCode: cell('postalCode'),
    insurancePayer: cell('insurancePayer'),
    insuranceMemberId: cell('insuranceMemberId'),
  };
  const parsed = patientInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ImportField;
      // The date and sex were named above in the file's own words.
      if ((field === 'dateOfBirth' && dobText && !dob) || (field === 'sex' && !sex)) continue;
      if (FIELD_IDS.includes(field) && !problems.some((p) => p.field === field)) problems.push({ field, message: issue.message });
    }
  }
  return { patient: parsed.success && problems.length === 0 ? parsed.data : null, problems };
}

/** What makes two patients the same person for the import: name with accents and case folded, and date of birth. */
export const identityKey = (firstName: string, lastName: string, dateOfBirth: string) =>
  `${foldName(firstName).replace(/\s+/g, ' ').trim()}|${foldName(lastName).replace(/\s+/g, ' ').trim()}|${dateOfBirth}`;

export const importInput = z.strictObject({
  csv: z.string({ error: 'CSV must be text' }).min(1, 'Choose a CSV file with a header row').max(20_000_000, 'CSV must be at most 20 MB'),
  /** Omitted: guessed from the headers. */
  mapping: columnMapping.optional(),
});

export const importCommitInput = importInput.extend({
  /** Lines of rows that match a patient on file and are to be imported anyway. */
  includeDuplicates: z.array(z.number().int().min(2)).max(100_000).default([]),
});

export interface ImportRow {
  line: number;
  name: string;
  dateOfBirth: string;
  problems: RowProblem[];
  /** The patient on file (or the earlier row) with the same name and date of birth. */
  duplicateOf: { patientId: number | null; line: number | null; name: string } | null;
}

export interface ImportPreview {
  delimiter: ',' | ';';
  headers: string[];
  mapping: ColumnMapping;
  /** Fields no column was found for, that every patient needs. */
  unmapped: ImportField[];
  rows: ImportRow[];
  counts: { rows: number; ready: number; problems: number; duplicates: number };
}

export interface ImportResult {
  created: number;
  skippedProblems: number;
  skippedDuplicates: number;
  ids: number[];
}
