import { zipSync } from 'fflate';
import { useRef, useState } from 'react';
import type { BatchEntry } from '../../../shared/billing';
import { batchFileName, monthRange, superbillIndexCsv } from '../../../shared/reports/superbill-index';
import { api } from '../api';
import { UnsignedNotes } from '../components/UnsignedNotes';
import { formatMoney, todayIso } from '../format';
import { pdfBytes, saveBytes } from '../save-file';

type Run =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'cancelled'; done: number; total: number }
  | { state: 'done'; entries: BatchEntry[] }
  | { state: 'error'; message: string };

/** Last month: the one a clinic owner usually bills. */
function previousMonth(): string {
  const [y, m] = todayIso().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The month batch: one superbill per patient with billed visits in the month, plus an index CSV,
 * saved together as one ZIP. Each PDF is made by its own call, so the bar moves and Cancel stops
 * between patients without leaving anything half-written.
 */
export function SuperbillBatch() {
  const [month, setMonth] = useState(previousMonth());
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const cancelled = useRef(false);

  async function start() {
    cancelled.current = false;
    const list = await api.superbillMonth({ month });
    if (!list.ok) return setRun({ state: 'error', message: Object.values(list.error.fields)[0] ?? list.error.message });
    if (list.value.length === 0) return setRun({ state: 'error', message: `No billed, signed visits in ${month}.` });
    const { from, to } = monthRange(month);
    const files: Record<string, Uint8Array> = {};
    const entries: BatchEntry[] = [];
    for (const [i, patient] of list.value.entries()) {
      if (cancelled.current) return setRun({ state: 'cancelled', done: i, total: list.value.length });
      setRun({ state: 'running', done: i, total: list.value.length });
      const o = await api.superbill({ patientId: patient.patientId, from, to });
      if (!o.ok) return setRun({ state: 'error', message: `${patient.patientName}: ${o.error.message}` });
      // The index is built from what each PDF printed, so the two always agree.
      entries.push(o.value.entry);
      files[batchFileName(month, o.value.entry)] = pdfBytes(o.value);
    }
    files[`superbills-${month}-index.csv`] = new TextEncoder().encode(superbillIndexCsv(month, entries));
    saveBytes(`superbills-${month}.zip`, zipSync(files, { level: 0 }), 'application/zip');
    setRun({ state: 'done', entries });
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
          <button type="button" onClick={() => (cancelled.current = true)}>
            Cancel
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
            {run.state === 'cancelled' ? `Cancelled after ${run.done} of ${run.total}; nothing was saved.` : `${run.done} of ${run.total} superbills…`}
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
            {run.entries.length} superbills and the index saved as superbills-{month}.zip
          </p>
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
