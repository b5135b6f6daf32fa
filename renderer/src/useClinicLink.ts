import { useEffect, useRef, useState } from 'react';
import { api } from './api';
import { afterWrite } from './query';

/** How often a clinic seat asks whether another seat changed something: well inside the 2 s a signed visit may take to show. */
const POLL_MS = 700;

/**
 * On a clinic's server, what other seats do reaches this one: the service hears the server's
 * notifications (db/engine/postgres-changes.ts) and this asks it, from memory, whether its count
 * moved — then every read on screen is asked again, as after a write of this seat's own. Also
 * whether the server answers, for the banner. A solo file answers once that it is not shared, and
 * is not asked again.
 */
export function useClinicLink(): { connected: boolean } {
  const [connected, setConnected] = useState(true);
  const seen = useRef<number | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const o = await api.changes({}).catch(() => null);
      if (stopped) return;
      if (o?.ok) {
        if (!o.value.shared) return;
        setConnected(o.value.connected);
        if (seen.current !== null && o.value.seq !== seen.current) afterWrite();
        seen.current = o.value.seq;
      }
      timer = setTimeout(() => void ask(), POLL_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return { connected };
}
