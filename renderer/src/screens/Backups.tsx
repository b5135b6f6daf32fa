import { useState } from 'react';
import { api } from '../api';
import { ReadStatus } from '../components/ReadFailed';
import { backupStatusKnown, useBackupStatus } from '../reads';
import { formatDateTime } from '../format';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * Settings → Backups: where they are, the newest, "Back up now" and "Restore…". A restore keeps the
 * state before it as a backup, replaces the data file and reopens it (db/host.ts).
 */
export function Backups() {
  const read = useBackupStatus();
  const status = read.value;
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [choice, setChoice] = useState('');
  const [confirming, setConfirming] = useState(false);
  /** The warning for a backup of another data file (or of none known): restored only when asked again. */
  const [otherFile, setOtherFile] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const [folderError, setFolderError] = useState('');
  const [second, setSecond] = useState<string | null>(null);
  const [secondError, setSecondError] = useState('');

  /** A folder of the user's choosing ('' for the default): checked by the database process, which must write there. */
  async function chooseFolder(chosen: string) {
    setFolderError('');
    const o = await api.setBackupFolder({ folder: chosen });
    if (!o.ok) return setFolderError(o.error.fields.folder ?? o.error.message);
    backupStatusKnown(o.value);
    setFolder(null);
    setMessage(`Backups now go to ${o.value.folder}. Backups made before stay where they are.`);
  }

  /** The second place ('' for none): checked by the database process, which must write there. */
  async function chooseSecond(chosen: string) {
    setSecondError('');
    const o = await api.setSecondBackupFolder({ folder: chosen });
    if (!o.ok) return setSecondError(o.error.fields.folder ?? o.error.message);
    backupStatusKnown(o.value);
    setSecond(null);
    setMessage(o.value.secondFolder ? `Each backup now also goes to ${o.value.secondFolder}.` : 'Backups no longer go to a second folder.');
  }

  async function backUp() {
    setBusy('Backing up…');
    setError('');
    const o = await api.backupNow({});
    setBusy('');
    if (!o.ok) {
      // One place may have its copy while the other failed: show what is there now.
      read.retry();
      return setError(o.error.message);
    }
    // The panel's newest backup is this one at once, as the message says (not after the status is read again).
    backupStatusKnown(o.value);
    setMessage(`Backed up and verified: ${o.value.backups[0]?.name ?? ''}${o.value.secondFolder ? ', in both folders' : ''}`);
  }

  async function runDrill() {
    setBusy('Checking the latest backups…');
    setError('');
    const o = await api.restoreDrill({});
    setBusy('');
    if (!o.ok) return setError(o.error.message);
    backupStatusKnown(o.value);
    setMessage('');
  }

  async function restore(anyway = false) {
    setConfirming(false);
    setOtherFile('');
    setBusy('Restoring…');
    setError('');
    const o = await api.restoreBackup({ name: choice, ...(anyway ? { otherFile: true } : {}) });
    setBusy('');
    if (!o.ok) return o.error.fields.otherFile ? setOtherFile(o.error.fields.otherFile) : setError(o.error.message);
    // The data file was reopened: start over from the sign-in, on the restored records.
    window.location.reload();
  }

  if (!status) return <ReadStatus what="the backups" read={read} />;
  const latest = status.backups[0];
  return (
    <section className="panel" id="backups" aria-labelledby="backups-title">
      <header className="screen-head">
        <h2 id="backups-title">Backups</h2>
        {status.note ? null : (
          <button type="button" onClick={() => void backUp()} disabled={busy !== ''}>
            Back up now
          </button>
        )}
      </header>
      <ReadStatus what="the backups" read={read} />
      {status.note ? (
        <p className="muted">{status.note}</p>
      ) : (
        <>
          <p className="muted">
            Needlebook backs up when it starts and daily while it runs, and keeps 14 daily and 12 monthly backups. Each one is checked before it counts.
          </p>
          <dl className="case-facts">
            <div>
              <dt>Folder</dt>
              <dd>
                <span className="mono" data-testid="backup-folder">
                  {status.folder}
                </span>
                {status.folder === status.defaultFolder ? ' (beside the data file)' : null}{' '}
                {folder === null ? (
                  <button type="button" className="button-quiet" onClick={() => setFolder(status.folder)}>
                    Change…
                  </button>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Latest</dt>
              <dd data-testid="latest-backup">{latest ? `${formatDateTime(latest.at)} · ${size(latest.bytes)} · ${latest.name}` : 'None yet'}</dd>
            </div>
            <div>
              <dt>Second folder</dt>
              <dd>
                {status.secondFolder ? (
                  <span className="mono" data-testid="second-folder">
                    {status.secondFolder}
                  </span>
                ) : (
                  <span className="muted">None: a copy on an external drive or in a synced folder survives this disk failing.</span>
                )}{' '}
                {second === null ? (
                  <button type="button" className="button-quiet" onClick={() => setSecond(status.secondFolder ?? '')}>
                    {status.secondFolder ? 'Change…' : 'Choose…'}
                  </button>
                ) : null}
                {status.secondFolder ? (
                  <div className="muted" data-testid="latest-second-backup">
                    Latest there: {status.secondBackups[0] ? `${formatDateTime(status.secondBackups[0].at)} · ${status.secondBackups[0].name}` : 'none yet'}
                  </div>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Restore drill</dt>
              <dd data-testid="restore-drill">
                {status.drill
                  ? status.drill.ok
                    ? `Passed ${formatDateTime(status.drill.at)}: the latest backup ${status.drill.places.length > 1 ? 'in each folder ' : ''}opens, passes its integrity check and every signed record matches.`
                    : `Failed ${formatDateTime(status.drill.at)}: ${status.drill.places
                        .filter((p) => !p.ok)
                        .map((p) => `${p.folder}: ${p.problem ?? ''}`)
                        .join(' ')}`
                  : 'Not run yet. Needlebook runs it weekly.'}{' '}
                <button type="button" className="button-quiet" onClick={() => void runDrill()} disabled={busy !== ''}>
                  Run the drill now
                </button>
              </dd>
            </div>
          </dl>
          {second !== null ? (
            <form
              className="restore-row"
              aria-label="Second backup folder"
              onSubmit={(e) => {
                e.preventDefault();
                void chooseSecond(second);
              }}
            >
              <label htmlFor="second-backup-folder">Also back up to</label>
              <input
                id="second-backup-folder"
                className="mono"
                value={second}
                onChange={(e) => setSecond(e.target.value)}
                aria-invalid={secondError ? true : undefined}
                aria-describedby={secondError ? 'second-backup-folder-error' : undefined}
              />
              <button type="submit">Use this folder</button>
              {status.secondFolder ? (
                <button type="button" onClick={() => void chooseSecond('')}>
                  Stop using it
                </button>
              ) : null}
              <button type="button" onClick={() => (setSecond(null), setSecondError(''))}>
                Cancel
              </button>
              {secondError ? (
                <p className="field-error" id="second-backup-folder-error" data-field-error="secondFolder">
                  {secondError}
                </p>
              ) : null}
            </form>
          ) : null}
          {folder !== null ? (
            <form
              className="restore-row"
              aria-label="Backup folder"
              onSubmit={(e) => {
                e.preventDefault();
                void chooseFolder(folder);
              }}
            >
              <label htmlFor="backup-folder">Back up to</label>
              <input
                id="backup-folder"
                className="mono"
                value={folder}
                onChange={(e) => setFolder(e.target.value)}
                aria-invalid={folderError ? true : undefined}
                aria-describedby={folderError ? 'backup-folder-error' : undefined}
              />
              <button type="submit">Use this folder</button>
              <button type="button" onClick={() => void chooseFolder('')}>
                Use the default
              </button>
              <button type="button" onClick={() => (setFolder(null), setFolderError(''))}>
                Cancel
              </button>
              {folderError ? (
                <p className="field-error" id="backup-folder-error" data-field-error="folder">
                  {folderError}
                </p>
              ) : null}
            </form>
          ) : null}
          {status.backups.length ? (
            <div className="restore-row">
              <label htmlFor="restore-choice">Restore from</label>
              <select id="restore-choice" value={choice} onChange={(e) => (setChoice(e.target.value), setOtherFile(''))}>
                <option value="">Choose a backup…</option>
                {status.backups.map((b) => (
                  <option key={b.name} value={b.name}>
                    {formatDateTime(b.at)} — {b.name}
                    {b.encrypted ? '' : ' (not encrypted)'}
                    {b.fileId === null ? ' (made before backups were named by their file)' : ''}
                  </option>
                ))}
              </select>
              <button type="button" disabled={!choice || busy !== ''} onClick={() => setConfirming(true)}>
                Restore…
              </button>
            </div>
          ) : null}
          {confirming ? (
            <div className="notice notice-danger" role="alertdialog" aria-label="Confirm restore">
              <p>
                Replace every record with <strong>{choice}</strong>? What is in Needlebook now is kept as a backup first, so this can be undone by restoring
                that.
              </p>
              <div className="form-actions">
                <button type="button" className="button-primary" onClick={() => void restore()}>
                  Restore {choice}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
          {otherFile ? (
            <div className="notice notice-danger" role="alertdialog" aria-label="Backup of another file">
              <p data-testid="other-file-warning">{otherFile}</p>
              <div className="form-actions">
                <button type="button" onClick={() => void restore(true)}>
                  Restore it anyway
                </button>
                <button type="button" className="button-primary" onClick={() => setOtherFile('')}>
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
        </>
      )}
      {busy ? <p role="status">{busy}</p> : null}
      {message && !busy ? <p role="status">{message}</p> : null}
      {error ? (
        <p className="form-status-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
