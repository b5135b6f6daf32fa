import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { readOnlySqlite, type SqliteEngine } from '../db/engine/sqlite';
import { checkRecords } from '../db/integrity-check';
import { offPath } from '../db/off-path';
import { readPlaces } from '../db/backup-places';
import {
  backupFailure,
  backupFolderOf,
  backupTo,
  checkDatabaseFile,
  dailyBackup,
  defaultBackupFolder,
  fileProblem,
  newestBackupHead,
  putBackupInPlace,
} from '../db/backup';
import { lockDataFile } from '../db/file-lock';
import { idBeside, knownIdOf } from '../db/file-identity';
import { auditAlone } from '../db/queries/audit';
import { recordedVersionSqlite, schemaVersionLine } from '../db/migrate';
import { openHost, type Host } from '../db/host';
import { checkPostgres } from '../db/engine/postgres-check';
import { isPostgresUrl } from '../db/engine/types';
import { createDemoClinic } from '../db/demo/demo';
import { ACUPOINTS } from '../shared/catalogs/acupoints';
import { CONDITIONS, type Icd10 } from '../shared/catalogs/conditions';
import { MUSCLES } from '../shared/catalogs/muscles';
import type { AuditPage } from '../shared/audit';
import type { BatchFile, BatchFilePart, BatchStatus } from '../shared/billing';
import { batchDownloadStream, chunksOf } from '../shared/batch-download';
import { writeStreamInPlace } from '../db/file-in-place';
import { CHANNELS, isChannel, type JsonFile } from '../shared/contract';
import { DomainError } from '../shared/outcome';
import { IMPORT_FIELD_LABEL, IMPORT_FIELDS, type ImportPreview, type ImportResult } from '../shared/import/patient-import';
import { defaultDataFile } from './data-path';
import { clinicCommand } from './cli-clinic';
import { encryptCommand, rekeyCommand } from './cli-encrypt';
import { unlock } from './cli-prompt';
import { isSealedFile } from '../db/engine/cipher';

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): number | Promise<number>;
}

const DB_HELP = `  --db FILE|URL  the data file, or a clinic's postgres://user@host/db URL
                (default: $NEEDLEBOOK_DB, else ${defaultDataFile()})`;

/** What --db names: a postgres:// URL as given, a file made absolute; NEEDLEBOOK_DB, then the app's own file. */
function dbTarget(db: string | undefined): string {
  const target = db ?? process.env.NEEDLEBOOK_DB ?? defaultDataFile();
  return isPostgresUrl(target) ? target : resolve(target);
}

function dbFileFrom(args: string[]): { file: string; help: boolean } {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  return { file: dbTarget(values.db), help: values.help ?? false };
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`needlebook: ${line}\n`);

