import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a stream to `path` so that `path` is either absent (or as it was) or whole: the bytes go
 * to a hidden temporary file beside it — in the target folder, so nothing is written anywhere else
 * and the rename stays on one file system — which is flushed to disk and renamed into place only
 * once the stream has ended. A stream that fails, or a write that fails, leaves no partial file.
 */
export async function writeStreamInPlace(path: string, stream: AsyncIterable<Uint8Array>): Promise<number> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  const file = await open(temporary, 'wx', 0o600);
  let size = 0;
  try {
    for await (const bytes of stream) {
      await file.write(bytes, 0, bytes.length, size);
      size += bytes.length;
    }
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  }
  // The rename itself is made durable with the folder's entry (where the platform allows opening a folder).
  const dir = await open(folder, 'r').catch(() => null);
  await dir?.sync().catch(() => {});
  await dir?.close();
  return size;
}
