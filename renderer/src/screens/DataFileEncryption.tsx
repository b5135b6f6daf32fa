import { useState } from 'react';
import { api } from '../api';
import { useRecord } from '../query';
import { ReadStatus } from '../components/ReadFailed';
import { TextField } from '../components/Field';

/**
 * Settings → Records and backups: whether the data file is encrypted at rest (docs/encryption.md).
 * A plain file from before is offered encryption; an encrypted one, a new passphrase or a new data
 * key (the file and every backup re-encrypted, a new recovery key). After encrypting or a new key
 * the window opens again and shows the recovery key until it is confirmed.
 */
export function DataFileEncryption() {
  const read = useRecord('recoveryKey', {});
  const custody = read.value?.custody;
  if (custody === 'server') return null;
  return (
    <section className="panel" id="encryption" aria-labelledby="encryption-title">
      <h2 id="encryption-title">Encryption at rest</h2>
      <ReadStatus what="the data file's key" read={read} />
      {custody === 'keychain' || custody === 'passphrase' ? (
        <>
          <p>
            The data file, its backups and exports are encrypted (AES-256).{' '}
            {custody === 'keychain' ? 'This computer’s keychain keeps the key.' : 'Your passphrase keeps the key.'} The recovery key on your recovery sheet
            opens them if that is lost.
          </p>
          <PlainBackups />
          <ChangeKey keptBy={custody} />
        </>
      ) : null}
      {custody === 'unencrypted' ? <EncryptOffer keychain={read.value?.keychainReady ?? false} /> : null}
    </section>
  );
}

type Problem = { message: string; field: string } | null;
/** The contract's refusal on the field it names, else on `fallback`. */
const problemOf = (error: { message: string; fields: Record<string, string> }, order: readonly string[], fallback: string): Problem => {
  const field = order.find((f) => error.fields[f] !== undefined);
  return field ? { message: error.fields[field]!, field } : { message: error.message, field: fallback };
};
const on = (problem: Problem, field: string) => (problem?.field === field ? problem.message : undefined);

/** Where this computer's keychain protects a key, it keeps the new one and no passphrase is asked (docs/encryption.md). */
function EncryptOffer({ keychain }: { keychain: boolean }) {
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);

  async function encrypt() {
    setBusy(true);
    setProblem(null);
    const o = await api.encryptDataFile(keychain ? {} : { secret, again });
    setBusy(false);
    if (!o.ok) return setProblem(problemOf(o.error, ['again'], 'secret'));
    // Open again on the encrypted file: the recovery key is shown first.
    window.location.reload();
  }

  return (
    <form
      className="form"
      aria-label="Encrypt the data file"
      onSubmit={(e) => {
        e.preventDefault();
        void encrypt();
      }}
    >
      <p className="notice notice-danger">
        This data file is not encrypted: anyone who copies it or a backup can read every record.{' '}
        {keychain
          ? 'Encrypt it: this computer’s keychain keeps its key, and you get a recovery key to print.'
          : 'Encrypt it with a passphrase of at least 12 characters.'}{' '}
        An encrypted copy is checked against it before it takes its place, so nothing is lost.
      </p>
      {keychain ? null : (
        <>
          <TextField
            label="Passphrase"
            name="secret"
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={setSecret}
            error={on(problem, 'secret')}
            announce
          />
          <TextField
            label="The same passphrase again"
            name="again"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={setAgain}
            error={on(problem, 'again')}
            announce
          />
        </>
      )}
      {keychain && problem ? (
        <p className="notice notice-danger" role="alert">
          {problem.message}
        </p>
      ) : null}
      <button type="submit" className="button-primary" disabled={busy || (!keychain && secret === '')}>
        {busy ? 'Encrypting and checking…' : 'Encrypt the data file'}
      </button>
    </form>
  );
}

/**
 * Backups made before the data file was encrypted are still plain: each can be read by whoever
 * copies it. They are listed, with the choice to encrypt them with the file's key.
 */
