import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DomainError } from '../shared/outcome';

/**
 * One process at a time owns a data file for writing: the app, the preview harness and each
 * command-line run take `FILE.lock` beside it, created exclusively, holding who took it. A second
 * one is told plainly that Needlebook is already open on the file. A lock left by a process that
 * is gone (a crash, a power cut) is noticed by its process id and taken over. SQLite's own locks
 * still guard every write; this one keeps two programs from interleaving a clinic's day.
 */
export interface LockOwner {
  pid: number;
  host: string;
  program: string;
  since: string;
}

export interface FileLock {
  path: string;
  /** Whether a stale lock from a process that is gone was taken over. */
  tookOver: LockOwner | null;
  release(): void;
}

export const lockPathOf = (file: string) => `${file}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

export function lockDataFile(file: string, program: string): FileLock {
  const path = lockPathOf(file);
  const me: LockOwner = { pid: process.pid, host: hostname(), program, since: new Date().toISOString() };
  let tookOver: LockOwner | null = null;
  // The app's first start: its data folder does not exist yet.
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return {
        path,
        tookOver,
        release: () => {
          if (readOwner(path)?.pid === me.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    // Another machine (a file on a shared drive) cannot be asked whether its process lives: its lock holds.
    const stale = owner === null || (owner.host === me.host && owner.pid !== me.pid && !alive(owner.pid));
    if (!stale) {
      const who = owner.host === me.host ? `${owner.program}, process ${owner.pid}` : `${owner.program} on ${owner.host}`;
      throw new DomainError('busy', `Needlebook is already open on ${file} (${who}, since ${owner.since}). Close it there first.`);
    }
    tookOver = owner;
    try {
      unlinkSync(path);
    } catch {
      // Someone else removed it first: try again.
    }
  }
  throw new DomainError('busy', `Needlebook could not take the lock on ${file}; try again.`);
}
