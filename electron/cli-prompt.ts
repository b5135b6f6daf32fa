import { useDataKey } from '../db/engine/cipher';
import { keyForRun } from '../db/key-intake';

/**
 * Asks on the terminal without echoing what is typed (a passphrase, a recovery key): raw mode,
 * read up to Enter, Ctrl+C ends the run. Only called when stdin is a terminal.
 */
export function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('Cancelled; nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/**
 * Sets the key this run opens `target` with (db/key-intake.ts): NEEDLEBOOK_KEY, else asked on the
 * terminal without echo. Never an argument: `ps` shows arguments to every account on the machine.
 */
export async function unlock(target: string, options: { creates?: boolean; unencrypted?: boolean; keptBeside?: string } = {}): Promise<void> {
  useDataKey(
    await keyForRun(target, {
      secret: process.env.NEEDLEBOOK_KEY ?? null,
      prompt: process.stdin.isTTY ? askHidden : null,
      say: (line) => process.stderr.write(`${line}\n`),
      ...options,
    }),
  );
}
