import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchFilePart } from '../shared/billing';
import { APP_NAME, defaultDataFile } from './data-path';
import { superviseDb } from './db-client';
import type { DbOpen } from './db-messages';
import { keyAtLaunch, spareKeyAtLaunch } from './key-at-launch';
import type { KeychainKey } from '../db/key-custody';
import { registerContract } from './ipc';
import { appMenuTemplate } from './menu';
import { saveDialogFor } from './save-dialog';
import {
  APP_ENTRY,
  APP_SCHEME_PRIVILEGES,
  createAppWindow,
  hardenApp,
  hardenContents,
  hardenSession,
  openExternalAfterConfirm,
  registerAppProtocol,
} from './security';

// Bundled to dist/electron/main.cjs; the renderer is built to dist/renderer.
const distDir = join(__dirname, '..');
const log = (line: string) => process.stderr.write(`[needlebook] ${line}\n`);

app.setName(APP_NAME);
hardenApp(app);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const { values } = parseArgs({ args: process.argv.slice(app.isPackaged ? 1 : 2), options: { db: { type: 'string' } }, strict: false });
const database = typeof values.db === 'string' ? values.db : (process.env.NEEDLEBOOK_DB ?? defaultDataFile());
// A PostgreSQL URL is passed on as it is; a file path is made absolute.
const dbTarget = /^postgres(ql)?:\/\//.test(database) ? database : resolve(database);

/** A reference page opens in the system browser only after the practitioner has seen its address. */
function confirmAndOpen(url: string): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const ask = async (target: string) => {
    const options = {
      type: 'question' as const,
      title: 'Open in your web browser?',
      message: 'Open this page in your web browser?',
      detail: target,
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    };
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
  void openExternalAfterConfirm(url, ask, (target) => shell.openExternal(target));
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, app.isPackaged, APP_NAME)));
  hardenSession(session.defaultSession);
  // Exports arrive as downloads; ask where to save each one, starting in Documents.
  session.defaultSession.on('will-download', (_event, item) => {
    item.setSaveDialogOptions(saveDialogFor(item.getFilename(), app.getPath('documents')));
  });

  // The database process and the window start together: the window shows its loading state at
  // once, and every call waits for the database to be open. If the process dies, a new one starts
  // in recovery mode (electron/db-client.ts), and the window's next call finds the recovery screen.
  let child: ReturnType<typeof utilityProcess.fork> | null = null;
  // The data key from this computer's keychain (or none: the window asks for it); kept for a restarted process.
  let dataKey: Buffer | null = null;
  let spare: KeychainKey | null = null;
  try {
    dataKey = keyAtLaunch(dbTarget, safeStorage);
    spare = spareKeyAtLaunch(dbTarget, safeStorage);
  } catch (error) {
    log(`data key not read from the keychain: ${error instanceof Error ? error.name : typeof error}`);
  }
  const db = superviseDb((recovery) => {
    if (recovery) log(`database process stopped (pid ${child?.pid ?? '?'}); started again for recovery`);
    child = utilityProcess.fork(join(__dirname, 'db-process.cjs'), [], {
      serviceName: 'Needlebook database',
      env: { ...process.env, NEEDLEBOOK_DB: dbTarget, ...(recovery ? { NEEDLEBOOK_RECOVERY: recovery } : {}) },
    });
    // The key first, by message (electron/key-at-launch.ts); the process opens the file once it has it.
    child.postMessage({
      kind: 'open',
      key: dataKey === null ? null : dataKey.toString('hex'),
      spare: spare === null ? null : { key: spare.key.toString('hex'), wrapped: spare.wrapped },
    } satisfies DbOpen);
    return child;
  });
  // A month batch's ZIP goes from the database process straight to the download (shared/batch-download.ts).
  registerAppProtocol(protocol, join(distDir, 'renderer'), async (jobId, offset) => {
    const taken = await db.call('superbillBatchFile', { jobId, offset });
    return taken.ok ? (taken.value as BatchFilePart) : null;
  });
  registerContract(ipcMain, (channel, input) => db.call(channel, input));

  const window = createAppWindow(BrowserWindow, join(__dirname, 'preload.cjs'), !app.isPackaged, APP_NAME);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);

  try {
    await db.ready;
    log(`database process ready (pid ${(child as { pid?: number } | null)?.pid ?? '?'})`);
  } catch (error) {
    dialog.showErrorBox('Needlebook cannot open its data file', error instanceof Error ? error.message : String(error));
    app.quit();
  }
}

// Electron's documented single-instance pattern: a second copy hands over to the first and quits
// before it does anything else; the first brings its window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, confirmAndOpen));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}
