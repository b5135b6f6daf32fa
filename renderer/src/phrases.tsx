import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { expandPhrases, type Phrase } from '../../shared/protocols';
import { api } from './api';

interface Phrases {
  phrases: Phrase[];
  /** The text with every finished trigger expanded (shared/protocols.ts). */
  expand: (text: string) => string;
  reload: () => void;
}

const NONE: Phrase[] = [];
const PhrasesContext = createContext<Phrases>({ phrases: [], expand: (t) => t, reload: () => undefined });

/** The signed-in practitioner's phrases, for every note field below it. */
export function PhrasesProvider({ providerId, children }: { providerId: number | null; children: ReactNode }) {
  const [loaded, setLoaded] = useState<{ providerId: number; phrases: Phrase[] } | null>(null);
  const reload = useCallback(() => {
    if (providerId === null) return;
    void api.listPhrases({ providerId }).then((o) => o.ok && setLoaded({ providerId, phrases: o.value }));
  }, [providerId]);
  useEffect(reload, [reload]);
  // Another provider signed in: their phrases, never the last one's.
  const phrases = loaded && loaded.providerId === providerId ? loaded.phrases : NONE;
  const value = useMemo(() => ({ phrases, expand: (text: string) => expandPhrases(text, phrases), reload }), [phrases, reload]);
  return <PhrasesContext.Provider value={value}>{children}</PhrasesContext.Provider>;
}

export const usePhrases = () => useContext(PhrasesContext);
