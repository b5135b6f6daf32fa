import { useEffect, useRef, useState } from 'react';
import { batchDownloadHref, batchZipName } from '../../../shared/batch-download';
import type { BatchEntry, BatchLeftOut, BatchStatus } from '../../../shared/billing';
import { api } from '../api';
import { UnsignedNotes } from '../components/UnsignedNotes';
import { formatMoney, todayIso } from '../format';
import { downloadFrom } from '../save-file';

type Run =
  | { state: 'idle' }
  | { state: 'running'; jobId: string; done: number; total: number; cancelling: boolean }
  | { state: 'cancelled'; done: number; total: number }
  | { state: 'done'; month: string; entries: BatchEntry[]; leftOut: BatchLeftOut[]; seconds: number }
  | { state: 'error'; message: string };

/**
 * How often the screen asks the database process how far the batch has got: ten times a second for
 * the first second, so a small batch ends without a wait, then two and a half times a second. Each
 * answer repaints the screen, and on a two-core machine eight a second took about a sixth of the
 * CPU from the threads making the PDFs (a month of 7,703 superbills: 21 s against 17 s).
 */
const pollDelay = (polls: number) => (polls < 10 ? 100 : 400);

/** Last month: the one a clinic owner usually bills. */
function previousMonth(): string {
  const [y, m] = todayIso().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The month batch: one superbill per patient with billed visits in the month, plus an index CSV,
 * saved together as one ZIP. The database process makes them all as one job (db/superbill-batch.ts);
 * this screen starts it, shows its progress, can cancel it (nothing is saved or audited then) and
 * has the ZIP downloaded once it is done.
 */
export function SuperbillBatch() {
  const [month, setMonth] = useState(previousMonth());
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const left = useRef(false);
  useEffect(
    () => () => {
      left.current = true;
    },
    [],
  );

  async function follow(status: BatchStatus): Promise<void> {
    let s = status;
    for (let polls = 0; s.state === 'running'; polls++) {
      setRun((r) => ({ state: 'running', jobId: s.jobId, done: s.done, total: s.total, cancelling: r.state === 'running' && r.cancelling }));
      await new Promise((resolve) => setTimeout(resolve, pollDelay(polls)));
      if (left.current) return;
      const polled = await api.superbillBatchStatus({ jobId: s.jobId });
      if (!polled.ok) return setRun({ state: 'error', message: polled.error.message });
      s = polled.value;
    }
    if (s.state === 'cancelled') return setRun({ state: 'cancelled', done: s.done, total: s.total });
    if (s.state === 'failed') return setRun({ state: 'error', message: s.message ?? 'The superbills could not be made.' });
    // The ZIP goes from the database process to the download, not through this page (shared/batch-download.ts).
    downloadFrom(batchDownloadHref(s.jobId), batchZipName(s.month));
    setRun({ state: 'done', month: s.month, entries: s.entries, leftOut: s.leftOut, seconds: s.seconds });
  }

  async function start() {
    setRun({ state: 'running', jobId: '', done: 0, total: 0, cancelling: false });
    const started = await api.superbillBatch({ month });
    if (!started.ok) return setRun({ state: 'error', message: Object.values(started.error.fields)[0] ?? started.error.message });
    await follow(started.value);
  }

  async function cancel() {
    if (run.state !== 'running' || !run.jobId) return;
    setRun({ ...run, cancelling: true });
    await api.superbillBatchCancel({ jobId: run.jobId });
  }

  const running = run.state === 'running';
  return (
    <section aria-labelledby="batch-title">
      <header className="screen-head">
        <div>
          <h1 id="batch-title">Superbills</h1>
          <p className="muted subtitle">One superbill per patient for a month of signed, billed visits, with an index for your records.</p>
        </div>
      </header>
      <div className="superbill-range">
        <label>
          Month <input type="month" name="month" value={month} onChange={(e) => setMonth(e.target.value)} disabled={running} />
        </label>
        <button type="button" className="button-primary" onClick={() => void start()} disabled={running}>
          Create superbills
        </button>
        {running ? (
          <button type="button" onClick={() => void cancel()} disabled={run.cancelling || !run.jobId}>
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      {/^\d{4}-\d{2}$/.test(month) ? (
        <UnsignedNotes
          query={{ month }}
          title="Left out: unsigned visits"
          lead="Only signed visits are billed. Sign these and run the batch again to include them."
        />
      ) : null}
      {run.state === 'running' || run.state === 'cancelled' ? (
        <div className="batch-progress" role="status">
          <progress className="progress" max={run.total} value={run.done} aria-label="Superbills made" />
          <p className="muted">
            {run.state === 'cancelled'
              ? `Cancelled after ${run.done} of ${run.total}; nothing was saved.`
              : run.total
                ? `${run.done} of ${run.total} superbills…`
                : 'Reading the month…'}
          </p>
        </div>
      ) : null}
      {run.state === 'error' ? (
        <p className="field-error" role="alert">
          {run.message}
        </p>
      ) : null}
      {run.state === 'done' ? (
        <>
          <p className="form-status form-status-ok" role="status">
            {run.entries.length} superbills and the index saved as {batchZipName(run.month)} ({run.seconds.toFixed(1)} s)
          </p>
          {run.leftOut.length ? (
            <div className="field-error" role="alert">
              <p>Left out, each needing its own superbill:</p>
              <ul>
                {run.leftOut.map((l) => (
                  <li key={l.patientId}>
                    {l.patientName}: {l.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <table className="grid">
            <thead>
              <tr>
                <th>Patient</th>
                <th className="num">Visits</th>
                <th className="num">Charged</th>
                <th className="num">Paid</th>
                <th className="num">Balance</th>
              </tr>
            </thead>
            <tbody>
              {run.entries.map((e) => (
                <tr key={e.patientId}>
                  <td>{e.patientName}</td>
                  <td className="num">{e.visits}</td>
                  <td className="num">{formatMoney(e.charged)}</td>
                  <td className="num">{formatMoney(e.paid)}</td>
                  <td className="num">{formatMoney(e.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
