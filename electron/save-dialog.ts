import { extname, join } from 'node:path';

/** What the save dialog offers for each kind of file the app hands out as a download. */
const KINDS: Record<string, { title: string; filter: { name: string; extensions: string[] } }> = {
  '.pdf': { title: 'Save PDF', filter: { name: 'PDF', extensions: ['pdf'] } },
  '.zip': { title: 'Save superbills', filter: { name: 'ZIP archive', extensions: ['zip'] } },
};

/**
 * The save dialog for a download (electron/main.ts, the session's will-download): it starts in
 * Documents under the file's own name and offers only its kind. A name of any other kind gets no
 * filter rather than a wrong one.
 */
export function saveDialogFor(
  fileName: string,
  documentsDir: string,
): { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const kind = KINDS[extname(fileName).toLowerCase()];
  return { title: kind?.title ?? 'Save', defaultPath: join(documentsDir, fileName), filters: kind ? [kind.filter] : [] };
}
