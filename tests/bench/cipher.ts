import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encryptFile } from '../../db/encrypt-file';
import { newDataKey, recoveryKeyOf } from '../../db/key-custody';

/**
 * `npm run bench:cipher -- [--patients N] [--runs N] [--rounds N] [--file FILE]`: the same clinic
 * measured plain and encrypted (issue 31, point 7). The bench seeds a plain clinic and keeps it (or
 * takes one kept by an earlier `npm run bench -- --keep`, `--file`); a copy is encrypted as
 * `needlebook encrypt` does it. Then the two are measured in turns — plain, encrypted, plain,
 * encrypted… — each a fresh process, so a machine that slows down or speeds up while it runs weighs
 * on both alike; per operation the median of the rounds' medians is printed side by side, with the
 * ratio encrypted / plain and the load average of each round.
 */
const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    file: { type: 'string' },
  },
});
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
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let plainFile = values.file;
if (!plainFile) {
  const first = bench(['--patients', values.patients, '--runs', '5', '--keep', '--json', join(dir, 'seed.json')]);
  plainFile = /bench clinic kept in (.+)/.exec(first.stderr)?.[1]?.trim();
  if (!plainFile) throw new Error('the bench did not say where it kept its clinic');
}
const encryptedFile = join(dir, 'encrypted.db');
copyFileSync(plainFile, encryptedFile);
const key = newDataKey();
encryptFile(encryptedFile, key);
const secret = recoveryKeyOf(key);

const rounds: { plain: Figures; encrypted: Figures }[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const measured = (file: string, name: string, env: NodeJS.ProcessEnv) => {
    const json = join(dir, `${name}-${r}.json`);
    bench(['--file', file, '--patients', values.patients, '--runs', values.runs, '--json', json], env);
    return read(json);
  };
  rounds.push({ plain: measured(plainFile, 'plain', { NEEDLEBOOK_KEY: '' }), encrypted: measured(encryptedFile, 'encrypted', { NEEDLEBOOK_KEY: secret }) });
}

const loads = (which: 'plain' | 'encrypted') => rounds.map((r) => r[which].load.map((l) => l.toFixed(2)).join(' ')).join('; ');
console.log(
  `${values.patients} patients, ${rounds.length} rounds; load average ${loads('plain')} (plain), ${loads('encrypted')} (encrypted), ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (end)`,
);
const figure = (which: 'plain' | 'encrypted', name: string, of: 'median' | 'p95') =>
  middle(rounds.map((r) => r[which].operations.find((o) => o.name === name)?.[of] ?? Number.NaN));
const names = rounds[0]!.plain.operations.map((o) => o.name);
const pad = Math.max(...names.map((n) => n.length));
console.log(`${'operation'.padEnd(pad)}  plain p50  enc p50  plain p95  enc p95  ratio p50`);
let worst = 0;
for (const name of names) {
  const [p, e] = [figure('plain', name, 'median'), figure('encrypted', name, 'median')];
  if (Number.isNaN(e)) continue;
  worst = Math.max(worst, e / p);
  console.log(
    `${name.padEnd(pad)}  ${p.toFixed(2).padStart(9)}  ${e.toFixed(2).padStart(7)}  ${figure('plain', name, 'p95').toFixed(2).padStart(9)}  ${figure('encrypted', name, 'p95').toFixed(2).padStart(7)}  ${(e / p).toFixed(2).padStart(8)}×`,
  );
}
const batch = (which: 'plain' | 'encrypted') =>
  middle(rounds.map((r) => r[which].monthBatch.reduce((a, b) => a + b.seconds, 0) / Math.max(1, r[which].monthBatch.length)));
console.log(
  `month batch: plain ${batch('plain').toFixed(2)} s, encrypted ${batch('encrypted').toFixed(2)} s (${(batch('encrypted') / batch('plain')).toFixed(2)}×)`,
);
console.log(`worst median ratio ${worst.toFixed(2)}×`);
