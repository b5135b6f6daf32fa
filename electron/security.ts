import type { App, BrowserWindow as BrowserWindowClass, Protocol, Session, WebContents, WebFrameMain } from 'electron';
import { readFile } from 'node:fs/promises';
import { batchDownloadHeaders, batchDownloadStream, batchJobOfPath } from '../shared/batch-download';
import type { BatchFilePart } from '../shared/billing';
import { CSP_HEADER } from '../shared/csp';
import { allowedReference } from '../shared/reference-links';
import { contentType, fileInside } from './renderer-files';

/**
 * Everything that keeps the renderer boxed in lives in this one file, so a reviewer can read the
 * whole security posture at once and `tests/unit/electron-security.test.ts` can prove it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'needlebook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Must be registered before the app is ready; `standard` + `secure` give it a real origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/**
 * Process-wide hardening that must happen before the app is ready: every renderer sandboxed,
 * whatever a window asks for (Electron's documented `app.enableSandbox()`).
 */
export function hardenApp(app: Pick<App, 'enableSandbox' | 'isReady'>): void {
  if (app.isReady()) throw new Error('hardenApp must run before the app is ready');
  app.enableSandbox();
}

/**
 * The main window. Its web preferences are written out literally here, where the window is made,
 * so a reader (and the Electronegativity scan in `npm test`) sees every value. DevTools only in
 * development. The window shows at once with the app's own loading state while the database opens.
 */
export function createAppWindow(BrowserWindow: typeof BrowserWindowClass, preload: string, devTools: boolean, title: string): BrowserWindowClass {
  return new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title,
    show: false,
    backgroundColor: '#f6f5f2',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Middle-click would open links in a new window outside the navigation guards.
      disableBlinkFeatures: 'Auxclick',
      devTools,
    },
  });
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Only the reference pages the app itself links to (shared/reference-links.ts) may open in the
 * system browser, and only as written there: any other address, or the same page with a query or
 * fragment that could carry record text, is refused.
 */
export function externalTarget(url: string): string | null {
  return allowedReference(url);
}

/** Asks before a reference page opens, showing its full address; opens it only on a yes. */
export async function openExternalAfterConfirm(
  url: string,
  confirm: (url: string) => Promise<boolean>,
  open: (url: string) => Promise<void> | void,
): Promise<boolean> {
  const target = externalTarget(url);
  if (!target || !(await confirm(target))) return false;
  await open(target);
  return true;
}

/** IPC is answered only for our own page in the window's top frame. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Navigation away from the app is refused and new windows are refused; a reference page
 * (see externalTarget) is handed to `openExternal`, which asks first.
 */
export function hardenContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    const target = externalTarget(url);
    if (target) openExternal(target);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalTarget(url);
    if (target) openExternal(target);
    return { action: 'deny' };
  });
}

/** No permission is ever granted, no request leaves the app's own scheme, and every response carries the CSP. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    // blob: URLs are the app's own generated files (PDF exports), never anything remote.
    const allowed =
      isAppUrl(details.url) || details.url.startsWith('devtools:') || details.url.startsWith('data:') || details.url.startsWith(`blob:${APP_ORIGIN}/`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP_HEADER] } });
  });
}

/** Resolves an app:// URL to a file inside the built renderer, or null if it points anywhere else. */
export function rendererFile(url: string, rendererDir: string): string | null {
  return isAppUrl(url) ? fileInside(rendererDir, new URL(url).pathname) : null;
}

/** Takes a slice of a finished month batch's ZIP from the database process; null when there is none. */
export type TakeBatch = (jobId: string, offset: number) => Promise<BatchFilePart | null>;

/**
 * Serves the built renderer from app://needlebook/ instead of file://, with the CSP as a header,
 * and a finished month batch at its download address (shared/batch-download.ts): an attachment,
 * which Chromium saves through the session's will-download (the save dialog, electron/main.ts)
 * instead of showing it, so the ZIP goes from the database process to the file without the page,
 * a slice at a time as Chromium writes it (its .crdownload beside the chosen name, renamed when whole).
 */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, takeBatch: TakeBatch): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const batchJob = isAppUrl(request.url) ? batchJobOfPath(new URL(request.url).pathname) : null;
    if (batchJob !== null) {
      const file = await batchDownloadStream((offset) => takeBatch(batchJob, offset));
      if (!file) return new Response('Not found', { status: 404 });
      return new Response(file.stream, { headers: { ...batchDownloadHeaders(file), 'x-content-type-options': 'nosniff' } });
    }
    const file = rendererFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentType(file),
          'content-security-policy': CSP_HEADER,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
