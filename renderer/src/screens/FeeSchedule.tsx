import { useState } from 'react';
import type { FeeScheduleEntry } from '../../../shared/billing';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { useFeeSchedule, useStartFrom } from '../reads';

interface Row {
  code: string;
  description: string;
  fee: string;
}

const toRows = (entries: FeeScheduleEntry[]): Row[] => entries.map((e) => ({ code: e.code, description: e.description, fee: (e.feeCents / 100).toFixed(2) }));

/** The clinic's fees per CPT/HCPCS code: what billing lines start from. */
export function FeeSchedule() {
  const fees = useFeeSchedule();
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  // Another seat's change shows while nothing here is edited; an edit in progress is kept.
  const [started, setStarted] = useState<FeeScheduleEntry[] | null>(null);
  const edited = started !== null && JSON.stringify(rows) !== JSON.stringify(toRows(started));
  useStartFrom(
    fees.value,
    (entries) => {
      setStarted(entries);
      setRows(toRows(entries));
    },
    edited,
  );
  const set = (i: number, change: Partial<Row>) => setRows((rs) => rs.map((r, j) => (i === j ? { ...r, ...change } : r)));

  async function save() {
    const o = await api.saveFeeSchedule({ entries: rows });
    if (!o.ok) {
      setErrors(o.error.fields);
      setStatus(`Not saved: ${o.error.message}`);
      return;
    }
    setErrors({});
    setStatus('Fee schedule saved');
    setStarted(o.value);
    setRows(toRows(o.value));
  }

  if (fees.value === undefined) return <ReadStatus what="the fee schedule" read={fees} />;

  return (
    <section className="panel" aria-labelledby="fees-title">
      <header className="screen-head">
        <h2 id="fees-title">Fee schedule</h2>
      </header>
      <ReadStatus what="the fee schedule" read={fees} />
      <table className="rows">
        <thead>
          <tr>
            <th>Code</th>
            <th>Description</th>
            <th>Fee ($)</th>
            <th>
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input className="w-sm mono" aria-label={`Code ${i + 1}`} value={r.code} onChange={(e) => set(i, { code: e.target.value })} />
                {errors[`entries.${i}.code`] ? <p className="field-error">{errors[`entries.${i}.code`]}</p> : null}
              </td>
              <td>
                <input aria-label={`Description ${i + 1}`} value={r.description} onChange={(e) => set(i, { description: e.target.value })} />
                {errors[`entries.${i}.description`] ? <p className="field-error">{errors[`entries.${i}.description`]}</p> : null}
              </td>
              <td>
                <input
                  className="w-sm"
                  aria-label={`Fee for ${r.code}`}
                  name={`fee-${r.code}`}
                  value={r.fee}
                  onChange={(e) => set(i, { fee: e.target.value })}
                />
                {errors[`entries.${i}.fee`] ? <p className="field-error">{errors[`entries.${i}.fee`]}</p> : null}
              </td>
              <td>
                <button type="button" className="button-quiet" aria-label={`Remove ${r.code}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" onClick={() => setRows((rs) => [...rs, { code: '', description: '', fee: '' }])}>
          Add code
        </button>
        <button type="button" className="button-primary" onClick={() => void save()}>
          Save fee schedule
        </button>
        {status ? <p className={status.startsWith('Not') ? 'form-status form-status-error' : 'form-status form-status-ok'}>{status}</p> : null}
      </div>
    </section>
  );
}