function PlainBackups() {
  const read = useRecord('backupStatus', {});
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; failed: boolean } | null>(null);
  const plain = read.value ? [...read.value.backups, ...read.value.secondBackups].filter((b) => !b.encrypted) : [];
  if (plain.length === 0 && !said) return null;

  async function encrypt() {
    setBusy(true);
    const o = await api.encryptPlainBackups({});
    setBusy(false);
    setSaid(o.ok ? { text: `${o.value.encrypted} backups encrypted with the data file’s key.`, failed: false } : { text: o.error.message, failed: true });
  }

  return (
    <div className="form" aria-label="Plain backups" role="group">
      {plain.length > 0 ? (
        <>
          <p className="notice notice-danger">
            {plain.length === 1 ? 'One backup was' : `${plain.length} backups were`} made before the data file was encrypted and can be read by anyone who
            copies {plain.length === 1 ? 'it' : 'them'}:
          </p>
          <ul className="plain-backups">
            {plain.map((b) => (
              <li key={b.name} className="mono">
                {b.name}
              </li>
            ))}
          </ul>
          <button type="button" className="button-primary" disabled={busy} onClick={() => void encrypt()}>
            {busy ? 'Encrypting and checking…' : 'Encrypt them with the data file’s key'}
          </button>
        </>
      ) : null}
      {said ? (
        <p className={said.failed ? 'notice notice-danger' : 'notice'} role={said.failed ? 'alert' : 'status'}>
          {said.text}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A new passphrase, or a new data key: the current passphrase or recovery key is asked again, so a
 * window left unlocked is not enough to take the file from its practitioner.
 */
function ChangeKey({ keptBy }: { keptBy: 'keychain' | 'passphrase' }) {
  const [current, setCurrent] = useState('');
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [rotate, setRotate] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change() {
    setBusy(true);
    setProblem(null);
    setDone(null);
    const o = await api.changeDataKey({ current, secret, again, rotate });
    setBusy(false);
    if (!o.ok) return setProblem(problemOf(o.error, ['current', 'secret', 'again'], 'current'));
    if (rotate) return window.location.reload(); // the new recovery key is shown first
    setCurrent('');
    setSecret('');
    setAgain('');
    setDone('The passphrase was changed. The recovery key and the backups are unchanged.');
  }

  return (
    <form
      className="form"
      aria-label="Change the passphrase or the data key"
      onSubmit={(e) => {
        e.preventDefault();
        void change();
      }}
    >
      <h3>Change the passphrase or the data key</h3>
      {keptBy === 'keychain' ? <p className="muted">After this a passphrase keeps the key, not the keychain: it is asked for at each launch.</p> : null}
      <fieldset className="key-choice">
        <legend>What to change</legend>
        <label>
          <input type="radio" name="key-change" checked={!rotate} onChange={() => setRotate(false)} /> The passphrase only — the recovery key and every backup
          stay as they are
        </label>
        <label>
          <input type="radio" name="key-change" checked={rotate} onChange={() => setRotate(true)} /> A new data key — when the recovery sheet or the passphrase
          was seen by someone who should not have: the file and every backup are re-encrypted, you get a new recovery key, and the old one opens none of them
        </label>
      </fieldset>
      <TextField
        label="Current passphrase or recovery key"
        name="current"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        error={on(problem, 'current')}
        announce
      />
      <TextField
        label="New passphrase"
        name="secret"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; it may be the one you have now"
        value={secret}
        onChange={setSecret}
        error={on(problem, 'secret')}
        announce
      />
      <TextField
        label="The new passphrase again"
        name="again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={setAgain}
        error={on(problem, 'again')}
        announce
      />
      <button type="submit" className="button-primary" disabled={busy || current === '' || secret === ''}>
        {busy ? (rotate ? 'Re-encrypting the file and backups…' : 'Changing…') : rotate ? 'Replace the data key' : 'Change the passphrase'}
      </button>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}
