import { spawn } from 'node:child_process';
import { peakMiB } from './cold-start';

/**
 * `needlebook check` on a data file in a process of its own, as a practitioner or their IT person
 * runs it (issue 38, point 5: under 400 MB at 18,000 patients): whether it found the file intact,
 * its peak resident set (VmHWM, read while it runs: a high-water mark, so the last reading before
 * it exits holds the peak), and how long it took.
 */
export async function checkCommandPeak(file: string): Promise<{ intact: boolean; peakMiB: number; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['electron/needlebook.mjs', 'check', '--db', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, peakMiB(child.pid!))), 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { intact: code === 0, peakMiB: peak, seconds: (performance.now() - started) / 1000 };
}
