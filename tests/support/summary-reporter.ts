import type { Reporter, TestModule } from 'vitest/node';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const line = (t: Tally) => `${t.passed} passed, ${t.failed} failed${t.skipped > 0 ? `, ${t.skipped} skipped` : ''}`;

/**
 * After Vitest's own summary, prints one line per project (the unit and browser tests, then the
 * integration suite on each engine) and last the plain closing line
 * `needlebook: N passed, N failed[, N skipped]`, so CI and people read the same count. A file that
 * failed to load counts as failed.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const total: Tally = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    const byProject = new Map<string, Tally>();
    for (const module of modules) {
      const name = module.project.name || 'tests';
      const tally = byProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      byProject.set(name, tally);
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        tally[key]++;
        total[key]++;
      }
      if (tests === 0 && module.state() === 'failed') {
        tally.failed++;
        total.failed++;
      }
    }
    process.stdout.write('\n');
    for (const [name, tally] of byProject) process.stdout.write(`  ${name.padEnd(9)} ${line(tally)}\n`);
    process.stdout.write(`needlebook: ${line(total)}\n`);
  }
}
