import { Suspense, useEffect, useRef, useState } from 'react';
import type { Clinic } from '../../shared/clinic';
import type { IntegrityReport } from '../../shared/integrity';
import { CommandPalette } from './components/CommandPalette';
import { IntegrityBanner } from './components/IntegrityBanner';
import { ShortcutHelp } from './components/ShortcutHelp';
import type { Session } from '../../shared/session';
import { SessionBar, SessionContext, SignIn, useIdleLock } from './session';
import { useClinicLink } from './useClinicLink';
import { readNow, useRecord, type ReadFailure } from './query';
import { whenQuiet } from './when-quiet';
import { ReadStatus } from './components/ReadFailed';
import { askSignInProvidersAhead, useClinic } from './reads';
import { PhrasesProvider } from './phrases';
import { whereStored } from './format';
import { href, useRoute, type Route } from './route';
import { Dashboard } from './screens/Dashboard';
import {
  AssessmentForm,
  AuditLog,
  CaseForm,
  CaseView,
  fetchTheRest,
  PatientForm,
  PatientList,
  Search,
  Settings,
  SuperbillBatch,
  VisitChart,
} from './screens/later';
import { Recovery } from './screens/Recovery';
import { RecoveryKeySetup } from './screens/RecoveryKeySetup';

const NAV: { label: string; route: Route; matches: Route['screen'][] }[] = [
  { label: 'Review', route: { screen: 'review' }, matches: ['review'] },
  { label: 'Patients', route: { screen: 'patients' }, matches: ['patients', 'patient', 'caseForm', 'case', 'visit', 'assessment'] },
  { label: 'Search notes', route: { screen: 'search', query: '' }, matches: ['search'] },
  { label: 'Superbills', route: { screen: 'superbills' }, matches: ['superbills'] },
  { label: 'Settings', route: { screen: 'settings' }, matches: ['settings'] },
  { label: 'Audit log', route: { screen: 'audit', patientId: null }, matches: ['audit'] },
];

