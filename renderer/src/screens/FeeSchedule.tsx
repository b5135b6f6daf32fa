import { useEffect, useState } from 'react';
import { api } from '../api';

interface Row {
  code: string;
  description: string;
  fee: string;
}

/** The clinic's fees per CPT/HCPCS code: what billing lines start from. */
export function FeeSchedule() {
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    void api
      .getFeeSchedule({})
      .then((o) => o.ok && setRows(o.value.map((e) => ({ code: e.code, description: e.description, fee: (e.feeCents / 100).toFixed(2) }))));
  }, []);
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
    setRows(o.value.map((e) => ({ code: e.code, description: e.description, fee: (e.feeCents / 100).toFixed(2) })));
  }

  return (
    <section className="panel" aria-labelledby="fees-title">
      <header className="screen-head">
        <h2 id="fees-title">Fee schedule</h2>
      </header>
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
