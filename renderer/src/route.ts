import { useEffect, useState } from 'react';

/** Screens are addressed by the URL hash so reload and back/forward keep the practitioner's place. */
export type Route =
  | { screen: 'patients' }
  | { screen: 'patient'; id: number | 'new' }
  | { screen: 'settings' };

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

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
