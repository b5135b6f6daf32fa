import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addPerson, CLINIC_ROLES, grantClinicRights, type ClinicRole } from '../db/clinic/roles';
import { seatOf } from '../db/clinic/seat';
import { transferRecords, type TransferReport } from '../db/clinic/transfer';
import { openPostgres } from '../db/engine/postgres';
import { openSqlite } from '../db/engine/sqlite';
import { isPostgresUrl, type Engine } from '../db/engine/types';
import { auditAlone } from '../db/queries/audit';
import { DomainError } from '../shared/outcome';
import { unlock } from './cli-prompt';

/**
 * `needlebook clinic …`: setting up a clinic's PostgreSQL database and moving records in and out
 * of it (docs/clinic-mode.md). Run by whoever owns the clinic's tables (the database's
 * administrator), except `person`, which the clinic's owner may run with their own login.
 */
const USAGE = `Usage:
  needlebook clinic init   --url URL --login LOGIN --name NAME [--provider ID]
  needlebook clinic person --url URL --login LOGIN --name NAME --role owner|practitioner|front_desk [--provider ID]
  needlebook clinic import --db FILE --url URL
  needlebook clinic export --url URL --out FILE [--unencrypted]

init    creates the clinic's tables, the three roles and their rights, and the owner's login
person  adds a person (or changes their role or password): their own PostgreSQL login
import  moves a solo data file into an empty clinic database: every record, signed as it was;
        checked row by row and by the ledger. Run again, it finds the records there and stops.
export  writes the whole clinic to a new solo data file: a portable backup

A new person's password comes from $NEEDLEBOOK_PASSWORD, or the first line of standard input
with --password-stdin; it is at least 12 characters. URL is postgres://user@host/db — the
administrator's for init, import and export; add ?sslmode=verify-full to require TLS with the
server's certificate checked.`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`needlebook clinic: ${line}\n`);

function password(fromStdin: boolean | undefined): string {
  const given = fromStdin ? readFileSync(0, 'utf8').split(/\r?\n/)[0]! : process.env.NEEDLEBOOK_PASSWORD;
  if (!given) throw new DomainError('invalid_input', 'A password is needed: set NEEDLEBOOK_PASSWORD or pass --password-stdin');
  return given;
}

/** Opens the clinic database as its tables' owner: init, import and export change what a seat may not. */
async function asAdministrator(url: string | undefined): Promise<Engine> {
  if (!url || !isPostgresUrl(url)) throw new DomainError('invalid_input', '--url postgres://… is required');
  const engine = await openPostgres(url, { max: 2 });
  if (await seatOf(engine).catch(() => 'seat')) {
    await engine.close();
    throw new DomainError('forbidden', 'This needs the login that owns the clinic’s tables (the one that ran clinic init), not a person’s seat');
  }
  return engine;
}

const describeTransfer = (r: TransferReport, to: string) =>
  r.alreadyThere
    ? `Every record is already in ${to}, equal: nothing was written.`
    : `Moved ${Object.values(r.copied).reduce((a, b) => a + b, 0)} rows from ${Object.keys(r.copied).length} tables into ${to} (${r.copied.patient ?? 0} patients, ${r.copied.visit ?? 0} visits, ${r.copied.audit_log ?? 0} audit rows); ${r.sealed} ledger rows resealed; every table compared equal and the ledger verified.`;

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      db: { type: 'string' },
      out: { type: 'string' },
      unencrypted: { type: 'boolean' },
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      provider: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (out(USAGE), 0);
  const providerId = values.provider === undefined ? null : Number(values.provider);
  if (providerId !== null && (!Number.isInteger(providerId) || providerId <= 0)) return (fail('--provider must be a provider id'), 1);
  const now = new Date().toISOString();
  switch (positionals[0]) {
    case 'init': {
      if (!values.login || !values.name) return (fail('--login and --name name the clinic’s owner'), 1);
      const engine = await asAdministrator(values.url);
      try {
        await grantClinicRights(engine);
        await addPerson(engine, { login: values.login, name: values.name, role: 'owner', providerId, password: password(values['password-stdin']) }, now);
        await auditAlone({ db: engine, now: () => new Date(), actor: 'needlebook clinic' }, 'create', 'person', null, `owner ${values.login}`);
        out(`Clinic ready at ${engine.location}: tables at version ${await engine.schemaVersion()}, roles granted, owner ${values.login}.`);
        return 0;
      } finally {
        await engine.close();
      }
    }
    case 'person': {
      const role = values.role as ClinicRole;
      if (!CLINIC_ROLES.includes(role)) return (fail(`--role must be one of ${CLINIC_ROLES.join(', ')}`), 1);
      if (!values.login || !values.name || !values.url) return (fail('--url, --login and --name are required'), 1);
      const engine = await openPostgres(values.url, { max: 2 });
      try {
        await addPerson(engine, { login: values.login, name: values.name, role, providerId, password: password(values['password-stdin']) }, now);
        await auditAlone({ db: engine, now: () => new Date(), actor: 'needlebook clinic' }, 'update', 'person', null, `${role} ${values.login}`);
        out(`${values.name} (${values.login}) is ${role.replace('_', ' ')} of the clinic.`);
        return 0;
      } finally {
        await engine.close();
      }
    }
    case 'import': {
      if (!values.db) return (fail('--db FILE names the solo data file to move in'), 1);
      const file = resolve(values.db);
      if (!existsSync(file)) return (fail(`no data file at ${file}`), 1);
      await unlock(file);
      const source = openSqlite(file);
      try {
        const target = await asAdministrator(values.url);
        try {
          const report = await transferRecords(source, target);
          if (!report.alreadyThere)
            await auditAlone({ db: target, now: () => new Date(), actor: 'needlebook clinic' }, 'create', 'clinic', null, 'imported a solo file');
          await grantClinicRights(target);
          out(describeTransfer(report, target.location));
          return 0;
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    }
    case 'export': {
      if (!values.out) return (fail('--out FILE names the new solo data file'), 1);
      const file = resolve(values.out);
      if (existsSync(file)) return (fail(`${file} exists: export writes a new file, never over another`), 1);
      // The solo file written is encrypted like every new data file (NEEDLEBOOK_KEY, or asked for).
      await unlock(file, { creates: true, unencrypted: values.unencrypted ?? false });
      const source = await asAdministrator(values.url);
      try {
        const target = openSqlite(file);
        try {
          const report = await transferRecords(source, target);
          await auditAlone({ db: source, now: () => new Date(), actor: 'needlebook clinic' }, 'export', 'clinic', null, 'the whole clinic to a solo file');
          out(describeTransfer(report, file));
          return 0;
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    }
    default:
      return (fail(`name what to do: init, person, import or export\n\n${USAGE}`), 1);
  }
}

export const clinicCommand = { summary: 'Set up a clinic on PostgreSQL; move a solo file in or the clinic out', usage: USAGE, run };
