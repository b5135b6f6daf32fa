import { useState } from 'react';
import type { IntegrityReport } from '../../../shared/integrity';
import { api } from '../api';
import { formatDateTime } from '../format';

/**
 * Settings → Verify records: re-hashes every signed visit, assessment and addendum against the
 * ledger and names each one that no longer matches (db/queries/ledger.ts).
 */
export function VerifyRecords() {
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');
  async function verify() {
    setRunning(true);
    setError('');
    const o = await api.verifyRecords({});
    setRunning(false);
    if (o.ok) setReport(o.value);
    else setError(o.error.message);
  }
  const clean = report !== null && report.problems.length === 0 && report.guardsRestored.length === 0;
  return (
    <section className="panel" id="verify" aria-labelledby="verify-title">
      <header className="screen-head">
        <h2 id="verify-title">Record integrity</h2>
        <button type="button" onClick={() => void verify()} disabled={running}>
          {running ? 'Verifying…' : 'Verify records'}
        </button>
      </header>
      <p className="muted">
        Every signed visit, assessment and addendum is sealed with a hash when it is signed. Verifying re-reads each one and names any that changed outside
        Needlebook.
      </p>
      {error ? (
        <p className="form-status-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? (
        <div role="status" className={clean ? 'notice' : 'notice notice-danger'}>
          <p>
            {clean ? 'All signed records match their signatures: ' : 'Some records do not match: '}
            {report.checked} checked in {report.ms} ms, {formatDateTime(report.verifiedAt)}.
          </p>
          {report.problems.length || report.guardsRestored.length ? (
            <ul className="integrity-problems">
              {report.problems.map((p) => (
                <li key={`${p.kind}-${p.id}-${p.problem}`}>{p.problem}</li>
              ))}
              {report.guardsRestored.map((g) => (
                <li key={g}>guard {g} was missing or altered when the file opened; it has been put back</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