const commands: Record<string, Command> = {
  clinic: clinicCommand,
  report: {
    summary: 'Write a progress report PDF for a case (report progress --case ID --out FILE.pdf)',
    usage: `Usage: needlebook report progress --case ID --out FILE.pdf [--db FILE|URL]\n\nThe report a referring physical therapist or physician reads: case, sessions,\ntreatment summary, outcome measures with their MCIDs, pain trend and plan.\n\n${DB_HELP}`,
    run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { db: { type: 'string' }, case: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) return (out(this.usage), 0);
      if (positionals[0] !== 'progress') return (fail(`unknown report "${positionals[0] ?? ''}": the report is "progress"\n\n${this.usage}`), 1);
      const caseId = Number(values.case);
      if (!Number.isInteger(caseId) || caseId <= 0) return (fail('--case must be a case id (see needlebook cases)'), 1);
      if (!values.out) return (fail('--out FILE.pdf is required'), 1);
      return withHost(values.db, 'needlebook report', async (host) => {
        const outcome = await host.handle('progressReport', { caseId });
        if (!outcome.ok) return (fail(outcome.error.message), 1);
        const pdf = outcome.value as { pdfBase64: string };
        writeFileSync(resolve(values.out!), Buffer.from(pdf.pdfBase64, 'base64'));
        out(`Progress report for case ${caseId} written to ${resolve(values.out!)}`);
        return 0;
      });
    },
  },
  superbill: {
    summary: "Write one patient's superbill PDF for a date range",
    usage: `Usage: needlebook superbill --patient ID --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf [--db FILE|URL]\n\nEvery signed, billed visit of the patient in the range.\n\n${DB_HELP}`,
    run(args) {
      const { values } = parseArgs({
        args,
        options: {
          db: { type: 'string' },
          patient: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          out: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return (out(this.usage), 0);
      if (!values.out) return (fail('--out FILE.pdf is required'), 1);
      return withHost(values.db, 'needlebook superbill', async (host) => {
        const o = await host.handle('superbill', { patientId: Number(values.patient), from: values.from ?? '', to: values.to ?? '' });
        if (!o.ok) return (fail(describe(o.error)), 1);
        const pdf = o.value as { pdfBase64: string; entry: { charged: number; paid: number; balance: number } };
        writeFileSync(resolve(values.out!), Buffer.from(pdf.pdfBase64, 'base64'));
        out(
          `Superbill written to ${resolve(values.out!)} (charged ${dollars(pdf.entry.charged)}, paid ${dollars(pdf.entry.paid)}, balance ${dollars(pdf.entry.balance)})`,
        );
        return 0;
      });
    },
  },
  superbills: {
    summary: 'Write a month of superbills (one PDF per patient and an index CSV) as one ZIP in a folder',
    usage: `Usage: needlebook superbills --month YYYY-MM --out DIR [--db FILE|URL]\n\nWrites DIR/superbills-YYYY-MM.zip, the same ZIP the Superbills screen saves: one PDF per patient\nwith billed, signed visits in the month and the index CSV. The ZIP is written beside its name and\nrenamed into place only when whole.\n\n${DB_HELP}`,
    run(args) {
      const { values } = parseArgs({
        args,
        options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) return (out(this.usage), 0);
      if (!values.out) return (fail('--out DIR is required'), 1);
      const month = values.month ?? '';
      return withHost(values.db, 'needlebook superbills', async (host) => {
        // The same job the Superbills screen runs (db/superbill-batch.ts), polled until it is done.
        const started = await host.handle('superbillBatch', { month });
        if (!started.ok) return (fail(describe(started.error)), 1);
        let status = started.value as BatchStatus;
        while (status.state === 'running') {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const polled = await host.handle('superbillBatchStatus', { jobId: status.jobId });
          if (!polled.ok) return (fail(describe(polled.error)), 1);
          status = polled.value as BatchStatus;
          process.stderr.write(`\r${status.done}/${status.total} superbills`);
        }
        process.stderr.write('\n');
        if (status.state !== 'done') return (fail(status.message ?? `The batch ended ${status.state}.`), 1);
        // Taken slice by slice and written beside its name, renamed into place only when whole (issue 38, point 5).
        let refusal: string | null = null;
        const file = await batchDownloadStream(async (offset) => {
          const part = await host.handle('superbillBatchFile', { jobId: status.jobId, offset });
          if (!part.ok) refusal = describe(part.error);
          return part.ok ? (part.value as BatchFilePart) : null;
        });
        if (!file) return (fail(refusal ?? 'The superbills were not there to take.'), 1);
        const dir = resolve(values.out!);
        mkdirSync(dir, { recursive: true });
        const path = join(dir, file.fileName);
        await writeStreamInPlace(path, chunksOf(file.stream));
        for (const left of status.leftOut) fail(`Left out ${left.patientName}: ${left.reason}`);
        out(`${status.entries.length} superbills and superbills-${month}-index.csv written to ${path}`);
        return 0;
      });
    },
  },
  chart: {
    summary: "Write a patient's chart copy PDF, all of it or a date range (chart --patient ID --out FILE.pdf)",
    usage: `Usage: needlebook chart --patient ID [--from YYYY-MM-DD --to YYYY-MM-DD] --out FILE.pdf [--db FILE|URL]

The chart as a records request or a payer's audit receives it: demographics, insurance, safety
screen, consents, each case with its diagnoses, and every signed visit and assessment in date
order with its addenda, signature and billing lines. Drafts are counted, not printed.

${DB_HELP}`,
    run(args) {
      const { values } = parseArgs({
        args,
        options: {
          db: { type: 'string' },
          patient: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          out: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return (out(this.usage), 0);
      if (!values.out) return (fail('--out FILE.pdf is required'), 1);
      return withHost(values.db, 'needlebook chart', async (host) => {
        const o = await host.handle('chartCopy', { patientId: Number(values.patient), from: values.from, to: values.to });
        if (!o.ok) return (fail(describe(o.error)), 1);
        writeFileSync(resolve(values.out!), Buffer.from((o.value as { pdfBase64: string }).pdfBase64, 'base64'));
        out(`Chart copy written to ${resolve(values.out!)}`);
        return 0;
      });
    },
  },
  import: {
    summary: 'Bring patients in from another system: import patients --csv FILE [--commit]',
    usage: `Usage: needlebook import patients --csv FILE [--commit] [--include LINE,LINE] [--db FILE|URL]

Reads a CSV of patients (UTF-8 with or without BOM; comma or semicolon, as Excel's European export
writes), maps its columns from the headers, and names each row's problems by field. Rows matching a
patient on file (same name and date of birth, accents ignored) are skipped unless named in --include.
Without --commit nothing is written; with it, every row without a problem is imported in one
transaction and the audit log records the counts.

${DB_HELP}`,
    run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          db: { type: 'string' },
          csv: { type: 'string' },
          commit: { type: 'boolean' },
          include: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return (out(this.usage), 0);
      if (positionals[0] !== 'patients') return (fail(`unknown import "${positionals[0] ?? ''}": the import is "patients"\n\n${this.usage}`), 1);
      if (!values.csv) return (fail('--csv FILE is required'), 1);
      if (!existsSync(resolve(values.csv))) return (fail(`no file at ${resolve(values.csv)}`), 1);
      const csv = readFileSync(resolve(values.csv), 'utf8');
      const includeDuplicates = (values.include ?? '').split(',').filter(Boolean).map(Number);
      return withHost(values.db, 'needlebook import', async (host) => {
        const o = await host.handle('previewPatientImport', { csv });
        if (!o.ok) return (fail(describe(o.error)), 1);
        const p = o.value as ImportPreview;
        const mapped = IMPORT_FIELDS.filter(([f]) => p.mapping[f] !== null).map(([f, label]) => `${label} ← "${p.headers[p.mapping[f]!]}"`);
        out(`Columns (${p.delimiter === ';' ? 'semicolons' : 'commas'}): ${mapped.join(', ')}`);
        for (const r of p.rows) {
          for (const problem of r.problems) out(`line ${r.line}: ${IMPORT_FIELD_LABEL[problem.field]}: ${problem.message}`);
          if (r.duplicateOf)
            out(
              `line ${r.line}: ${r.name} matches ${r.duplicateOf.patientId !== null ? `patient ${r.duplicateOf.patientId} on file` : `line ${r.duplicateOf.line}`}${includeDuplicates.includes(r.line) ? ' (imported: --include)' : ' (skipped)'}`,
            );
        }
        out(`${p.counts.rows} rows: ${p.counts.ready} ready, ${p.counts.problems} with problems, ${p.counts.duplicates} matching a patient`);
        if (p.unmapped.length) return (fail(`no column found for ${p.unmapped.map((f) => IMPORT_FIELD_LABEL[f].toLowerCase()).join(', ')}`), 1);
        if (!values.commit) return (out('Nothing written: add --commit to import the ready rows.'), 0);
        const c = await host.handle('importPatients', { csv, includeDuplicates });
        if (!c.ok) return (fail(describe(c.error)), 1);
        const r = c.value as ImportResult;
        out(`Imported ${r.created} patients; skipped ${r.skippedProblems} with problems and ${r.skippedDuplicates} matching a patient on file.`);
        return 0;
      });
    },
  },
  export: {
    summary: 'Export records as FHIR R4: one patient as a Bundle, or the whole clinic as NDJSON (export fhir)',
    usage: `Usage: needlebook export fhir (--patient ID | --all) --out DIR [--db FILE|URL]

  --patient ID  one patient's whole record as a FHIR R4 Bundle, written to DIR as one .json file
  --all         the whole clinic as FHIR Bulk Data: one NDJSON file per resource type and
                manifest.json, written into DIR
Signed records only; each export is written to the audit log. See docs/records-out.md.

${DB_HELP}`,
    run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          db: { type: 'string' },
          patient: { type: 'string' },
          all: { type: 'boolean' },
          out: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return (out(this.usage), 0);
      if (positionals[0] !== 'fhir') return (fail(`unknown export "${positionals[0] ?? ''}": the export is "fhir"\n\n${this.usage}`), 1);
      if ((values.patient === undefined) === !values.all) return (fail('give either --patient ID or --all'), 1);
      if (!values.out) return (fail('--out DIR is required'), 1);
      const dir = resolve(values.out);
      return withHost(values.db, 'needlebook export', async (host) => {
        if (values.all) {
          const o = await host.handle('fhirClinic', {});
          if (!o.ok) return (fail(describe(o.error)), 1);
          mkdirSync(dir, { recursive: true });
          const files = Object.entries(unzipSync((o.value as BatchFile).zip));
          for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
          out(`${files.length - 1} NDJSON files and manifest.json written to ${dir}`);
          return 0;
        }
        const o = await host.handle('fhirBundle', { patientId: Number(values.patient) });
        if (!o.ok) return (fail(describe(o.error)), 1);
        const file = o.value as JsonFile;
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, file.fileName), file.json);
        out(`FHIR Bundle written to ${join(dir, file.fileName)}`);
        return 0;
      });
    },
  },
  cases: {
    summary: 'List every case with its phase, session count, next reassessment and flags',
    usage: `Usage: needlebook cases [--db FILE|URL] [--json]\n\nPhase, sessions and flags are derived from the signed visits, as the app shows them.\n\n${DB_HELP}\n  --json      one JSON array instead of a table`,
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
      if (values.help) return (out(this.usage), 0);
      return withHost(values.db, 'needlebook cases', async (host) => {
        const cases = await host.service.caseSummaries({});
        if (values.json) out(JSON.stringify(cases, null, 2));
        else {
          out(['ID', 'PATIENT', 'CONDITION', 'PHASE', 'SESSIONS', 'NEXT RE-ASSESSMENT', 'FLAGS'].join('\t'));
          for (const c of cases) {
            const range = c.expectedMax === null ? 'open' : `${c.expectedMin}–${c.expectedMax}`;
            out([c.id, c.patientId, c.condition, c.phase, `${c.sessionsDone} of ${range}`, c.nextReassessment ?? '—', c.flags.join(', ') || '—'].join('\t'));
          }
        }
        return 0;
      });
    },
  },
  backup: {
    summary: 'Write a verified backup of a data file (default: today’s in the backups folder beside it, rotated)',
    usage: `Usage: needlebook backup [--db FILE] [--out FILE]\n\nCopies the data file with SQLite's online backup API (safe while the app runs), then\nchecks the copy: integrity_check and every signed record against its seal. Without --out\nthe copy is today's in the backup folder (chosen in Settings; else beside the data file), which keeps\n14 daily and 12 monthly backups.\n\n${DB_HELP}\n  --out FILE  write the backup here instead`,
    async run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
      if (values.help) return (out(this.usage), 0);
      const file = dbTarget(values.db);
      if (isPostgresUrl(file)) return (fail('a clinic database on PostgreSQL is backed up by its server (pg_dump), not by Needlebook'), 1);
      if (existsSync(file)) await unlock(file);
      // Only that it is a Needlebook file: the copy gets the full check before it counts.
      await checkDatabaseFile(file, { deep: false });
      const source = readOnlySqlite(file);
      try {
        const folder = await backupFolderOf(source, file);
        const made = values.out ? await backupTo(source.connection, resolve(values.out)) : await dailyBackup(source.connection, folder, knownIdOf(file));
        out(`Backed up ${file} to ${values.out ? resolve(values.out) : join(folder, made.name)} (${made.bytes} bytes), verified.`);
        // The second folder chosen in Settings gets the day's backup too (db/backup-places.ts).
        const second = values.out ? null : readPlaces(file).secondFolder;
        if (second) {
          if (!existsSync(second)) throw backupFailure(Object.assign(new Error('gone'), { code: 'ENOENT' }), second);
          const also = await dailyBackup(source.connection, second, knownIdOf(file));
          out(`Backed up ${file} to ${join(second, also.name)} (${also.bytes} bytes), verified.`);
        }
        return 0;
      } finally {
        await source.close();
      }
    },
  },
  restore: {
    summary: 'Replace a data file with a backup, whatever state the file is in (it is kept aside first)',
    usage: `Usage: needlebook restore --db FILE --from BACKUP\n\nChecks the backup (a Needlebook database, intact, not from a newer version), then puts it in\nplace of the data file without needing to open that: a file that still opens whole is kept as\npre-restore-….db in the backups folder; an empty, damaged or unreadable one is moved there as\ndamaged-<time>.db; a missing one is simply replaced. An older backup is brought up to this\nversion. The app must be closed. A backup of another data file is refused, with a warning,\nunless --other-file is given.\n\n${DB_HELP}\n  --from FILE     the backup to restore\n  --other-file    restore it even though it is a backup of another data file`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { db: { type: 'string' }, from: { type: 'string' }, 'other-file': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) return (out(this.usage), 0);
      if (!values.from) return (fail('--from BACKUP is required'), 1);
      const from = resolve(values.from);
      const target = dbTarget(values.db);
      if (isPostgresUrl(target)) return (fail('a clinic database on PostgreSQL is restored by its server (pg_restore), not by Needlebook'), 1);
      // The backup was made with the data file's key: the file's passphrase or recovery key opens both.
      await unlock(isSealedFile(target) ? target : from, { keptBeside: target });
      if (!existsSync(target)) {
        // Nothing to open or keep: the backup is put in place (with the app's lock held), then opened and audited.
        const lock = lockDataFile(target, 'needlebook restore');
        try {
          await putBackupInPlace(target, from, defaultBackupFolder(target), idBeside(target));
        } finally {
          lock.release();
        }
        const host = await openHost(target, { actor: 'needlebook restore' });
        try {
          await auditAlone(
            { db: host.engine, now: () => new Date(), actor: 'needlebook restore' },
            'restore',
            'data file',
            null,
            `from ${basename(from)}; there was no data file`,
          );
        } finally {
          await host.close();
        }
        out(`Restored ${target} from ${from} (there was no data file).`);
        return 0;
      }
      // The host opens what it can; a file it cannot open is never needed for the restore (db/host.ts).
      const problem = fileProblem(target);
      return withHost(values.db, 'needlebook restore', async (host) => {
        try {
          await host.restore(from, { otherFile: values['other-file'] ?? false });
        } catch (error) {
          if (error instanceof DomainError && error.fields.otherFile) return (fail(`${error.message} (add --other-file to restore it anyway)`), 1);
          throw error;
        }
        out(`Restored ${target} from ${from}; the state before is in ${host.backupFolder}${problem ? ` (it was damaged: ${problem})` : ''}.`);
        return 0;
      });
    },
  },
  audit: {
    summary: 'Print the audit log, newest first: who did and who looked at what (--patient ID, --json)',
    usage: `Usage: needlebook audit [--db FILE|URL] [--patient ID] [--provider ID] [--action ACTION] [--from DATE] [--to DATE] [--limit N] [--json]\n\nEach row: when, who (OS account and signed-in provider), action, the record and its patient.\nRows name records by id and never carry note text.\n\n${DB_HELP}\n  --json      one JSON array instead of a table`,
    run(args) {
      const { values } = parseArgs({
        args,
        options: {
          db: { type: 'string' },
          patient: { type: 'string' },
          provider: { type: 'string' },
          action: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          limit: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return (out(this.usage), 0);
      const number = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
      const query = {
        patientId: number(values.patient),
        providerId: number(values.provider),
        action: values.action,
        from: values.from,
        to: values.to,
        limit: number(values.limit) ?? 500,
      };
      return withHost(values.db, 'needlebook audit', async (host) => {
        const outcome = await host.handle('auditLog', JSON.parse(JSON.stringify(query)));
        if (!outcome.ok) return (fail(describe(outcome.error)), 1);
        const { entries } = outcome.value as AuditPage;
        if (values.json) return (out(JSON.stringify(entries, null, 2)), 0);
        out(['AT', 'ACTOR', 'PROVIDER', 'ACTION', 'RECORD', 'PATIENT', 'DETAIL'].join('\t'));
        for (const e of entries) {
          const record = e.entityId === null ? e.entity : `${e.entity} ${e.entityId}`;
          out([e.at, e.actor, e.providerName ?? '—', e.action, record, e.patientId === null ? '—' : `${e.patientId}`, e.detail ?? ''].join('\t'));
        }
        return 0;
      });
    },
  },
  demo: {
    summary: 'Create a realistic demo clinic in an empty data file',
    usage: `Usage: needlebook demo [--db FILE|URL] [--unencrypted]\n\nCreates a clinic, 2 providers and 36 runners with sport profiles and races, and\ncharts cases across every condition and phase with months of signed visits.\nRefuses a database that already has patients. Works on a SQLite file and on PostgreSQL.\nA new file is encrypted with the passphrase (or recovery key) in NEEDLEBOOK_KEY, else asked for.\n\n${DB_HELP}\n  --unencrypted  make a new file without encryption (for tests and tools that read it raw)`,
    async run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, unencrypted: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
      if (values.help) return (out(this.usage), 0);
      const file = dbTarget(values.db);
      await unlock(file, { creates: true, unencrypted: values.unencrypted ?? false });
      const host = await openHost(file, { actor: 'needlebook demo' });
      try {
        const s = await createDemoClinic(host.engine, { today: new Date() });
        out(`Demo clinic created in ${host.engine.location}: 1 clinic, ${s.providers} providers, ${s.patients} patients, ${s.races} races.`);
        out(`Charted ${s.cases} cases with ${s.assessments} signed assessments and ${s.visits} visits (${s.signedVisits} signed).`);
        out(`Billed ${s.billedVisits} visits and recorded ${s.payments} payments.`);
        return 0;
      } catch (error) {
        if (error instanceof DomainError) return (fail(error.message), 1);
        throw error;
      } finally {
        await host.close();
      }
    },
  },
  call: {
    summary: 'Run any contract channel against a database and print the result as JSON',
    usage: `Usage: needlebook call CHANNEL [--input JSON] [--db FILE|URL]

Runs one channel of the app's contract (the same schema parse and service the app uses) and
prints the result as JSON. A refusal prints {"code","message","fields"} and exits 1.
Example: needlebook call listPatients --input '{"search":"ana","limit":5}'

  --input JSON  the channel's input (default {})
${DB_HELP}

Channels: ${CHANNELS.join(', ')}`,
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { db: { type: 'string' }, input: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) return (out(this.usage), 0);
      const [channel] = positionals;
      if (!channel || !isChannel(channel)) return (fail(`${channel ? `unknown channel "${channel}"` : 'name a channel'}\n\n${this.usage}`), 1);
      let input: unknown;
      try {
        input = JSON.parse(values.input ?? '{}');
      } catch {
        return (fail('--input is not valid JSON'), 1);
      }
      return withHost(values.db, 'needlebook call', async (host) => {
        const outcome = await host.handle(channel, input);
        if (!outcome.ok) {
          out(JSON.stringify(outcome.error, null, 2));
          return 1;
        }
        out(JSON.stringify(outcome.value, null, 2));
        return 0;
      });
    },
  },
  encrypt: encryptCommand,
  rekey: rekeyCommand,
  check: {
    summary: 'Check a data file or clinic database: schema, integrity, guards, and every signed record against its seal',
    usage: `Usage: needlebook check [--db FILE|URL]\n\nOpens the database without changing it and re-hashes every signed record;\nexits 1 if it is not intact, a guard is missing or a signed record was altered.\n\n${DB_HELP}`,
    async run(args) {
      const { file, help } = dbFileFrom(args);
      if (help) return (out(this.usage), 0);
      if (isPostgresUrl(file)) return checkPostgres(file);
      if (!existsSync(file)) return (fail(`no data file at ${file}`), 1);
      await unlock(file);
      // Empty, a destroyed header, not a Needlebook file, unreadable: said in one line, and not intact.
      const problem = fileProblem(file);
      if (problem && !problem.startsWith('The data file is damaged (SQLite quick_check')) {
        fail(`${file}: ${problem} Restore the latest backup (needlebook restore --db FILE --from BACKUP).`);
        return 1;
      }
      let engine: SqliteEngine | undefined;
      try {
        engine = readOnlySqlite(file);
        const db = engine.connection;
        const version = db.pragma('user_version', { simple: true }) as number;
        const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).flatMap((r) => r.integrity_check.split('\n'));
        const brokenLinks = (db.pragma('foreign_key_check') as unknown[]).length;
        out(schemaVersionLine(version, recordedVersionSqlite(db)));
        if (integrity.length === 1 && integrity[0] === 'ok') out('integrity_check: ok');
        else {
          const problems = integrity.filter((line) => !line.startsWith('***'));
          out(`integrity_check: ${problems.length} problems`);
          for (const line of problems.slice(0, 20)) out(`  ${line}`);
          if (problems.length > 20) out(`  … and ${problems.length - 20} more`);
        }
        out(`foreign_key_check: ${brokenLinks === 0 ? 'ok' : `${brokenLinks} broken references`}`);
        // The ledger re-hashed on a worker thread of its own, its heap bounded (db/off-path.ts).
        const off = offPath();
        let recordsOk: boolean;
        try {
          recordsOk = await checkRecords(engine, out, await newestBackupHead(engine, file).catch(() => null), () =>
            off.run({ kind: 'verify', file, at: new Date().toISOString() }),
          );
        } finally {
          await off.close();
        }
        return integrity.length === 1 && integrity[0] === 'ok' && brokenLinks === 0 && recordsOk ? 0 : 1;
      } catch (error) {
        fail(`${file} is not a readable Needlebook file: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      } finally {
        await engine?.close();
      }
    },
  },
  catalog: {
    summary: 'Print the acupoint, muscle or condition catalog (add --json for a JSON array)',
    usage:
      'Usage: needlebook catalog acupoints|muscles|conditions [--json]\n\n' +
      'Prints a catalog shipped with Needlebook as an aligned table; needs no data file.\n\n' +
      '  --json      print a JSON array instead, for scripts',
    run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) return (out(this.usage), 0);
      const codeList = (label: string, codes: readonly Icd10[] | undefined) => (codes?.length ? [`${label} ${codes.map((c) => c.code).join(', ')}`] : []);
      // Each catalog as JSON rows and as table rows (header first), built only when asked for.
      const catalogs: Record<string, () => { json: unknown[]; table: string[][] }> = {
        acupoints: () => ({
          json: ACUPOINTS.map(({ code, pinyin, channel, midline }) => ({ code, pinyin, channel, midline })),
          table: [['CODE', 'PINYIN', 'CHANNEL', 'SIDE'], ...ACUPOINTS.map((p) => [p.code, p.pinyin, p.channel, p.midline ? 'midline' : 'L/R'])],
        }),
        muscles: () => ({
          json: MUSCLES.map(({ id, name, region, aliases }) => ({ id, name, region, aliases })),
          table: [['ID', 'NAME', 'REGION', 'ALIASES'], ...MUSCLES.map((m) => [m.id, m.name, m.region, m.aliases.join(', ')])],
        }),
        conditions: () => ({
          json: CONDITIONS.map(({ id, name, aka, codes, targets }) => ({ id, name, aka, codes, targets })),
          table: [
            ['ID', 'NAME', 'ICD-10-CM', 'POINTS', 'MUSCLES'],
            ...CONDITIONS.map((c) => [
              c.id,
              c.name,
              [...codeList('R', c.codes.right), ...codeList('L', c.codes.left), ...codeList('B', c.codes.bilateral), ...codeList('any', c.codes.any)].join(
                '; ',
              ) || '—',
              c.targets.acupoints.join(' ') || '—',
              c.targets.muscles.join(', ') || '—',
            ]),
          ],
        }),
      };
      const build = positionals.length === 1 && positionals[0] !== undefined ? catalogs[positionals[0]] : undefined;
      if (!build) {
        const which = positionals.length === 0 ? 'name a catalog' : `unknown catalog "${positionals.join(' ')}"`;
        return (fail(`${which}: acupoints, muscles or conditions\n\n${this.usage}`), 1);
      }
      const { json, table } = build();
      if (values.json) return (out(JSON.stringify(json, null, 2)), 0);
      const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => row[col]?.length ?? 0))) ?? [];
      for (const row of table)
        out(
          row
            .map((cell, col) => cell.padEnd(widths[col] ?? 0))
            .join('  ')
            .trimEnd(),
        );
      return 0;
    },
  },
};

/** Opens an existing data file (or the clinic database) for a command and always closes it. */
async function withHost(db: string | undefined, actor: string, run: (host: Host) => Promise<number>): Promise<number> {
  const target = dbTarget(db);
  if (!isPostgresUrl(target) && !existsSync(target)) return (fail(`no data file at ${target}`), 1);
  await unlock(target);
  const host = await openHost(target, { actor });
  try {
    return await run(host);
  } finally {
    await host.close();
  }
}

const describe = (e: { message: string; fields: Record<string, string> }) =>
  Object.keys(e.fields).length > 1 ? Object.values(e.fields).join('; ') : e.message;
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'needlebook — clinical notes for acupuncture and dry needling with runners',
    '',
    'Usage: needlebook <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    `every command but catalog takes --db FILE or --db postgres://… (default: $NEEDLEBOOK_DB, else ${defaultDataFile()}); every command takes --help.`,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    fail(`unknown command "${name}"\n\n${help()}`);
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
