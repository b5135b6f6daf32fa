import { useState } from 'react';
import type { RecoveryStatus } from '../../../shared/backup';
import { api } from '../api';

/**
 * The data file waits for its key (docs/encryption.md): an encrypted file asks for its passphrase
 * or the recovery key from its sheet; a new file, on a computer whose keychain does not protect
 * anything (Linux without a keyring), asks for the passphrase that will keep its key. Nothing is
 * opened or written until the key is right; a wrong one is said and changes nothing.
 */
export function Unlock({ status }: { status: RecoveryStatus }) {
  const isNew = status.locked === 'new';
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ message: string; field: 'secret' | 'again' } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setError(null);
    const o = await api.openDataFile(isNew ? { secret, again } : { secret });
    setBusy(false);
    if (!o.ok) return setError({ message: o.error.fields.again ?? o.error.message, field: o.error.fields.again ? 'again' : 'secret' });
    if (o.value.problem === null) window.location.reload();
  }

  return (
    <main className="recovery" aria-labelledby="unlock-title" data-testid="unlock">
      <form
        className="recovery-card form"
        aria-label={isNew ? 'Choose a passphrase' : 'Unlock your records'}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <img className="brand-mark" src="./icon.svg" alt="" />
        <h1 id="unlock-title">{isNew ? 'Protect your records with a passphrase' : 'Unlock your records'}</h1>
        <p>{status.problem}</p>
        {isNew ? (
          <p className="muted">
            Your records are encrypted on this computer. This computer has no keychain that protects the key, so a passphrase of at least 12 characters keeps
            it. Next you get a recovery key to print: it opens your records if the passphrase is forgotten.
          </p>
        ) : (
          <p className="muted">The recovery key is the 14 groups printed on your recovery sheet.</p>
        )}
        <div className="field">
          <label htmlFor="data-secret">{isNew ? 'Passphrase' : 'Passphrase or recovery key'}</label>
          <input
            id="data-secret"
            type="password"
            autoFocus
            autoComplete={isNew ? 'new-password' : 'current-password'}
            value={secret}
            aria-invalid={error?.field === 'secret' || undefined}
            aria-describedby={error?.field === 'secret' ? 'data-secret-error' : undefined}
            onChange={(e) => setSecret(e.target.value)}
          />
          {error?.field === 'secret' ? (
            <p id="data-secret-error" className="field-error" role="alert">
              {error.message}
            </p>
          ) : null}
        </div>
        {isNew ? (
          <div className="field">
            <label htmlFor="data-again">The same passphrase again</label>
            <input
              id="data-again"
              type="password"
              autoComplete="new-password"
              value={again}
              aria-invalid={error?.field === 'again' || undefined}
              aria-describedby={error?.field === 'again' ? 'data-again-error' : undefined}
              onChange={(e) => setAgain(e.target.value)}
            />
            {error?.field === 'again' ? (
              <p id="data-again-error" className="field-error" role="alert">
                {error.message}
              </p>
            ) : null}
          </div>
        ) : null}
        <button type="submit" className="button-primary" disabled={busy || secret === ''}>
          {busy ? 'Opening…' : isNew ? 'Encrypt and continue' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
