import type { DbContext } from './context';
import { timestamp } from './context';
import { verifyLedgerToHead, verifySince, type HeadedReport } from './queries/ledger';
import { keepVerifiedHead, readVerifiedHead } from './queries/ledger-verified';
import type { IntegrityReport } from '../shared/integrity';

/**
 * The checks of the signed records behind the integrity banner (docs/tamper-evidence.md, "Verifying
 * at open"), run so that no practitioner's call waits behind them:
 *
 * - at open, only what was sealed since the verified head (and the head held against the ledger):
 *   milliseconds, answered to the window's first `integrity` call;
 * - the whole ledger off the path — on a worker thread with its own connection for a data file, on a
 *   pooled connection of the clinic's server (which hashes its own rows) — soon after open and then
 *   daily while the app runs; the banner's next ask carries what it found (`pending` until then).
 *
 * Where the open's check cannot answer alone (no head kept yet, a head that does not hold, counts
 * the new rows do not explain) the first answer waits for the whole ledger: that answer is then
 * the whole truth, as before.
 */
export interface RecordChecks {
  /** What the window's banner shows: the open's check while the whole ledger is verified, then that verification. */
  integrity(): Promise<IntegrityReport>;
  /** Settings → Verify records: the whole ledger now (off the path where it can be). */
  verifyAll(): Promise<IntegrityReport>;
  close(): void;
}

export interface RecordChecksOptions {
  /** Guards put back when the database opened (db/guards.ts): part of every report. */
  guardsRestored: string[];
  /** Whether the whole ledger is verified in the background by this host (the app and the harness). */
  background: boolean;
  /**
   * The whole ledger verified where it does not hold up the connection the calls use. `background`:
   * no one waits for this run (the first after open, the daily one), so it may give way to the calls.
   */
  verifyWhole: (at: string, background: boolean) => Promise<HeadedReport>;
  /** How long after open the whole ledger's verification starts: the first screen's work goes first. */
  wholeAfterMs?: number;
  log?: (line: string) => void;
}

/** Once a day while the app stays open, as the daily backup. */
const WHOLE_EVERY_MS = 24 * 3600_000;
/** After the first screen has read what it shows (well under this on a ten-year clinic). */
export const WHOLE_AFTER_OPEN_MS = 3000;

export function recordChecks(ctx: DbContext, options: RecordChecksOptions): RecordChecks {
  const report = (r: HeadedReport, scope: IntegrityReport['scope'], ms: number): IntegrityReport => ({
    verifiedAt: timestamp(ctx),
    checked: r.checked,
    problems: r.problems,
    guardsRestored: options.guardsRestored,
    ms,
    damaged: null,
    scope,
    pending: false,
  });
  let wholeDone: IntegrityReport | null = null;
  /** Until the first verification of the whole ledger has ended (found something, nothing, or failed to run). */
  let firstWholeDue = options.background;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  /** The whole ledger; a head is kept only when it was found whole. `asked`: Settings → Verify records, whose answer is awaited. */
  const verifyAll = (asked = false): Promise<IntegrityReport> => {
    const background = options.background && !asked;
    const run = (async () => {
      const started = performance.now();
      let r = await options.verifyWhole(timestamp(ctx), background);
      // In the background, a record signed at another seat while the server was read can look
      // unsealed for that moment: a finding is confirmed by a second read before it is shown.
      if (r.problems.length > 0 && options.background) {
        const again = await options.verifyWhole(timestamp(ctx), background);
        const seen = new Set(again.problems.map((p) => p.problem));
        r = { ...r, problems: r.problems.filter((p) => seen.has(p.problem)) };
      }
      if (r.problems.length === 0 && r.head && !closed) await keepVerifiedHead(ctx, r.head);
      const done = report(r, 'all', Math.round(performance.now() - started));
      wholeDone = done;
      return done;
    })();
    // Ended either way: the banner stops asking again (a verification that could not run is logged, and tried again daily).
    void run.then(
      () => (firstWholeDue = false),
      () => (firstWholeDue = false),
    );
    return run;
  };

  const schedule = (after: number) => {
    if (!options.background || closed) return;
    timer = setTimeout(() => {
      void verifyAll()
        .catch((error: unknown) => options.log?.(`[needlebook] verification of the whole ledger failed: ${error instanceof Error ? error.name : typeof error}`))
        .finally(() => schedule(WHOLE_EVERY_MS));
    }, after);
    timer.unref();
  };

  let opening: Promise<IntegrityReport> | null = null;
  const openCheck = (): Promise<IntegrityReport> => (opening ??= firstCheck());
  const firstCheck = async (): Promise<IntegrityReport> => {
    const head = options.background ? await readVerifiedHead(ctx) : null;
    if (!head) return verifyAll();
    const started = performance.now();
    const since = await verifySince(ctx.db, head, timestamp(ctx));
    const ms = Math.round(performance.now() - started);
    if (since.suspect && since.problems.length === 0) return verifyAll();
    if (since.problems.length === 0 && since.head) await keepVerifiedHead(ctx, since.head);
    // A head that does not hold is named at once, and the whole ledger verified now to name the rest.
    if (since.problems.length > 0) void verifyAll().catch(() => undefined);
    else schedule(options.wholeAfterMs ?? WHOLE_AFTER_OPEN_MS);
    return report(since, 'since', ms);
  };
  // In the background the open's check starts now, so the window's first ask finds it done; elsewhere
  // (a command, a test's host) it runs when first asked, as the whole ledger did before.
  if (options.background) openCheck().catch(() => undefined);

  return {
    async integrity() {
      const first = await openCheck();
      if (wholeDone) return first.problems.length > 0 && first.scope === 'since' ? { ...wholeDone, problems: mergeProblems(first, wholeDone) } : wholeDone;
      return { ...first, pending: first.scope === 'since' && firstWholeDue };
    },
    verifyAll: () => verifyAll(true),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** The open's findings (a rewritten head) kept beside the whole ledger's, each once. */
function mergeProblems(first: IntegrityReport, whole: IntegrityReport): IntegrityReport['problems'] {
  const seen = new Set(whole.problems.map((p) => p.problem));
  return [...first.problems.filter((p) => !seen.has(p.problem)), ...whole.problems];
}

/** The longest pause between two chunks of a background verification (`paced`). */
const PACE_LONGEST_MS = 50;

/**
 * Between two chunks of a verification no one waits for: a pause as long as the chunk took (from the
 * end of the last pause: the server's statement and this thread's work on its answer), at most
 * `longest` ms. The verification then takes at most about half of one core, of the clinic's server
 * and of the seat's thread, however long the ledger, and the calls meet it only in short turns.
 */
export function paced(longest = PACE_LONGEST_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    const worked = performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, Math.min(longest, worked)));
    since = performance.now();
  };
}

/**
 * The whole ledger on the connections the calls use: a clinic's server, which hashes its own rows
 * (a pooled connection for each statement, a chunk of records at a time), a database in memory,
 * and tests of the service alone. In the background it pauses between chunks (`paced`).
 */
export const verifyInPlace = (ctx: DbContext) => (at: string, background: boolean) => verifyLedgerToHead(ctx.db, at, background ? { between: paced() } : {});
