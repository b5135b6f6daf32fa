import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line `needlebook: N passed, N failed[, N skipped]` after Vitest's own
 * summary, so CI and people read the same count. A file that failed to load counts as failed.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of modules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (tests === 0 && module.state() === 'failed') failed++;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\nneedlebook: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
