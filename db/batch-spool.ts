import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteSink } from './zip-writer';

/**
 * Where the month batch's ZIP is written as it is made, until it is taken (issue 38, point 5): a
 * file, so memory holds one superbill at a time whatever the month's size, and encrypted, so
 * nothing clinical lies in plain text outside the data file (docs/encryption.md) — not even for the
 * seconds between the last superbill and the download. AES-256-CTR under a key made for this one
 * batch and held only in the database process's memory: what is left on disk by a crash is noise.
 * CTR lets any slice be read back on its own (the download takes the ZIP in slices). It is not
 * authenticated: the reader is this process, within minutes, and each entry's CRC-32 in the ZIP
 * still shows a damaged superbill to whoever unzips it.
 */
export interface BatchSpool extends ByteSink {
  readonly path: string;
  readonly size: number;
  /** Plain bytes from `offset`, at most `length`. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Closes and deletes the file; safe to call twice. */
  remove(): Promise<void>;
}

/** Spools still on disk, deleted if the process ends before they are taken. */
const open_ = new Set<string>();
let cleanupHooked = false;
function hookCleanup(): void {
  if (cleanupHooked) return;
  cleanupHooked = true;
  process.once('exit', () => {
    for (const path of open_) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  });
}

/** How many spools this process has on disk now (a test checks a taken batch leaves none). */
export function spoolsOnDisk(): number {
  return open_.size;
}

/** The counter block `blocks` 16-byte blocks after `iv` (a 128-bit big-endian count, as CTR steps it). */
function counterAt(iv: Buffer, blocks: number): Buffer {
  const out = Buffer.from(iv);
  let carry = BigInt(blocks);
  for (let i = 15; i >= 0 && carry > 0n; i--) {
    const sum = BigInt(out[i]!) + (carry & 0xffn);
    out[i] = Number(sum & 0xffn);
    carry = (carry >> 8n) + (sum >> 8n);
  }
  return out;
}

export async function openBatchSpool(folder = tmpdir()): Promise<BatchSpool> {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const path = join(folder, `needlebook-batch-${randomUUID()}.spool`);
  // Made new (never an existing file followed), readable by this account only.
  const file: FileHandle = await open(path, 'wx+', 0o600);
  open_.add(path);
  hookCleanup();
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  let size = 0;
  let removed = false;
  // The encrypted bytes of a slice are read into one buffer kept for the spool, not one per slice: the
  // download takes a 233 MiB ZIP in 1 MiB slices, and a fresh buffer each time left tens of MiB of
  // them to the collector at the batch's end, its peak.
  let scratch: Buffer | null = null;
  let reading = false;
  return {
    path,
    get size() {
      return size;
    },
    async write(bytes) {
      const sealed = cipher.update(bytes);
      await file.write(sealed, 0, sealed.length, size);
      size += sealed.length;
    },
    async read(offset, length) {
      const take = Math.max(0, Math.min(length, size - offset));
      if (take === 0) return new Uint8Array(0);
      const skip = offset % 16;
      const start = offset - skip;
      // Two reads at once (never asked by the download) each have a buffer of their own.
      const own = reading || !scratch || scratch.length < take + skip;
      const sealed = own ? Buffer.allocUnsafe(take + skip) : scratch!;
      if (!reading && own) scratch = sealed;
      reading = true;
      try {
        const { bytesRead } = await file.read(sealed, 0, take + skip, start);
        const decipher = createDecipheriv('aes-256-ctr', key, counterAt(iv, start / 16));
        const plain = decipher.update(sealed.subarray(0, bytesRead));
        return new Uint8Array(plain.buffer, plain.byteOffset + skip, plain.length - skip);
      } finally {
        if (sealed === scratch) reading = false;
      }
    },
    async remove() {
      if (removed) return;
      removed = true;
      key.fill(0);
      scratch = null;
      await file.close().catch(() => {});
      await unlink(path).catch(() => {});
      open_.delete(path);
    },
  };
}
