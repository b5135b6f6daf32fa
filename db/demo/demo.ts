import type { Db } from '../engine/types';
import { clinicInput } from '../../shared/clinic';
import { DomainError } from '../../shared/outcome';
import { patientInput, patientListQuery, TRAINING_PHASES, type PatientInput } from '../../shared/patient';
import { providerInput } from '../../shared/provider';
import { CONSENT_KINDS, consentInput, safetyScreenInput } from '../../shared/safety';
import type { ServiceImpl } from '../../shared/contract';
import { localIsoDate } from '../../shared/validation/dates';
import { npiCheckDigit } from '../../shared/validation/npi';
import { createService } from '../service';
import { chartDemoCases, type ChartingSummary } from './charting';
import { CITIES, FIRST_NAMES, LAST_NAMES, PAYERS, RACES, SPORTS, STREETS } from './people';
import { seededRandom, type Random } from './random';

export interface DemoSummary extends ChartingSummary {
  providers: number;
  patients: number;
  races: number;
}

const DAY = 86_400_000;
const addDays = (today: Date, days: number): string => localIsoDate(new Date(today.getTime() + days * DAY));
const npi = (base: string): string => `${base}${npiCheckDigit(base)}`;

/** Past and upcoming races, some inside the next two weeks, so race timing has something to show. */
function races(r: Random, today: Date): PatientInput['races'] {
  const count = r.pick([0, 1, 1, 2, 2, 3]);
  const chosen = new Set<number>();
  const list: NonNullable<PatientInput['races']> = [];
  while (list.length < count) {
    const i = r.int(0, RACES.length - 1);
    if (chosen.has(i)) continue;
    chosen.add(i);
    const offset = r.chance(0.25) ? r.int(1, 14) : r.int(-120, 240);
    list.push({ name: RACES[i]!.name, distance: RACES[i]!.distance, date: addDays(today, offset) });
  }
  return list;
}

/**
 * A few runners get races at fixed distances from today, so the race-timing rules always have
 * something to show: a marathon 4 days ago (post-race window), a half in 2 days (no aggressive
 * needling), a 50K in 8 days (pre-race window).
 */
const FIXED_RACES: Record<number, { name: string; distance: string; offset: number }> = {
  1: { name: 'Eugene Marathon', distance: 'Marathon', offset: -4 },
  2: { name: 'Bridge of the Gods Half', distance: 'Half marathon', offset: 2 },
  3: { name: 'Trail Factor 50K', distance: '50K', offset: 8 },
  7: { name: 'Vancouver USA Marathon', distance: 'Marathon', offset: -3 },
};

function withFixedRace(list: PatientInput['races'], fixed: (typeof FIXED_RACES)[number] | undefined, today: Date): PatientInput['races'] {
  if (!fixed) return list;
  return [...(list ?? []).filter((race) => race.name !== fixed.name), { name: fixed.name, distance: fixed.distance, date: addDays(today, fixed.offset) }];
}

/** Names that read as one sex; Quinn, Sam and Wren are left to chance. */
const SEX_OF_NAME: Record<string, 'female' | 'male'> = Object.fromEntries([
  ...['Ana', 'Camila', 'Elena', 'Grace', 'Imani', 'Kaia', 'Maya', 'Olivia', 'Priya', 'Rosa', 'Uma', 'Yara', 'Zoe', 'Bea'].map((n) => [n, 'female'] as const),
  ...['Ben', 'Dev', 'Farid', 'Hiro', 'Jonas', 'Luis', 'Noah', 'Tariq', 'Victor', 'Xavier', 'Aiden'].map((n) => [n, 'male'] as const),
]);

const sexFor = <S extends string>(firstName: string, drawn: S): S | 'female' | 'male' => SEX_OF_NAME[firstName] ?? drawn;

function runner(r: Random, index: number, today: Date): PatientInput {
  const fixed = FIXED_RACES[index];
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[(index * 7) % LAST_NAMES.length]!;
  const place = r.pick(CITIES);
  const payer = r.pick(PAYERS);
  const profile = r.pick(SPORTS);
  const miles = r.chance(0.6);
  const km = r.int(profile.km[0], profile.km[1]);
  const weekly = miles ? Math.round(km / 1.609) : km;
  const age = r.int(19, 62);
  const month = String(r.int(1, 12)).padStart(2, '0');
  const day = String(r.int(1, 28)).padStart(2, '0');
  return {
    firstName,
    lastName,
    dateOfBirth: `${today.getFullYear() - age}-${month}-${day}`,
    // The name says the sex where it can (the pick is still drawn, so the rest of the demo is unchanged).
    sex: sexFor(firstName, r.pick(['female', 'male', 'female', 'male', 'unknown'] as const)),
    phone: `(503) 555-${String(100 + index).padStart(4, '0')}`,
    email: `${firstName}.${lastName}@example.com`.toLowerCase().replace(/[^a-z.@]/g, ''),
    addressLine1: `${r.int(100, 9800)} ${r.pick(STREETS)}`,
    city: place.city,
    state: place.state,
    postalCode: r.pick(place.zip),
    insurancePayer: payer.name,
    insuranceMemberId: `${payer.prefix}${r.int(10_000_000, 99_999_999)}`,
    insuranceGroup: r.chance(0.7) ? `GRP-${r.int(1000, 9999)}` : null,
    primarySport: profile.sport,
    weeklyVolume: weekly,
    volumeUnit: miles ? 'mi' : 'km',
    longRun: Math.round(weekly * (0.25 + r.next() * 0.1)),
    trainingPhase: r.pick(TRAINING_PHASES),
    races: withFixedRace(races(r, today), fixed, today),
  };
}

