import { useState } from 'react';
import type { RecoveryStatus } from '../../../shared/backup';
import { api } from '../api';
import { TextField } from '../components/Field';

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
        <TextField
          label={isNew ? 'Passphrase' : 'Passphrase or recovery key'}
          name="secret"
          type="password"
          autoFocus
          autoComplete={isNew ? 'new-password' : 'current-password'}
          value={secret}
          onChange={setSecret}
          error={error?.field === 'secret' ? error.message : undefined}
          announce
        />
        {isNew ? (
          <TextField
            label="The same passphrase again"
            name="again"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={setAgain}
            error={error?.field === 'again' ? error.message : undefined}
            announce
          />
        ) : null}
        <button type="submit" className="button-primary" disabled={busy || secret === ''}>
          {busy ? 'Opening…' : isNew ? 'Encrypt and continue' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
