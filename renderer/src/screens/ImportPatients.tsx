import { useState } from 'react';
import {
  IMPORT_FIELD_LABEL,
  IMPORT_FIELDS,
  type ColumnMapping,
  type ImportField,
  type ImportPreview,
  type ImportResult,
} from '../../../shared/import/patient-import';
import { api } from '../api';
import { readNow } from '../query';

/** How many problem and match rows the preview lists on screen; the counts always cover every row. */
const SHOWN = 500;

/**
 * Settings → Import: patients from another system's CSV (issue 36, point 4). The file is read here
 * and checked by the database process: the columns mapped (guessed from the headers, changed with
 * the selects), each row's problems named by field, rows matching a patient on file flagged and
 * skipped unless ticked. Import writes the rest in one transaction.
 */
export function ImportPatients() {
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function check(csv: string, mapping?: ColumnMapping) {
    setBusy(true);
    const o = await readNow('previewPatientImport', { csv, ...(mapping ? { mapping } : {}) });
    setBusy(false);
    if (!o.ok) {
      setPreview(null);
      return setMessage({ text: Object.values(o.error.fields)[0] ?? o.error.message, error: true });
    }
    setMessage(null);
    setPreview(o.value);
  }

  async function choose(list: FileList | null) {
    const picked = list?.[0];
    if (!picked) return;
    const csv = await picked.text();
    setFile({ name: picked.name, csv });
    setChosen(new Set());
    await check(csv);
  }

  function remap(field: ImportField, value: string) {
    if (!file || !preview) return;
    void check(file.csv, { ...preview.mapping, [field]: value === '' ? null : Number(value) });
  }

  async function commit() {
    if (!file || !preview) return;
    setBusy(true);
    const o = await api.importPatients({ csv: file.csv, mapping: preview.mapping, includeDuplicates: [...chosen] });
    setBusy(false);
    if (!o.ok) return setMessage({ text: Object.values(o.error.fields)[0] ?? o.error.message, error: true });
    const r: ImportResult = o.value;
    setPreview(null);
    setFile(null);
    setMessage({
      text: `Imported ${r.created} patients. Skipped ${r.skippedProblems} rows with problems and ${r.skippedDuplicates} matching a patient on file.`,
      error: false,
    });
  }

  const problems = preview?.rows.filter((r) => r.problems.length > 0) ?? [];
  const matches = preview?.rows.filter((r) => r.duplicateOf) ?? [];
  const importing = preview ? preview.counts.ready + chosen.size : 0;
  return (
    <section className="panel import-patients" aria-labelledby="import-title">
      <h2 id="import-title">Import patients from a CSV</h2>
      <p className="muted">
        From another system or a spreadsheet: UTF-8, with commas or semicolons. Nothing is written until you import; rows with a problem are left out, and rows
        matching a patient on file (same name and date of birth, accents ignored) are left out unless you tick them.
      </p>
      <label className="file-pick">
        CSV file <input type="file" name="import-csv" accept=".csv,text/csv,text/plain" onChange={(e) => void choose(e.target.files)} />
      </label>
      {message ? (
        <p className={message.error ? 'form-status-error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      {preview && file ? (
        <>
          <fieldset className="import-mapping">
            <legend>
              Columns of {file.name} ({preview.delimiter === ';' ? 'semicolons' : 'commas'})
            </legend>
            {IMPORT_FIELDS.map(([field, label]) => (
              <label key={field}>
                {label}
                <select name={`mapping.${field}`} value={preview.mapping[field] ?? ''} onChange={(e) => remap(field, e.target.value)} disabled={busy}>
                  <option value="">— none —</option>
                  {preview.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h || `Column ${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          {preview.unmapped.length ? (
            <p className="form-status-error" role="alert">
              Choose the column for {preview.unmapped.map((f) => IMPORT_FIELD_LABEL[f].toLowerCase()).join(', ')}.
            </p>
          ) : null}
          <p role="status" className="import-counts">
            {preview.counts.rows} rows: {preview.counts.ready} ready, {preview.counts.problems} with problems, {preview.counts.duplicates} matching a patient.
          </p>
          {problems.length ? (
            <table className="rows import-problems">
              <caption>Rows with problems (left out)</caption>
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Name</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {problems.slice(0, SHOWN).map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.name || '—'}</td>
                    <td>
                      {r.problems.map((p) => (
                        // Each message names its field already ("Last name is required").
                        <span key={p.field} className="field-error" data-field={p.field}>
                          {p.message}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {problems.length > SHOWN ? <p className="muted">and {problems.length - SHOWN} more rows with problems.</p> : null}
          {matches.length ? (
            <table className="rows import-matches">
              <caption>Rows matching a patient (left out unless ticked)</caption>
              <thead>
                <tr>
                  <th>Import anyway</th>
                  <th>Line</th>
                  <th>Name</th>
                  <th>Matches</th>
                </tr>
              </thead>
              <tbody>
                {matches.slice(0, SHOWN).map((r) => (
                  <tr key={r.line}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Import line ${r.line} anyway`}
                        checked={chosen.has(r.line)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(r.line);
                          else next.delete(r.line);
                          setChosen(next);
                        }}
                      />
                    </td>
                    <td>{r.line}</td>
                    <td>{r.name}</td>
                    <td>{r.duplicateOf!.patientId !== null ? `${r.duplicateOf!.name}, on file` : `${r.duplicateOf!.name}, line ${r.duplicateOf!.line}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <button type="button" className="button-primary" disabled={busy || preview.unmapped.length > 0 || importing === 0} onClick={() => void commit()}>
            {busy ? 'Working…' : `Import ${importing} patients`}
          </button>
        </>
      ) : null}
    </section>
  );
}
