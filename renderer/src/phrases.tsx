import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Phrase } from '../../shared/protocols';
import { expandPhrases } from '../../shared/phrases';
import { usePhraseList } from './reads';

interface Phrases {
  phrases: Phrase[];
  /** The text with every finished trigger expanded (shared/protocols.ts). */
  expand: (text: string) => string;
  /** Asks again now (a phrase saved or deleted is read back after any write by itself). */
  reload: () => void;
}

const NONE: Phrase[] = [];
const PhrasesContext = createContext<Phrases>({ phrases: [], expand: (t) => t, reload: () => undefined });

/** The signed-in practitioner's phrases, for every note field below it. */
export function PhrasesProvider({ providerId, children }: { providerId: number | null; children: ReactNode }) {
  const read = usePhraseList(providerId);
  // Another provider signed in: their phrases, never the last one's (the read is keyed by provider).
  const phrases = read.value ?? NONE;
  const reload = read.retry;
  const value = useMemo(() => ({ phrases, expand: (text: string) => expandPhrases(text, phrases), reload }), [phrases, reload]);
  return <PhrasesContext.Provider value={value}>{children}</PhrasesContext.Provider>;
}

export const usePhrases = () => useContext(PhrasesContext);
