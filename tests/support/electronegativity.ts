import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

interface Config {
  electronVersion: string;
  excludedChecks: Record<string, string>;
  suppressions: { check: string; files: string[]; reason: string }[];
}

export interface Finding {
  id: string;
  file: string;
  line: number;
  severity: string;
  confidence: string;
  description: string;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}
type Run = (options: object) => Promise<{ globalChecks: number; atomicChecks: number; errors: { file: string; message: string }[]; issues: RawIssue[] }>;

export const SCAN_CONFIG = JSON.parse(readFileSync('build/electronegativity.json', 'utf8')) as Config;

/**
 * Loads Electronegativity with its HTTP client replaced by one that always fails: the scanner
 * otherwise fetches translations from the internet on every run, and a test run sends nothing
 * off this machine. Its bundled English texts are used instead.
 */
function loadScanner(): Run {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(entry).resolve('got');
  const offline = () => Promise.reject(new Error('no network in Needlebook tests'));
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) } as NodeJS.Module;
  return require(entry) as Run;
}

/** Scans a folder; returns every finding, and the ones no suppression in build/electronegativity.json covers. */
export async function scan(input: string): Promise<{ checks: number; errors: string[]; findings: Finding[]; unsuppressed: Finding[] }> {
  const run = loadScanner();
  const log = console.log;
  console.log = () => {}; // the scanner prints its offline notice; the test reports what matters
  try {
    const result = await run({
      input,
      electronVersionOverride: SCAN_CONFIG.electronVersion,
      excludeFromScan: Object.keys(SCAN_CONFIG.excludedChecks),
      isRelative: true,
    });
    const findings = result.issues.map((i) => ({
      id: i.id,
      file: i.file,
      line: i.location.line,
      severity: i.severity.name,
      confidence: i.confidence.name,
      description: i.description,
    }));
    const suppressed = (f: Finding) => SCAN_CONFIG.suppressions.some((s) => s.check === f.id && s.files.includes(basename(f.file)));
    return {
      checks: result.globalChecks + result.atomicChecks,
      errors: result.errors.map((e) => `${e.file}: ${e.message}`),
      findings,
      unsuppressed: findings.filter((f) => !suppressed(f)),
    };
  } finally {
    console.log = log;
  }
}
