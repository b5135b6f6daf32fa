import { useEffect, useState } from 'react';

/** Screens are addressed by the URL hash so reload and back/forward keep the practitioner's place. */
export type Route =
  | { screen: 'review' }
  | { screen: 'patients' }
  | { screen: 'patient'; id: number | 'new' }
  | { screen: 'caseForm'; patientId: number; id: number | 'new' }
  | { screen: 'case'; id: number }
  | { screen: 'visit'; id: number }
  | { screen: 'assessment'; id: number }
  | { screen: 'search'; query: string }
  | { screen: 'superbills' }
  | { screen: 'audit'; patientId: number | null }
  | { screen: 'settings'; part?: SettingsPart };

/** Settings in its parts, each its own page: `#/settings/fees`. */
export const SETTINGS_PARTS = ['clinic', 'people', 'fees', 'mcids', 'phrases', 'records', 'import', 'references'] as const;
export type SettingsPart = (typeof SETTINGS_PARTS)[number];
/** Each part's name, as its tab and the command palette say it. */
export const SETTINGS_LABEL: Record<SettingsPart, string> = {
  clinic: 'Clinic & providers',
  people: 'People',
  fees: 'Fee schedule',
  mcids: 'MCIDs',
  phrases: 'Phrases',
  records: 'Records and backups',
  import: 'Import',
  references: 'References',
};

/** Set while a form holds unsaved typing, so moving to another screen asks first. */
let unsavedChanges = false;

const positive = (text: string | undefined): number | null => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function parseRoute(hash: string): Route {
  const [path = '', queryText = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const [first, second, third, fourth] = parts;
  const id = positive(second);
  switch (first) {
    case undefined:
    case 'review':
      return { screen: 'review' };
    case 'settings': {
      const part = SETTINGS_PARTS.find((p) => p === second);
      return part && part !== 'clinic' ? { screen: 'settings', part } : { screen: 'settings' };
    }
    case 'superbills':
      return { screen: 'superbills' };
    case 'audit':
      return { screen: 'audit', patientId: positive(new URLSearchParams(queryText).get('patient') ?? undefined) };
    case 'search':
      return { screen: 'search', query: new URLSearchParams(queryText).get('q') ?? '' };
    case 'patients':
      if (second === 'new') return { screen: 'patient', id: 'new' };
      if (id && third === 'cases' && fourth === 'new') return { screen: 'caseForm', patientId: id, id: 'new' };
      if (id) return { screen: 'patient', id };
      return { screen: 'patients' };
    case 'cases':
      if (id && third === 'edit') return { screen: 'caseForm', patientId: 0, id };
      if (id) return { screen: 'case', id };
      break;
    case 'visits':
      if (id) return { screen: 'visit', id };
      break;
    case 'assessments':
      if (id) return { screen: 'assessment', id };
      break;
  }
  return { screen: 'review' };
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'review':
      return '#/review';
    case 'patients':
      return '#/patients';
    case 'patient':
      return `#/patients/${route.id}`;
    case 'caseForm':
      return route.id === 'new' ? `#/patients/${route.patientId}/cases/new` : `#/cases/${route.id}/edit`;
    case 'case':
      return `#/cases/${route.id}`;
    case 'visit':
      return `#/visits/${route.id}`;
    case 'assessment':
      return `#/assessments/${route.id}`;
    case 'search':
      return route.query ? `#/search?q=${encodeURIComponent(route.query)}` : '#/search';
    case 'settings':
      return route.part && route.part !== 'clinic' ? `#/settings/${route.part}` : '#/settings';
    case 'superbills':
      return '#/superbills';
    case 'audit':
      return route.patientId ? `#/audit?patient=${route.patientId}` : '#/audit';
  }
}

/** Moves to a screen from code; this only follows a finished action (a save), so nothing is unsaved. */
export function navigate(route: Route): void {
  unsavedChanges = false;
  window.location.hash = href(route);
}

export function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    unsavedChanges = dirty;
    if (!dirty) return;
    // Closing or reloading the window asks too.
    const guard = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', guard);
    return () => {
      unsavedChanges = false;
      window.removeEventListener('beforeunload', guard);
    };
  }, [dirty]);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    let current = window.location.hash;
    const onChange = () => {
      if (window.location.hash === current) return;
      if (unsavedChanges && !window.confirm('You have unsaved changes on this screen. Leave without saving them?')) {
        // Put the address back without adding a history entry; the form keeps what was typed.
        window.history.replaceState(null, '', current || '#/patients');
        return;
      }
      unsavedChanges = false;
      current = window.location.hash;
      setRoute(parseRoute(current));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
