import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encryptFile } from '../../db/encrypt-file';
import { newDataKey, recoveryKeyOf } from '../../db/key-custody';

/**
 * `npm run bench:cipher -- [--patients N] [--runs N]`: the same clinic measured plain, then
 * encrypted (issue 31, point 7). The bench seeds a plain clinic and keeps it; the kept file is
 * encrypted in place as `needlebook encrypt` does it, and measured again with its key. Each
 * operation's median is printed side by side, with the ratio encrypted / plain and the load average.
 */
const { values } = parseArgs({ options: { patients: { type: 'string', default: '1000' }, runs: { type: 'string', default: '50' } } });
const dir = mkdtempSync(join(tmpdir(), 'needlebook-bench-cipher-'));
const bench = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/bench/run.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`bench failed: ${r.stderr}`);
  return r;
};
interface Figures {
  operations: { name: string; median: number; p95: number }[];
  monthBatch: { seconds: number }[];
  load: number[];
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Figures;

const plainJson = join(dir, 'plain.json');
const first = bench(['--patients', values.patients, '--runs', values.runs, '--keep', '--json', plainJson]);
const kept = /bench clinic kept in (.+)/.exec(first.stderr)?.[1]?.trim();
if (!kept) throw new Error('the bench did not say where it kept its clinic');
const key = newDataKey();
encryptFile(kept, key);
const encryptedJson = join(dir, 'encrypted.json');
bench(['--file', kept, '--patients', values.patients, '--runs', values.runs, '--json', encryptedJson], { NEEDLEBOOK_KEY: recoveryKeyOf(key) });

const plain = read(plainJson);
const encrypted = read(encryptedJson);
const pad = Math.max(...plain.operations.map((o) => o.name.length));
console.log(
  `${values.patients} patients; load average ${plain.load.map((l) => l.toFixed(2)).join(' ')} (plain), ${encrypted.load.map((l) => l.toFixed(2)).join(' ')} (encrypted), ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (end)`,
);
console.log(`${'operation'.padEnd(pad)}  plain p50  enc p50  plain p95  enc p95  ratio p50`);
let worst = 0;
for (const o of plain.operations) {
  const e = encrypted.operations.find((x) => x.name === o.name);
  if (!e) continue;
  const ratio = e.median / o.median;
  worst = Math.max(worst, ratio);
  console.log(
    `${o.name.padEnd(pad)}  ${o.median.toFixed(2).padStart(9)}  ${e.median.toFixed(2).padStart(7)}  ${o.p95.toFixed(2).padStart(9)}  ${e.p95.toFixed(2).padStart(7)}  ${ratio.toFixed(2).padStart(8)}×`,
  );
}
const batch = (f: Figures) => f.monthBatch.reduce((a, r) => a + r.seconds, 0) / Math.max(1, f.monthBatch.length);
console.log(`month batch: plain ${batch(plain).toFixed(2)} s, encrypted ${batch(encrypted).toFixed(2)} s (${(batch(encrypted) / batch(plain)).toFixed(2)}×)`);
console.log(`worst median ratio ${worst.toFixed(2)}×`);
