import { useState } from 'react';
import { api } from '../api';
import { saveBytes } from '../save-file';

/**
 * Settings → Records: the whole clinic as FHIR R4 Bulk Data (one NDJSON file per resource type and
 * a manifest, in one ZIP) for a practitioner leaving or a clinic moving systems (docs/records-out.md).
 */
export function ClinicExport() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  async function exportAll() {
    setBusy(true);
    const o = await api.fhirClinic({});
    setBusy(false);
    if (!o.ok) return setMessage({ text: o.error.message, error: true });
    saveBytes(o.value.fileName, o.value.zip, 'application/zip');
    setMessage({ text: `Saved ${o.value.fileName}`, error: false });
  }
  return (
    <section className="panel" id="clinic-export" aria-labelledby="clinic-export-title">
      <header className="screen-head">
        <h2 id="clinic-export-title">Export every record (FHIR R4)</h2>
        <button type="button" onClick={() => void exportAll()} disabled={busy}>
          {busy ? 'Exporting…' : 'Export the clinic (ZIP)'}
        </button>
      </header>
      <p className="muted">
        Every patient, case, signed visit and assessment, consent and billed line, as FHIR Bulk Data: one NDJSON file per resource type and a manifest. Another
        system reads it as described in docs/records-out.md. The export is written to the audit log.
      </p>
      {message ? (
        <p className={message.error ? 'form-status-error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
