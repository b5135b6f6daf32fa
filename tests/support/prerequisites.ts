import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * What `npm test` needs from the machine beyond `npm install`, checked before any test runs so a
 * fresh machine gets one message naming every missing piece and the Debian package that brings it,
 * instead of the same failure test by test.
 */
interface Prerequisite {
  what: string;
  /** How to get it on Debian (or Ubuntu). */
  install: string;
  present(): boolean;
}

const onPath = (command: string) => () => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export const PREREQUISITES: Prerequisite[] = [
  {
    what: `Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (the browser tests)`,
    install: 'apt-get install chromium, or set CHROMIUM_PATH',
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  { what: 'qpdf (every PDF is checked with qpdf --check)', install: 'apt-get install qpdf', present: onPath('qpdf') },
  {
    what: 'pdftotext, pdfinfo and pdftoppm (PDFs are read back as text and pages)',
    install: 'apt-get install poppler-utils',
    present: () => ['pdftotext', 'pdfinfo', 'pdftoppm'].every((c) => onPath(c)()),
  },
  { what: 'sqlite3 (files are opened as another tool would)', install: 'apt-get install sqlite3', present: onPath('sqlite3') },
  { what: 'python3 (a second ZIP reader checks the month batch)', install: 'apt-get install python3', present: onPath('python3') },
  {
    what: 'openssl (the clinic tests on PostgreSQL make a certificate authority of their own for TLS)',
    install: 'apt-get install openssl',
    present: () => !process.env.NEEDLEBOOK_TEST_PG || onPath('openssl')(),
  },
  {
    what: 'better-sqlite3-multiple-ciphers loaded on this Node',
    install: 'apt-get install python3 make g++, then npm rebuild better-sqlite3-multiple-ciphers',
    present: () => {
      try {
        const Database = createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as new (file: string) => { close(): void };
        new Database(':memory:').close();
        return true;
      } catch {
        return false;
      }
    },
  },
];

/** One message for everything missing, or null when the machine has it all. */
export function missingPrerequisites(list: readonly Prerequisite[] = PREREQUISITES): string | null {
  const missing = list.filter((p) => !p.present());
  if (missing.length === 0) return null;
  return [
    `npm test needs ${missing.length === 1 ? 'one thing' : `${missing.length} things`} this machine does not have:`,
    ...missing.map((p) => `  - ${p.what}: ${p.install}`),
    '(.ci/run installs all of them; see "Test" in README.md.)',
  ].join('\n');
}
