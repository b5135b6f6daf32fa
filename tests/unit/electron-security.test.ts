import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CSP_HEADER } from '../../shared/csp';
import {
  APP_ENTRY,
  APP_SCHEME_PRIVILEGES,
  createAppWindow,
  externalTarget,
  hardenApp,
  hardenContents,
  hardenSession,
  isTrustedSender,
  openExternalAfterConfirm,
  rendererFile,
} from '../../electron/security';
import { appMenuTemplate } from '../../electron/menu';
import { REFERENCE_LINKS } from '../../shared/reference-links';

/** Just enough of a WebContents to capture the handlers hardenContents installs. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
  });
  const fire = (event: string, url: string) => {
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    emitter.emit(event, e, url);
    return e.defaultPrevented;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

function fakeSession() {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (h: never) => (handlers.request = h),
    setPermissionCheckHandler: (h: never) => (handlers.check = h),
    webRequest: {
      onBeforeRequest: (h: never) => (handlers.before = h),
      onHeadersReceived: (h: never) => (handlers.headers = h),
    },
  };
  return { session: session as unknown as Session, handlers };
}

describe('window hardening', () => {
  /** Records what the window was made with, in place of Electron's BrowserWindow. */
  const made: { webPreferences?: Record<string, unknown> }[] = [];
  class FakeWindow {
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      made.push(options);
    }
  }

  it.each([
    [false, false],
    [true, true],
  ])('isolates and sandboxes the renderer with no Node (development %s → DevTools %s)', (development, devTools) => {
    createAppWindow(FakeWindow as never, '/app/preload.cjs', development, 'Needlebook');
    expect(made.at(-1)?.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      devTools,
      disableBlinkFeatures: 'Auxclick',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('serves the app from its own secure scheme, not file://', () => {
    expect(APP_ENTRY).toBe('app://needlebook/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
  });

  it.each([
    ['app://needlebook/index.html#/patients', false],
    ['https://example.com/', true],
    ['file:///etc/passwd', true],
    ['app://evil/index.html', true],
    ['javascript:alert(1)', true],
  ])('navigation to %s is refused: %s', (url, refused) => {
    const { contents, fire } = fakeContents();
    hardenContents(contents, () => {});
    expect(fire('will-navigate', url)).toBe(refused);
    expect(fire('will-redirect', url)).toBe(refused);
  });

  it('sandboxes every renderer process-wide, before the app is ready', () => {
    const calls: string[] = [];
    hardenApp({ isReady: () => false, enableSandbox: () => calls.push('enableSandbox') });
    expect(calls).toEqual(['enableSandbox']);
    expect(() => hardenApp({ isReady: () => true, enableSandbox: () => calls.push('late') })).toThrow(/before the app is ready/);
    expect(calls).toEqual(['enableSandbox']);
  });

  it("calls hardenApp at the top of main, before whenReady, and uses Electron's single-instance pattern", () => {
    const main = readFileSync('electron/main.ts', 'utf8');
    const harden = main.indexOf('hardenApp(app);');
    expect(harden).toBeGreaterThan(0);
    expect(harden).toBeLessThan(main.indexOf('app.whenReady()'));
    // The second instance quits and registers nothing: whenReady sits in the else branch.
    expect(main).toMatch(
      /if \(!app\.requestSingleInstanceLock\(\)\) \{\s*app\.quit\(\);\s*\} else \{[\s\S]*app\.on\('second-instance'[\s\S]*app\.whenReady\(\)[\s\S]*\}\s*$/,
    );
  });

  it.each([
    [false, true],
    [true, false],
  ])('the menu has Edit, View and Window; packaged %s → developer tools offered %s', (packaged, devTools) => {
    const template = appMenuTemplate('linux', packaged, 'Needlebook');
    expect(template.map((m) => m.role ?? m.label)).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    const roles = JSON.stringify(template);
    expect(roles.includes('toggleDevTools')).toBe(devTools);
    expect(roles.includes('"reload"')).toBe(devTools);
    expect(appMenuTemplate('darwin', true, 'Needlebook')[0]).toMatchObject({ role: 'appMenu' });
  });

  it.each([
    ...REFERENCE_LINKS.map((l) => [l.url, l.url] as [string, string | null]),
    ['https://evil.example/?q=PATIENT-DATA', null],
    [`${REFERENCE_LINKS[0]!.url}?q=Nguyen`, null],
    [`${REFERENCE_LINKS[0]!.url}#Nguyen`, null],
    ['https://www.cdc.gov/nchs/icd/icd-10-cm/index.html/../../x', null],
    ['https://www.cms.gov/medicare', null],
    ['http://example.com/', null],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['app://needlebook/index.html', null],
    ['smb://server/share', null],
  ])('a new window for %s is denied; only the reference pages go on to the system browser (%s)', (url, external) => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    hardenContents(contents, openExternal);
    expect(open(url)).toEqual({ action: 'deny' });
    if (external) expect(openExternal).toHaveBeenCalledWith(external);
    else expect(openExternal).not.toHaveBeenCalled();
    expect(externalTarget(url)).toBe(external);
  });

  it('navigating to a reference page is refused in the window and offered to the system browser', () => {
    const { contents, fire } = fakeContents();
    const openExternal = vi.fn();
    hardenContents(contents, openExternal);
    expect(fire('will-navigate', REFERENCE_LINKS[1]!.url)).toBe(true);
    expect(openExternal).toHaveBeenCalledWith(REFERENCE_LINKS[1]!.url);
    expect(fire('will-navigate', 'https://evil.example/?q=PATIENT-DATA')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('opens a reference page only after the practitioner confirms its address', async () => {
    const url = REFERENCE_LINKS[2]!.url;
    const opened: string[] = [];
    const asked: string[] = [];
    const ask = (answer: boolean) => async (u: string) => (asked.push(u), answer);
    expect(await openExternalAfterConfirm(url, ask(false), (u) => void opened.push(u))).toBe(false);
    expect(opened).toEqual([]);
    expect(await openExternalAfterConfirm(url, ask(true), (u) => void opened.push(u))).toBe(true);
    expect(opened).toEqual([url]);
    expect(asked).toEqual([url, url]);
    // An address off the list is never even asked about.
    expect(await openExternalAfterConfirm('https://evil.example/?q=PATIENT-DATA', ask(true), (u) => void opened.push(u))).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('refuses to attach webviews', () => {
    const { contents, fire } = fakeContents();
    hardenContents(contents, () => {});
    expect(fire('will-attach-webview', 'app://needlebook/')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect((handlers.check as (...a: unknown[]) => boolean)(null, permission)).toBe(false);
    }
  });

  it.each([
    ['app://needlebook/assets/index.js', false],
    ['blob:app://needlebook/6f1c2b7e-0c1d-4a55-9d3e-2f7a1b0c9d11', false],
    ['blob:https://evil.example/6f1c2b7e', true],
    ['https://fonts.googleapis.com/css', true],
    ['http://127.0.0.1:8080/', true],
    ['wss://example.com/socket', true],
    ['file:///home/user/notes.txt', true],
  ])('loads no remote content: request to %s cancelled = %s', (url, cancel) => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const callback = vi.fn();
    (handlers.before as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel });
  });

  it('adds the strict CSP to every response: no inline or eval script', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const callback = vi.fn();
    (handlers.headers as (d: object, cb: (r: object) => void) => void)({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CSP_HEADER] } });
    const scriptSrc = CSP_HEADER.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(CSP_HEADER).not.toMatch(/unsafe-(inline|eval)/);
    expect(CSP_HEADER).toContain("object-src 'none'");
  });

  it.each([
    [{ url: 'app://needlebook/index.html#/patients', parent: null }, true],
    [{ url: 'app://needlebook/index.html', parent: {} }, false],
    [{ url: 'https://evil.example/', parent: null }, false],
    [{ url: 'file:///index.html', parent: null }, false],
    [null, false],
  ])('IPC sender %j trusted: %s', (frame, trusted) => {
    expect(isTrustedSender(frame as never)).toBe(trusted);
  });

  it.each([
    ['app://needlebook/index.html', '/r/index.html'],
    ['app://needlebook/', '/r/index.html'],
    ['app://needlebook/assets/a.js', '/r/assets/a.js'],
    ['app://needlebook/../../etc/passwd', '/r/etc/passwd'],
    ['app://needlebook/%2e%2e/%2e%2e/etc/passwd', '/r/etc/passwd'],
    ['app://needlebook/..%2f..%2fetc%2fpasswd', null],
    ['app://needlebook/assets%2f..%2f..%2f..%2fetc%2fpasswd', null],
    ['app://other/index.html', null],
  ])('serves %s from the renderer folder only (%s)', (url, file) => {
    expect(rendererFile(url, '/r')).toBe(file);
  });
});
