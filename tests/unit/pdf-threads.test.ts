import type * as Os from 'node:os';
import { describe, expect, it, vi } from 'vitest';

// A machine with eight cores, as the month batch's threads see it.
vi.mock('node:os', async (actual) => ({ ...(await actual<typeof Os>()), availableParallelism: () => 8 }));

const { pdfWorkers } = await import('../../db/pdf-workers');

/**
 * The month batch makes superbills on two threads at most, whatever the cores (issue 38, point 5):
 * each thread adds its heap and jsPDF's garbage to the batch's peak, which was 687 MiB with four
 * threads against 547–553 MiB with two on the 18,000-patient clinic's October.
 */
describe('the month batch’s threads', () => {
  it('starts two on a machine of eight cores', async () => {
    const workers = await pdfWorkers(() => {
      throw new Error('not built on this thread');
    });
    try {
      expect(workers.threads).toBe(2);
      expect(workers.lanes).toBe(6);
    } finally {
      await workers.close();
    }
  });
});
