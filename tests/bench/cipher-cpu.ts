import { draftInput } from './draft-input';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useDataKey } from '../../db/engine/cipher';
import { encryptFile } from '../../db/encrypt-file';
import { openHost, type Host } from '../../db/host';
import { newDataKey } from '../../db/key-custody';

/**
 * `npm run bench:cipher-cpu -- --file KEPT.db [--runs N]`: what encryption costs in CPU, measured so
 * that a loaded machine does not decide it (issue 31, point 7). A clinic kept by `npm run bench --
 * --keep` is copied and the copy encrypted; both are opened in this one process and each operation
 * runs on the plain file, then the encrypted one, then the plain again…, timing the process's CPU
 * (user + system) per call rather than the wall clock, which on a shared machine mostly measures the
 * other processes. Beside the service calls, the floor: one access row written in its own
 * transaction, raw, and the same per page size (plain, SQLCipher 4 with HMAC-SHA512, without HMAC),
 * which shows where the cost of a write goes. Prints medians in µs of CPU, the ratio and the load average.
 */
const { values } = parseArgs({ options: { file: { type: 'string' }, runs: { type: 'string', default: '200' } } });
if (!values.file) throw new Error('--file names a clinic kept by npm run bench -- --keep');
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'needlebook-bench-cipher-cpu-'));
const plainFile = join(dir, 'plain.db');
const encryptedFile = join(dir, 'encrypted.db');
copyFileSync(values.file, plainFile);
copyFileSync(values.file, encryptedFile);
const key = newDataKey();
encryptFile(encryptedFile, key);
// A plain file opens without its key whatever key is in use; the encrypted one needs it.
useDataKey(key);
const hosts = {
  plain: await openHost(plainFile, { actor: 'bench', log: () => {} }),
  encrypted: await openHost(encryptedFile, { actor: 'bench', log: () => {} }),
};
const loadAtStart = loadavg();

async function ok<T>(host: Host, channel: string, input: unknown): Promise<T> {
  const outcome = await host.handle(channel, input);
  if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`);
  return outcome.value as T;
}
const ids = async (sql: string) => ((await hosts.plain.engine.all(sql, [])) as { id: number }[]).map((r) => r.id);
const patients = await ids('SELECT id FROM patient ORDER BY id LIMIT 500');
const cases = await ids('SELECT id FROM care_case ORDER BY id LIMIT 500');
const signed = await ids('SELECT id FROM visit WHERE signed_at IS NOT NULL ORDER BY id LIMIT 500');
const drafts = await ids('SELECT id FROM visit WHERE signed_at IS NULL ORDER BY id LIMIT 50');
const pick = (list: number[], i: number) => list[i % list.length]!;

const operations: [string, (host: Host, i: number) => Promise<unknown>][] = [
  ['open a patient', (h, i) => ok(h, 'getPatient', { id: pick(patients, i) })],
  [
    'save a patient',
    async (h, i) => {
      const p = await ok<Record<string, unknown>>(h, 'getPatient', { id: pick(patients, i) });
      const { archivedAt: _a, createdAt: _c, updatedAt: _u, ...input } = p;
      await ok(h, 'savePatient', { ...input, weeklyVolume: (input.weeklyVolume as number) + (i % 2) });
    },
  ],
  ['open a case timeline', (h, i) => ok(h, 'getCase', { id: pick(cases, i) })],
  ['open a visit', (h, i) => ok(h, 'getVisit', { id: pick(signed, i) })],
  [
    'autosave a draft visit',
    async (h, i) => {
      const v = await ok<Record<string, unknown>>(h, 'getVisit', { id: pick(drafts, i) });
      await ok(h, 'saveVisit', { ...draftInput(v), subjective: `Autosave ${i}: pain easing on the long run.` });
    },
  ],
  ['search notes ("taut band"), best match', (h) => ok(h, 'searchNotes', { query: 'taut band', order: 'best' })],
  ['review dashboard, first 50', (h) => ok(h, 'reviewCases', { limit: 50 })],
  ['FHIR Bundle of a patient', (h, i) => ok(h, 'fhirBundle', { patientId: pick(patients, i) })],
  [
    'the access row every look writes (raw SQL, its own transaction)',
    (h, i) =>
      h.engine.transaction(async (tx) =>
        tx.run('INSERT INTO audit_log (at, actor, provider_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          new Date().toISOString(),
          'bench',
          null,
          'view',
          'patient',
          pick(patients, i),
          null,
        ]),
      ),
  ],
];

const cpu = async (fn: () => Promise<unknown>) => {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pad = Math.max(...operations.map(([n]) => n.length));
console.log(`${'operation'.padEnd(pad)}  plain µs CPU  encrypted µs CPU  ratio`);
for (const [name, fn] of operations) {
  const runs = name.startsWith('FHIR') ? Math.ceil(RUNS / 10) : RUNS;
  const times = { plain: [] as number[], encrypted: [] as number[] };
  for (let i = 0; i < Math.max(5, runs / 5); i++) for (const h of [hosts.plain, hosts.encrypted]) await fn(h, i);
  for (let i = 0; i < runs; i++) {
    times.plain.push(await cpu(() => fn(hosts.plain, i)));
    times.encrypted.push(await cpu(() => fn(hosts.encrypted, i)));
  }
  const [p, e] = [middle(times.plain), middle(times.encrypted)];
  console.log(`${name.padEnd(pad)}  ${p.toFixed(0).padStart(12)}  ${e.toFixed(0).padStart(16)}  ${(e / p).toFixed(2)}×`);
}
await hosts.plain.close();
await hosts.encrypted.close();
console.log(
  `load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} (start), ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (end)`,
);
