import type * as Os from 'node:os';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { PdfWorkers } from '../../db/pdf-workers';
import type { ZipEntry } from '../../db/zip-entry';
import type { SuperbillData } from '../../shared/reports/superbill-data';

// A machine with eight cores, as the month batch's threads see it.
vi.mock('node:os', async (actual) => ({ ...(await actual<typeof Os>()), availableParallelism: () => 8 }));

const { pdfWorkers } = await import('../../db/pdf-workers');

/** This thread's builder, counting how often it is loaded; each entry it makes holds the patient's name. */
function countedBuilder() {
  const builder = {
    loaded: 0,
    load: async () => {
      builder.loaded++;
      return (data: SuperbillData): ZipEntry => ({ data: new TextEncoder().encode(data.patient.name), crc: 0 });
    },
  };
  return builder;
}

/** Three superbills asked for at once come back, each the patient's own. */
async function expectEveryNameBuilt(workers: PdfWorkers): Promise<void> {
  const names = ['Ana Ruiz', 'Ben Ode', 'Cy Park'];
  const built = await Promise.all(names.map((name) => workers.build({ patient: { name } } as SuperbillData)));
  expect(built.map((e) => new TextDecoder().decode(e.data))).toEqual(names);
}

/**
 * The month batch makes superbills on two threads at most, whatever the cores (issue 38, point 5):
 * each thread adds its heap and jsPDF's garbage to the batch's peak, which was 687 MiB with four
 * threads against 547–553 MiB with two on the 18,000-patient clinic's October.
 */
describe('the month batch’s threads', () => {
  it('starts two on a machine of eight cores', async () => {
    const workers = await pdfWorkers(async () => {
      throw new Error('not built on this thread');
    });
    try {
      expect(workers.threads).toBe(2);
      expect(workers.lanes).toBe(6);
    } finally {
      await workers.close();
    }
  });

  it('loads this thread’s builder only when a superbill is built on it, and once', async () => {
    const builder = countedBuilder();
    const workers = await pdfWorkers(builder.load, 1);
    try {
      expect(workers.threads).toBe(0);
      expect(builder.loaded).toBe(0);
      await expectEveryNameBuilt(workers);
      expect(builder.loaded).toBe(1);
    } finally {
      await workers.close();
    }
  });

  it('leaves a lost thread’s superbills to this thread, loading its builder then', async () => {
    // Threads that end as soon as they are given a superbill, as one that crashes would.
    const folder = mkdtempSync(join(tmpdir(), 'needlebook-lost-thread-'));
    const code = join(folder, 'lost.cjs');
    writeFileSync(code, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const builder = countedBuilder();
    const workers = await pdfWorkers(builder.load, 2, code);
    try {
      expect(workers.threads).toBe(2);
      expect(builder.loaded).toBe(0);
      await expectEveryNameBuilt(workers);
      expect(builder.loaded).toBe(1);
      expect(workers.threads).toBe(0);
    } finally {
      await workers.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
