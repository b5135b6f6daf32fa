import { useState } from 'react';
import { api } from '../api';
import { useRecord } from '../query';
import { ReadStatus } from '../components/ReadFailed';

/**
 * Settings → Records and backups: whether the data file is encrypted at rest, and for a plain file
 * from before, the offer to encrypt it (docs/encryption.md). The passphrase keeps its new key; the
 * window then shows the recovery key until it is confirmed. Plain backups are encrypted with
 * `needlebook encrypt --backups`.
 */
export function DataFileEncryption() {
  const read = useRecord('recoveryKey', {});
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ message: string; field: 'secret' | 'again' } | null>(null);
  const [busy, setBusy] = useState(false);
  const custody = read.value?.custody;
  if (custody === 'server') return null;

  async function encrypt() {
    setBusy(true);
    setError(null);
    const o = await api.encryptDataFile({ secret, again });
    setBusy(false);
    if (!o.ok) return setError({ message: o.error.fields.again ?? o.error.message, field: o.error.fields.again ? 'again' : 'secret' });
    // Open again on the encrypted file: the recovery key is shown first.
    window.location.reload();
  }

  return (
    <section className="panel" id="encryption" aria-labelledby="encryption-title">
      <h2 id="encryption-title">Encryption at rest</h2>
      <ReadStatus what="the data file's key" read={read} />
      {custody === 'keychain' || custody === 'passphrase' ? (
        <p>
          The data file, its backups and exports are encrypted (AES-256).{' '}
          {custody === 'keychain' ? 'This computer’s keychain keeps the key.' : 'Your passphrase keeps the key.'} The recovery key on your recovery sheet opens
          them if that is lost. Change the passphrase with <span className="mono">needlebook rekey</span>.
        </p>
      ) : null}
      {custody === 'unencrypted' ? (
        <form
          className="form"
          aria-label="Encrypt the data file"
          onSubmit={(e) => {
            e.preventDefault();
            void encrypt();
          }}
        >
          <p className="notice notice-danger">
            This data file is not encrypted: anyone who copies it or a backup can read every record. Encrypt it with a passphrase of at least 12 characters; an
            encrypted copy is checked against it before it takes its place, so nothing is lost.
          </p>
          <div className="field">
            <label htmlFor="encrypt-secret">Passphrase</label>
            <input
              id="encrypt-secret"
              type="password"
              autoComplete="new-password"
              value={secret}
              aria-invalid={error?.field === 'secret' || undefined}
              aria-describedby={error?.field === 'secret' ? 'encrypt-secret-error' : undefined}
              onChange={(e) => setSecret(e.target.value)}
            />
            {error?.field === 'secret' ? (
              <p id="encrypt-secret-error" className="field-error" role="alert">
                {error.message}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="encrypt-again">The same passphrase again</label>
            <input
              id="encrypt-again"
              type="password"
              autoComplete="new-password"
              value={again}
              aria-invalid={error?.field === 'again' || undefined}
              aria-describedby={error?.field === 'again' ? 'encrypt-again-error' : undefined}
              onChange={(e) => setAgain(e.target.value)}
            />
            {error?.field === 'again' ? (
              <p id="encrypt-again-error" className="field-error" role="alert">
                {error.message}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button-primary" disabled={busy || secret === ''}>
            {busy ? 'Encrypting and checking…' : 'Encrypt the data file'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
