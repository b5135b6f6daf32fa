import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Provider } from '../../shared/provider';
import type { Outcome } from '../../shared/outcome';
import type { Session } from '../../shared/session';
import { api } from './api';
import { ReadStatus } from './components/ReadFailed';
import { useProviderList } from './reads';
import { UNLOCKED_EVENT } from './components/useAutosave';

/** The provider at the keyboard, for screens that default to them (a new visit, a signature). */
export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext);

/** Who is charting: chosen when the app opens, with the provider's passcode when they keep one. */
export function SignIn({ onSignedIn, locked }: { onSignedIn: (s: Session) => void; locked?: Session }) {
  if (locked?.seat) return <SeatUnlock session={locked} onUnlocked={onSignedIn} />;
  return <ProviderSignIn onSignedIn={onSignedIn} locked={locked} />;
}

const ROLE_NAMES = { owner: 'owner', practitioner: 'practitioner', front_desk: 'front desk' } as const;

/** Signed in or unlocked: the session goes on and forms retry what waited; else the refusal is shown. */
function settle(o: Outcome<Session>, done: (s: Session) => void, refused: (message: string) => void): void {
  if (!o.ok) return refused(o.error.fields.passcode ?? o.error.message);
  done(o.value);
  window.dispatchEvent(new Event(UNLOCKED_EVENT));
}

/** The card both ways in are asked on. */
function SignInCard({ label, onSubmit, children }: { label: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <div className="sign-in">
      <form
        className="form sign-in-card"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <img className="brand-mark" src="./icon.svg" alt="" />
        {children}
      </form>
    </div>
  );
}

/**
 * A locked clinic seat: the person is the one whose login the seat uses, so only they unlock it —
 * with their provider passcode, or (the front desk, or a practitioner without one) their clinic password.
 */
function SeatUnlock({ session, onUnlocked }: { session: Session; onUnlocked: (s: Session) => void }) {
  const seat = session.seat!;
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const providers = useProviderList(false);
  const usesPasscode = seat.providerId !== null && (providers.value ?? []).some((p) => p.id === seat.providerId && p.hasPasscode);
  const label = usesPasscode ? 'Passcode' : 'Clinic password';
  async function submit() {
    const o = await api.unlock(secret === '' ? {} : { passcode: secret });
    setSecret('');
    settle(o, onUnlocked, setError);
  }
  return (
    <SignInCard label="Unlock" onSubmit={() => void submit()}>
      <h1>Needlebook is locked</h1>
      <p className="muted">
        This seat is signed in to the clinic as <strong>{seat.name}</strong> ({ROLE_NAMES[seat.role]}). Records are hidden until they unlock it; what was being
        typed is kept.
      </p>
      <div className="field">
        <label htmlFor="seat-secret">{label}</label>
        <input id="seat-secret" type="password" autoFocus autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button-primary">
        Unlock
      </button>
    </SignInCard>
  );
}

const NO_PROVIDERS: Provider[] = [];

function ProviderSignIn({ onSignedIn, locked }: { onSignedIn: (s: Session) => void; locked?: Session | undefined }) {
  const read = useProviderList(false);
  const providers = read.value ?? NO_PROVIDERS;
  const [chosenId, setProviderId] = useState<number | null>(locked?.provider?.id ?? null);
  // The first provider is offered until another is chosen.
  const providerId = chosenId ?? providers[0]?.id ?? null;
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState('');
  const chosen = providers.find((p) => p.id === providerId);
  async function submit() {
    if (providerId === null) return;
    const typed = passcode === '' ? {} : { passcode };
    const o = locked && locked.provider?.id === providerId ? await api.unlock(typed) : await api.signIn({ providerId, ...typed });
    setPasscode('');
    settle(o, onSignedIn, setError);
  }
  return (
    <SignInCard label={locked ? 'Unlock' : 'Sign in'} onSubmit={() => void submit()}>
      <h1>{locked ? 'Needlebook is locked' : 'Who is charting?'}</h1>
      <p className="muted">
        {locked ? 'Records are hidden until you sign back in. What you were typing is kept.' : 'Audit entries and signatures carry your name.'}
      </p>
      <fieldset className="provider-choice">
        <legend className="visually-hidden">Provider</legend>
        <ReadStatus what="the providers" read={read} />
        {providers.map((p) => (
          <label key={p.id} className={p.id === providerId ? 'choice chosen' : 'choice'}>
            <input type="radio" name="providerId" value={p.id} checked={p.id === providerId} onChange={() => (setProviderId(p.id), setError(''))} />
            {p.name}, {p.credentials}
          </label>
        ))}
      </fieldset>
      {chosen?.hasPasscode ? (
        <div className="field">
          <label htmlFor="passcode">Passcode</label>
          <input id="passcode" type="password" autoFocus autoComplete="off" value={passcode} onChange={(e) => setPasscode(e.target.value)} />
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button-primary" disabled={!chosen}>
        {locked && locked.provider?.id === providerId ? 'Unlock' : `Sign in${chosen ? ` as ${chosen.name}` : ''}`}
      </button>
    </SignInCard>
  );
}

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Locks the app after the clinic's idle minutes without a key or a pointer. */
export function useIdleLock(session: Session | null | undefined, onLocked: (s: Session) => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const active = (!!session?.provider || !!session?.seat) && !session?.locked;
  const minutes = session?.idleLockMinutes ?? 10;
  useEffect(() => {
    if (!active) return;
    const arm = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void api.lock({}).then((o) => o.ok && onLocked(o.value)), minutes * 60_000);
    };
    arm();
    for (const e of ACTIVITY) window.addEventListener(e, arm, { passive: true });
    return () => {
      if (timer.current) clearTimeout(timer.current);
      for (const e of ACTIVITY) window.removeEventListener(e, arm);
    };
  }, [active, minutes, onLocked]);
}

