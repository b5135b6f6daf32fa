import { useState } from 'react';
import { integritySummary, type IntegrityReport } from '../../../shared/integrity';
import { api } from '../api';
import { href } from '../route';

/**
 * The check made when the data file opened, when it found something: signed records changed
 * outside Needlebook (see which in Settings), or a damaged file open read-only, with the way back —
 * restoring the newest backup that passes its check (db/host.ts keeps the damaged file aside first).
 */
export function IntegrityBanner({ report }: { report: IntegrityReport }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const summary = integritySummary(report);
  if (!summary) return null;

  async function restoreLatest() {
    setBusy(true);
    setError('');
    const o = await api.restoreLatestBackup({});
    setBusy(false);
    if (!o.ok) return setError(o.error.message);
    // The data file was replaced and reopened: start over on the restored records.
    window.location.reload();
  }

  return (
    <div className="notice notice-danger" role="alert" data-testid="integrity-banner">
      <strong>{summary}</strong>{' '}
      {report.damaged ? (
        <>
          <button type="button" className="button-primary" disabled={busy} onClick={() => void restoreLatest()}>
            {busy ? 'Restoring…' : 'Restore the latest good backup'}
          </button>{' '}
          <a href={href({ screen: 'settings', part: 'records' })}>Choose a backup in Settings → Records and backups</a>
          {error ? <p className="form-status-error">{error}</p> : null}
        </>
      ) : (
        <a href={href({ screen: 'settings', part: 'records' })}>See which records in Settings → Records and backups</a>
      )}
    </div>
  );
}
