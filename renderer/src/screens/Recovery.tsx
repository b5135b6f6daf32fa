import { useState } from 'react';
import type { RecoveryStatus } from '../../../shared/backup';
import { api } from '../api';
import { formatDateTime } from '../format';
import { Unlock } from './Unlock';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * What the window shows when the data file did not open whole, before anything else: whatever the
 * database process found (an empty file, a destroyed header, zeroed or missing pages) or if it
 * stopped answering, a practitioner is never left on "Opening your records…". One sentence says
 * what is wrong; the newest good backups of this file are listed with their dates and what they
 * hold, each restored in one click (db/host.ts keeps the damaged file aside first, so nothing is
 * lost); and where the file still reads, "Open read-only" shows what is intact.
 */
export function Recovery({ status, failure, onOpenReadOnly }: { status: RecoveryStatus | null; failure: string | null; onOpenReadOnly: () => void }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  /** A backup made before files had ids: which file it belongs to no name says, so it is restored only when asked again. */
  const [unsure, setUnsure] = useState<{ name: string; why: string } | null>(null);

  async function restore(name: string, anyway = false) {
    setBusy(name);
    setError('');
    setUnsure(null);
    const o = await api.restoreBackup({ name, ...(anyway ? { otherFile: true } : {}) });
    setBusy('');
    if (!o.ok) return o.error.fields.otherFile ? setUnsure({ name, why: o.error.fields.otherFile }) : setError(o.error.message);
    // The data file was replaced and reopened: start over, from the sign-in, on the restored records.
    window.location.reload();
  }

  // An encrypted file waiting for its key, or a new one for a passphrase: asked before anything else.
  if (status?.locked) return <Unlock status={status} />;
  const problem = status?.problem ?? failure ?? 'The data file could not be opened.';
  return (
    <main className="recovery" aria-labelledby="recovery-title" data-testid="recovery">
      <div className="recovery-card">
        <img className="brand-mark" src="./icon.svg" alt="" />
        <h1 id="recovery-title">Your records need restoring</h1>
        <p className="notice notice-danger" role="alert" data-testid="recovery-problem">
          {problem}
        </p>
        {status ? (
          <>
            <p>
              Restoring puts a backup in place of the data file. The file as it is now is kept, untouched, in <span className="mono">{status.folder}</span> (its
              name begins with “damaged-”), so nothing is lost by restoring.
            </p>
            {status.backups.length ? (
              <table className="recovery-backups">
                <caption>Latest good backups of this file</caption>
                <thead>
                  <tr>
                    <th scope="col">Made</th>
                    <th scope="col">Holds</th>
                    <th scope="col">Size</th>
                    <th scope="col">
                      <span className="visually-hidden">Restore</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {status.backups.map((b, i) => (
                    <tr key={b.name}>
                      <td>
                        {formatDateTime(b.at)}
                        <div className="muted mono">{b.name}</div>
                      </td>
                      <td>
                        {count(b.patients, 'patient', 'patients')}, {count(b.signedVisits, 'signed visit', 'signed visits')}
                      </td>
                      <td>{size(b.bytes)}</td>
                      <td>
                        <button
                          type="button"
                          className={i === 0 ? 'button-primary' : undefined}
                          disabled={busy !== ''}
                          aria-label={`Restore the backup made ${formatDateTime(b.at)}`}
                          onClick={() => void restore(b.name)}
                        >
                          {busy === b.name ? 'Restoring…' : 'Restore'}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p data-testid="recovery-no-backup">
                No good backup of this file is in {status.folder}. If you keep copies elsewhere (an external drive, a synced folder), close Needlebook and run{' '}
                <span className="mono">needlebook restore --db FILE --from BACKUP</span> with one of them.
              </p>
            )}
            {status.canOpenReadOnly ? (
              <p>
                <button type="button" onClick={onOpenReadOnly} disabled={busy !== ''}>
                  Open read-only
                </button>{' '}
                <span className="muted">See what is intact first. Nothing can be saved until a backup is restored.</span>
              </p>
            ) : null}
          </>
        ) : (
          <p>
            <button type="button" className="button-primary" onClick={() => window.location.reload()}>
              Try again
            </button>{' '}
            <span className="muted">Needlebook starts its database again; if the file cannot be opened, its backups are offered here.</span>
          </p>
        )}
        {unsure ? (
          <div className="notice notice-danger" role="alertdialog" aria-label="Backup of another file">
            <p>{unsure.why}</p>
            <div className="form-actions">
              <button type="button" onClick={() => void restore(unsure.name, true)}>
                Restore it anyway
              </button>
              <button type="button" className="button-primary" onClick={() => setUnsure(null)}>
                Cancel
              </button>
            </div>
          </div>
        ) : null}
        {busy ? <p role="status">Restoring and checking the backup…</p> : null}
        {error ? (
          <p className="form-status-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </main>
  );
}
