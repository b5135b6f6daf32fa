import { useEffect, useState } from 'react';

/** Screens are addressed by the URL hash so reload and back/forward keep the practitioner's place. */
export type Route =
  | { screen: 'patients' }
  | { screen: 'patient'; id: number | 'new' }
  | { screen: 'settings' };

/** Set while a form holds unsaved typing, so moving to another screen asks first. */
let unsavedChanges = false;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'settings') return { screen: 'settings' };
  if (parts[0] === 'patients' && parts[1]) {
    if (parts[1] === 'new') return { screen: 'patient', id: 'new' };
    const id = Number(parts[1]);
    if (Number.isInteger(id) && id > 0) return { screen: 'patient', id };
  }
  return { screen: 'patients' };
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'patients':
      return '#/patients';
    case 'patient':
      return `#/patients/${route.id}`;
    case 'settings':
      return '#/settings';
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
