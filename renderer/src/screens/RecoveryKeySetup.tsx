import { useState } from 'react';
import type { RecoveryKeyState } from '../../../shared/data-key';
import { api } from '../api';
import { savePdf } from '../save-file';

/**
 * The recovery key, shown until it is confirmed (docs/encryption.md): it is the data file's key
 * itself, so it opens the records and every backup when the keychain or the passphrase is lost.
 * The practitioner writes it down or prints the sheet, then types two of its groups back — the
 * proof it was kept — and it is not shown again.
 */
export function RecoveryKeySetup({
  state,
  onConfirmed,
}: {
  state: RecoveryKeyState & { recoveryKey: string; groups: [number, number] };
  onConfirmed: () => void;
}) {
  const [typed, setTyped] = useState(['', '']);
  const [error, setError] = useState('');
  const groups = state.recoveryKey.split('-');

  async function sheet() {
    setError('');
    const o = await api.recoverySheet({});
    if (!o.ok) return setError(o.error.message);
    savePdf(o.value);
  }

  async function confirm() {
    setError('');
    const o = await api.confirmRecoveryKey({ typed });
    if (!o.ok) return setError(o.error.fields.typed ?? o.error.message);
    onConfirmed();
  }

  return (
    <main className="recovery" aria-labelledby="recovery-key-title" data-testid="recovery-key">
      <form
        className="recovery-card form"
        aria-label="Confirm your recovery key"
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <img className="brand-mark" src="./icon.svg" alt="" />
        <h1 id="recovery-key-title">Your recovery key</h1>
        <p>
          Your records are encrypted. {state.custody === 'keychain' ? 'This computer’s keychain keeps the key.' : 'Your passphrase keeps the key.'} If{' '}
          {state.custody === 'keychain' ? 'this computer is replaced or its keychain reset' : 'the passphrase is forgotten'}, only this recovery key opens your
          records and backups. Write it down or print it, and keep it away from this computer. It is shown only until you confirm it.
        </p>
        <ol className="recovery-key mono" aria-label="Recovery key, 14 groups">
          {groups.map((g, i) => (
            <li key={i}>{g}</li>
          ))}
        </ol>
        <p>
          <button type="button" onClick={() => void sheet()}>
            Save the recovery sheet (PDF) to print
          </button>
        </p>
        <fieldset>
          <legend>Type two groups back to show you kept it</legend>
          {state.groups.map((g, i) => (
            <div className="field" key={g}>
              <label htmlFor={`group-${i}`}>Group {g + 1}</label>
              <input
                id={`group-${i}`}
                className="mono"
                autoComplete="off"
                maxLength={6}
                value={typed[i]}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'recovery-key-error' : undefined}
                onChange={(e) => setTyped((t) => t.map((v, j) => (j === i ? e.target.value : v)))}
              />
            </div>
          ))}
        </fieldset>
        {error ? (
          <p id="recovery-key-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button-primary">
          I have kept it — continue
        </button>
      </form>
    </main>
  );
}
