import { parentPort } from 'node:worker_threads';
import { useDataKey } from './engine/cipher';
import { runFileTask, type FileTask } from './file-tasks';
import { DomainError } from '../shared/outcome';

/**
 * The thread the data file's heavy checks run on (db/off-path.ts, db/file-tasks.ts). The data key
 * comes with each task in its message, from the database process's memory: a worker thread shares
 * the process's environment, and the key is never put there.
 */
parentPort!.on('message', (message: { id: number; key: Uint8Array | null; task: FileTask }) => {
  void (async () => {
    try {
      useDataKey(message.key === null ? null : Buffer.from(message.key));
      const result = await runFileTask(message.task);
      parentPort!.postMessage({ id: message.id, result });
    } catch (error) {
      // A refusal keeps its code and message (a backup's check names what is wrong); anything else its message.
      const refused = error instanceof DomainError ? { code: error.code, message: error.message } : null;
      parentPort!.postMessage({
        id: message.id,
        error: { refused, message: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code },
      });
    } finally {
      useDataKey(null);
    }
  })();
});
