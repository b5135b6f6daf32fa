import { parentPort } from 'node:worker_threads';
import type { SuperbillData } from '../shared/reports/superbill-data';
import { superbillPdf } from '../shared/reports/superbill';
import { zipEntry } from './zip-entry';
import { loadPdfFonts } from './pdf-fonts';

loadPdfFonts();

/**
 * A worker thread of the month batch (db/pdf-workers.ts): superbill data in, the PDF out as a ZIP
 * entry (db/zip-entry.ts). jsPDF is pure computation, so on a machine with two cores two of these
 * make superbills side by side while the database process keeps answering.
 */
parentPort!.on('message', (task: { id: number; data: SuperbillData }) => {
  try {
    const entry = zipEntry(superbillPdf(task.data));
    parentPort!.postMessage({ id: task.id, entry }, [entry.data.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