/**
 * Fills an empty database with a realistic clinic through the service itself, so every demo
 * record has passed the same validation as typed data. The service gets a clock the demo moves
 * through the months, so notes are signed on the day they were charted. Refuses a database that
 * has patients. All of it is one transaction: each user action inside is a savepoint.
 */
export function createDemoClinic(db: Db, options: { today: Date; patients?: number; seed?: number; charting?: boolean }): Promise<DemoSummary> {
  return db.transaction((tx) => fillDemoClinic(tx, options));
}

async function fillDemoClinic(db: Db, options: { today: Date; patients?: number; seed?: number; charting?: boolean }): Promise<DemoSummary> {
  let now = options.today;
  const clock = { set: (at: Date) => void (now = at) };
  const service = withStatistics(
    createService(
      { db, now: () => now, actor: 'needlebook demo' },
      {
        appVersion: 'demo',
        databaseFile: '',
        schemaVersion: async () => 0,
        keepReviewRows: false,
      },
    ),
    db,
  );
  const existing = (await service.listPatients(patientListQuery.parse({ includeArchived: true, limit: 1 }))).total;
  if (existing > 0) {
    throw new DomainError('conflict', `This data file already has ${existing} patients; demo data goes only into an empty file.`);
  }
  const r = seededRandom(options.seed ?? 20_260_301);
  await service.saveClinic(
    clinicInput.parse({
      name: 'Stride Acupuncture & Sports Recovery',
      addressLine1: '2134 SE Hawthorne Blvd',
      addressLine2: 'Suite 200',
      city: 'Portland',
      state: 'OR',
      postalCode: '97214',
      phone: '(503) 555-0142',
      email: 'frontdesk@stride-acu.example',
      taxId: '93-4417820',
      placeOfService: '11',
      tcmFindings: true,
    }),
  );
  const providers = [
    { name: 'Mara Quinn', credentials: 'L.Ac., DACM', npi: npi('134567890'), licenseNumber: 'AC-2291', licenseState: 'OR', signatureName: 'Mara Quinn, L.Ac.' },
    {
      name: 'Theo Lindqvist',
      credentials: 'DPT, L.Ac.',
      npi: npi('172839465'),
      licenseNumber: 'PT-10488',
      licenseState: 'OR',
      signatureName: 'Theo Lindqvist, DPT',
    },
  ];
  const saved = [];
  for (const p of providers) saved.push(await service.saveProvider(providerInput.parse(p)));

  const count = options.patients ?? 36;
  const patients = [];
  for (let i = 0; i < count; i++) patients.push(await service.savePatient(patientInput.parse(runner(r, i, options.today))));
  await screenAndConsents(service, patients, options.today);
  const races = patients.reduce((n, p) => n + p.races.length, 0);
  const charting =
    options.charting === false
      ? { cases: 0, assessments: 0, visits: 0, signedVisits: 0, billedVisits: 0, payments: 0 }
      : await chartDemoCases(service, clock, r, patients, saved, options.today);
  return { providers: providers.length, patients: count, races, ...charting };
}

/** The service calls before the tables' statistics are first brought up to date; then at each doubling. */
const FIRST_STATISTICS = 64;

/**
 * On PostgreSQL the demo's clinic is written in one transaction, so the server's autovacuum sees
 * none of it before COMMIT, and a statement's plan that the server keeps for the session is made
 * from the tables as they were when it was first planned: empty. Such a plan reads a whole table
 * that has since grown (the diagnoses billed on a visit found by hashing every billed diagnosis,
 * the visit of a treatment row found by reading every visit), and each save of the demo took longer
 * than the one before it: a seq scan over every row written so far, each row's writer looked up
 * among the transaction's thousands of savepoints. Analysed each time the calls double, the plans
 * are made again from the tables as they are, as after a day's commits on a clinic's server.
 */
function withStatistics(service: ServiceImpl, db: Db): ServiceImpl {
  const statistics = db.dialect.statisticsWithin;
  if (!statistics) return service;
  let calls = 0;
  let next = FIRST_STATISTICS;
  return new Proxy(service, {
    get(target, channel, receiver) {
      const method: unknown = Reflect.get(target, channel, receiver);
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        if (++calls === next) {
          next *= 2;
          await db.exec(statistics);
        }
        return (method as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * Each runner's safety screen and consents, taken at intake two years back (before any demo visit).
 * A few answers are yes, none of them ones that stop e-stim; one runner has no dry-needling
 * consent on file, so the chart and Review show what a missing consent looks like.
 */
async function screenAndConsents(service: ServiceImpl, patients: { id: number }[], today: Date): Promise<void> {
  const intake = localIsoDate(new Date(today.getTime() - 730 * 86_400_000));
  for (const [i, p] of patients.entries()) {
    await service.saveSafetyScreen(
      safetyScreenInput.parse({
        patientId: p.id,
        bleedingRisk: i === 5,
        needleFainting: i === 2,
        metalLatexAllergy: i === 8,
        diabetesNeuropathy: i === 11,
        precautions: i === 5 ? 'Apixaban for atrial fibrillation: superficial needling, hold pressure.' : null,
        reviewedOn: intake,
      }),
    );
    for (const kind of CONSENT_KINDS) {
      if (i === 3 && kind === 'dry_needling') continue;
      await service.addConsent(
        consentInput.parse({ patientId: p.id, kind, signedOn: intake, formVersion: kind === 'dry_needling' ? 'DN-2024.2' : 'ACU-2024.1' }),
      );
    }
  }
}
