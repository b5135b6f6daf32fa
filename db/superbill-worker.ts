import { parentPort } from 'node:worker_threads';
import type { SuperbillData } from '../shared/reports/superbill-data';
import { superbillPdf } from '../shared/reports/superbill';

/**
 * A worker thread of the month batch (db/pdf-workers.ts): superbill data in, PDF bytes out. jsPDF
 * is pure computation, so on a machine with two cores two of these make superbills side by side
 * while the database process keeps answering.
 */
parentPort!.on('message', (task: { id: number; data: SuperbillData }) => {
  try {
    const bytes = superbillPdf(task.data);
    parentPort!.postMessage({ id: task.id, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
