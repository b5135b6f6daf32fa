import { useState } from 'react';
import { api } from '../api';
import { saveBytes, savePdf } from '../save-file';

/**
 * The patient page's records out (docs/records-out.md): a chart copy PDF for a records request or
 * a payer's audit, all of the record or a date range, and the whole record as a FHIR R4 Bundle for
 * another system. Both are audited as exports.
 */
export function RecordsOut({ patientId }: { patientId: number }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState<'chart' | 'fhir' | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function chartCopy() {
    setBusy('chart');
    const o = await api.chartCopy({ patientId, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    setBusy(null);
    if (!o.ok) return setMessage({ text: Object.values(o.error.fields)[0] ?? o.error.message, error: true });
    savePdf(o.value);
    setMessage({ text: `Saved ${o.value.fileName}`, error: false });
  }

  async function fhir() {
    setBusy('fhir');
    const o = await api.fhirBundle({ patientId });
    setBusy(null);
    if (!o.ok) return setMessage({ text: o.error.message, error: true });
    saveBytes(o.value.fileName, new TextEncoder().encode(o.value.json), 'application/fhir+json');
    setMessage({ text: `Saved ${o.value.fileName}`, error: false });
  }

  return (
    <section className="panel records-out" aria-labelledby="records-out-title">
      <h2 id="records-out-title">Records out</h2>
      <p className="muted">
        For a records request, a payer’s audit or another practitioner: signed notes only, with their addenda and signatures; drafts are counted, never
        included.
      </p>
      <div className="superbill-range">
        <label>
          From <input type="date" name="chart-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" name="chart-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="button-primary" disabled={busy !== null} onClick={() => void chartCopy()}>
          {busy === 'chart' ? 'Making the chart copy…' : from || to ? 'Chart copy for these dates (PDF)' : 'Chart copy, whole record (PDF)'}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void fhir()}>
          {busy === 'fhir' ? 'Exporting…' : 'FHIR R4 export (JSON)'}
        </button>
      </div>
      {message ? (
        <p className={message.error ? 'field-error' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
