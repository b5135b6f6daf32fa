import { useEffect } from 'react';

/**
 * Ctrl+Enter (⌘+Enter on a Mac) asks to sign the draft on screen: the visit chart and the
 * assessment form alike. `request` saves what is pending and opens the sign dialog if it saved.
 */
export function useSignShortcut(enabled: boolean, request: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        request();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, request]);
}