/** The sidebar's line: who is signed in, lock now, switch provider, set a passcode. */
export function SessionBar({ session, onChange }: { session: Session; onChange: (s: Session) => void }) {
  const [settingPasscode, setSettingPasscode] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const seat = session.seat;
  /** Locking or switching went through, or why not: a refusal is said here, never dropped. */
  const settleBar = (o: Outcome<Session>) => {
    setRefused(o.ok ? null : o.error.message);
    if (o.ok) onChange(o.value);
  };
  if (!session.provider && !seat) return null;
  return (
    <div className="session-bar">
      <p>
        {seat ? (
          <>
            Signed in to the clinic as <strong>{seat.name}</strong>
            <span className="session-role"> · {ROLE_NAMES[seat.role]}</span>
          </>
        ) : (
          <>
            Signed in as <strong>{session.provider!.name}</strong>
          </>
        )}
      </p>
      <div className="session-actions">
        <button type="button" className="button-quiet" onClick={() => void api.lock({}).then(settleBar)}>
          Lock
        </button>
        {/* A seat's person is whoever signed in to the server: there is no one else to switch to. */}
        {seat ? null : (
          <button type="button" className="button-quiet" onClick={() => void api.signOut({}).then(settleBar)}>
            Switch
          </button>
        )}
        {session.provider ? (
          <button type="button" className="button-quiet" onClick={() => setSettingPasscode((v) => !v)}>
            Passcode
          </button>
        ) : null}
      </div>
      {refused ? (
        <p className="field-error" role="alert">
          {refused}
        </p>
      ) : null}
      {session.passcodeChangeDue ? (
        <p className="field-error" role="status">
          Your passcode is shorter than Needlebook now allows. Choose at least 6 digits, or a passphrase of 8 characters or more.
        </p>
      ) : null}
      {(settingPasscode || session.passcodeChangeDue) && session.provider ? (
        <PasscodeForm
          providerId={session.provider.id}
          onDone={(next) => {
            setSettingPasscode(false);
            if (next) onChange(next);
          }}
        />
      ) : null}
    </div>
  );
}

function PasscodeForm({ providerId, onDone }: { providerId: number; onDone: (session?: Session) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState('');
  async function save(remove: boolean) {
    const o = await api.setPasscode({ providerId, ...(current ? { current } : {}), passcode: remove ? null : next });
    if (!o.ok) return setErrors(Object.keys(o.error.fields).length ? o.error.fields : { passcode: o.error.message });
    setErrors({});
    setSaved(remove ? 'Passcode removed' : 'Passcode saved');
    setTimeout(() => onDone(o.value), 1200);
  }
  return (
    <form
      className="passcode-form"
      aria-label="Passcode"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <label htmlFor="current-passcode">Current passcode (if you have one)</label>
      <input id="current-passcode" type="password" autoComplete="off" value={current} onChange={(e) => setCurrent(e.target.value)} />
      {errors.current ? <p className="field-error">{errors.current}</p> : null}
      <label htmlFor="new-passcode">New passcode</label>
      <input id="new-passcode" type="password" autoComplete="off" value={next} onChange={(e) => setNext(e.target.value)} />
      {errors.passcode ? <p className="field-error">{errors.passcode}</p> : null}
      <div className="session-actions">
        <button type="submit" className="button-primary">
          Save
        </button>
        <button type="button" className="button-quiet" onClick={() => void save(true)}>
          Remove
        </button>
      </div>
      {saved ? <p role="status">{saved}</p> : null}
    </form>
  );
}