export function App() {
  const route = useRoute();
  // Read once and kept: a save anywhere marks them stale (renderer/src/query.ts), navigation does not.
  const clinicRead = useClinic();
  const clinic: Clinic | null | undefined = clinicRead.value;
  const info = useRecord('appInfo', {});
  const storedAt = info.value ? whereStored(info.value.databaseFile) : '';
  // The check made when the file opened: a signed record changed outside Needlebook shows here.
  // Asked again while the whole ledger is still being verified off the calls' path: its finding shows when known.
  const integrityRead = useRecord('integrity', {}, { againWhile: (r) => r.pending });
  const integrity: IntegrityReport | null = integrityRead.value ?? null;
  // Whether the data file opened whole: if not, the recovery screen comes before anything else.
  // Asked again while the file's quick_check runs off the calls' path: damage found then brings the recovery screen.
  const recoveryRead = useRecord('recovery', {}, { againWhile: (r) => r.checking === true });
  // Once the file is open: its recovery key, until the practitioner has confirmed keeping it.
  const recoveryKeyRead = useRecord('recoveryKey', {}, { enabled: recoveryRead.value?.problem === null });
  const [readOnlyChosen, setReadOnlyChosen] = useState(false);
  const [session, setSession] = useState<Session | undefined>(undefined);
  const signedIn = session?.provider?.id ?? null;
  useIdleLock(session, setSession);
  const link = useClinicLink();
  const [overlay, setOverlay] = useState<'palette' | 'help' | null>(null);
  const opener = useRef<Element | null>(null);
  // At a clinic seat the server's sign-in is the sign-in (db/clinic/seat.ts): the front desk has no provider.
  const signedInAtAll = (s: Session) => !!s.provider || !!s.seat || !s.signInRequired;
  const usable = session !== undefined && !session.locked && signedInAtAll(session);

  // App-wide keys: Ctrl+K (⌘K) for the palette, ? outside a text field for the shortcut list.
  useEffect(() => {
    if (!usable) return;
    const onKey = (e: KeyboardEvent) => {
      const open = (which: 'palette' | 'help') => {
        e.preventDefault();
        opener.current = document.activeElement;
        setOverlay(which);
      };
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') open('palette');
      else if (e.key === '?' && !e.ctrlKey && !e.metaKey && !typing(e.target)) open('help');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [usable]);
  // A new screen puts focus on its heading unless it focused something itself (a form's first field),
  // so keyboard and screen-reader users start at the top of what they opened, not on the page body.
  const firstScreen = useRef(true);
  useEffect(() => {
    // The first screen after opening keeps the page's own start, where Tab reaches "Skip to content".
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    let frame = 0;
    // Looked for until the screen has read its data, however long a busy computer takes, within reason.
    const until = performance.now() + 5000;
    const land = () => {
      const active = document.activeElement;
      if (active && active !== document.body && document.getElementById('content')?.contains(active)) return;
      if (document.querySelector('dialog[open]')) return;
      const heading = document.querySelector<HTMLElement>('#content h1');
      // The screen may still be reading its data: look again for a moment.
      if (!heading) {
        if (performance.now() < until) frame = requestAnimationFrame(land);
        return;
      }
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    };
    frame = requestAnimationFrame(land);
    return () => cancelAnimationFrame(frame);
  }, [route]);
  // The other screens' code once the first screen is up and its answers are in: not in the way of its rows.
  const ready = usable && clinic !== undefined;
  useEffect(() => {
    if (!ready) return;
    return whenQuiet(fetchTheRest);
  }, [ready]);
  const closeOverlay = () => {
    setOverlay(null);
    // Back where the key was pressed, unless the palette moved to another screen.
    const back = opener.current;
    requestAnimationFrame(() => {
      if (back instanceof HTMLElement && back.isConnected && !document.querySelector('dialog[open]')) back.focus();
    });
  };

  // The sign-in form's providers, asked with the first calls rather than after the session says the
  // form is needed: one wait for the server less in front of the first screen (issue 38).
  useEffect(askSignInProvidersAhead, []);
  const [sessionFailure, setSessionFailure] = useState<ReadFailure | null>(null);
  const [sessionAsks, setSessionAsks] = useState(0);
  useEffect(() => {
    // Setting up the first provider signs them in: pick that up on the next screen.
    void readNow('session', {}).then((o) => {
      if (o.ok) setSession(o.value);
      setSessionFailure(o.ok ? null : o.error);
    });
  }, [route.screen, signedIn, sessionAsks]);

  // Never "Opening your records…" for ever: a file that did not open whole, a database process that
  // stopped answering, or a session that cannot be read each end on the recovery screen.
  const recovery = recoveryRead.value ?? null;
  const recoveryFailure = recoveryRead.failure?.message ?? null;
  const withProblem = recovery?.problem ? recovery : null;
  if (recoveryFailure !== null || (withProblem && !(readOnlyChosen && withProblem.canOpenReadOnly)))
    return <Recovery status={withProblem} failure={recoveryFailure} onOpenReadOnly={() => setReadOnlyChosen(true)} />;
  if (session === undefined && sessionFailure !== null)
    return <Recovery status={withProblem} failure={sessionFailure.message} onOpenReadOnly={() => setSessionAsks((n) => n + 1)} />;
  if (session === undefined || recoveryRead.loading)
    return (
      <p className="boot" role="status">
        Opening your records…
      </p>
    );
  const unconfirmed = recoveryKeyRead.value;
  if (unconfirmed?.recoveryKey && unconfirmed.groups)
    return (
      <RecoveryKeySetup state={{ ...unconfirmed, recoveryKey: unconfirmed.recoveryKey, groups: unconfirmed.groups }} onConfirmed={recoveryKeyRead.retry} />
    );
  if (!signedInAtAll(session)) return <SignIn onSignedIn={setSession} />;
  const locked = session?.locked === true;

  return (
    <SessionContext.Provider value={session ?? null}>
      <PhrasesProvider providerId={signedIn}>
        {locked ? <SignIn locked={session} onSignedIn={setSession} /> : null}
        {/* Locked: every record is hidden and out of reach, but stays mounted so nothing typed is lost. */}
        {overlay === 'palette' ? <CommandPalette route={route} onClose={closeOverlay} /> : null}
        {overlay === 'help' ? <ShortcutHelp onClose={closeOverlay} /> : null}
        <div className={locked ? 'app app-locked' : 'app'} inert={locked} aria-hidden={locked || undefined}>
          <button type="button" className="skip-link" onClick={() => document.getElementById('content')?.focus()}>
            Skip to content
          </button>
          <nav className="sidebar" aria-label="Main">
            <div className="brand">
              <img className="brand-mark" src="./icon.svg" alt="" />
              <div>
                <div className="brand-name">Needlebook</div>
                <div className="brand-clinic">{clinic === undefined ? '' : (clinic?.name ?? 'No clinic set up')}</div>
              </div>
            </div>
            <ul>
              {NAV.map((item) => (
                <li key={item.label}>
                  <a href={href(item.route)} aria-current={item.matches.includes(route.screen) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
            {session ? <SessionBar session={session} onChange={setSession} /> : null}
            <p className="sidebar-foot">{storedAt}</p>
          </nav>
          <main className="content" id="content" tabIndex={-1}>
            {link.connected ? null : (
              <div className="notice notice-danger" role="alert">
                The clinic’s database server is not answering. Nothing more can be saved until it does; what you type stays in the form, and Needlebook
                reconnects by itself.
              </div>
            )}
            {integrity ? <IntegrityBanner report={integrity} /> : null}
            {integrityRead.failure ? <ReadStatus what="the records' check" read={integrityRead} /> : null}
            {clinic !== undefined ? <ReadStatus what="the clinic" read={clinicRead} /> : null}
            {clinic === null && route.screen !== 'settings' ? (
              <div className="notice">
                Set up your clinic’s name, tax ID and providers before charting. <a href={href({ screen: 'settings' })}>Open clinic settings</a>
              </div>
            ) : null}
            {clinic === undefined ? (
              clinicRead.failure ? (
                <ReadStatus what="the clinic" read={clinicRead} />
              ) : (
                <p className="boot" role="status">
                  Opening your records…
                </p>
              )
            ) : (
              // One boundary per screen: a screen left for one whose code is still loading is
              // unmounted, not kept hidden with its effects still running (a search's pending
              // address update would otherwise write itself over the visit just opened).
              <Suspense
                key={route.screen}
                fallback={
                  <p className="boot" role="status">
                    Opening…
                  </p>
                }
              >
                <Screen route={route} />
              </Suspense>
            )}
          </main>
        </div>
      </PhrasesProvider>
    </SessionContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'review':
      return <Dashboard />;
    case 'patients':
      return <PatientList />;
    case 'patient':
      return <PatientForm key={String(route.id)} id={route.id} />;
    case 'caseForm':
      return <CaseForm key={`${route.patientId}-${route.id}`} patientId={route.patientId} id={route.id} />;
    case 'case':
      return <CaseView key={route.id} id={route.id} />;
    case 'visit':
      return <VisitChart key={route.id} id={route.id} />;
    case 'assessment':
      return <AssessmentForm key={route.id} id={route.id} />;
    case 'search':
      return <Search initial={route.query} />;
    case 'superbills':
      return <SuperbillBatch />;
    case 'settings':
      return <Settings part={route.part ?? 'clinic'} />;
    case 'audit':
      return <AuditLog key={String(route.patientId)} patientId={route.patientId} />;
  }
}

/** Keys typed into a field are text, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
