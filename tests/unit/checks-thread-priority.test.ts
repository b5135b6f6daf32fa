import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS_NICE } from '../../db/file-tasks';
import { offPath, type OffPath } from '../../db/off-path';

/** Each thread of this process and its nice value (/proc/self/task/TID/stat: field 19, after the name in parentheses). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // a thread that ended while the list was read
    }
  }
  return nices;
}

let checks: OffPath | null = null;
let dir: string | null = null;
afterEach(async () => {
  await checks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the checks' thread", () => {
  it('stands back from the calls on Linux (its own nice value), and lowers nothing else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'needlebook-nice-'));
    const file = join(dir, 'clinic.db');
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    const before = threadNices();
    const ownBefore = getPriority();
    checks = offPath();
    expect(await checks.run({ kind: 'quickCheck', file })).toBeDefined();
    const after = threadNices();
    // This thread, and every thread there was before the checks' thread, keep their priority.
    expect(getPriority()).toBe(ownBefore);
    for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid)).toBe(nice);
    const niced = [...after].filter(([tid, nice]) => !before.has(tid) && nice === CHECKS_NICE);
    expect(niced.length).toBe(process.platform === 'linux' ? 1 : 0);
  });
});
