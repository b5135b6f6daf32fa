import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_NAME, defaultDataFile } from './data-path';
import { connectDb } from './db-client';
import { registerContract } from './ipc';
import { electronBindingPath } from './native-binding';
import { APP_ENTRY, APP_SCHEME_PRIVILEGES, hardenContents, hardenSession, registerAppProtocol, webPreferences } from './security';

// Bundled to dist/electron/main.cjs; the renderer is built to dist/renderer.
const distDir = join(__dirname, '..');
const log = (line: string) => process.stderr.write(`[needlebook] ${line}\n`);

app.setName(APP_NAME);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
if (!app.requestSingleInstanceLock()) app.quit();

const { values } = parseArgs({ args: process.argv.slice(app.isPackaged ? 1 : 2), options: { db: { type: 'string' } }, strict: false });
const dbFile = resolve(typeof values.db === 'string' ? values.db : defaultDataFile());

app.on('web-contents-created', (_event, contents) => hardenContents(contents, (url) => void shell.openExternal(url)));

function nativeBinding(): string {
  return app.isPackaged
    ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : electronBindingPath(resolve(distDir, '..'), process.versions.electron);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  // Exports arrive as downloads; ask where to save each one, starting in Documents.
  session.defaultSession.on('will-download', (_event, item) => {
    item.setSaveDialogOptions({
      title: 'Save PDF',
      defaultPath: join(app.getPath('documents'), item.getFilename()),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
  });
  registerAppProtocol(protocol, join(distDir, 'renderer'));

  const child = utilityProcess.fork(join(__dirname, 'db-process.cjs'), [], {
    serviceName: 'Needlebook database',
    env: { ...process.env, NEEDLEBOOK_DB: dbFile, NEEDLEBOOK_NATIVE_BINDING: nativeBinding() },
  });
  const db = connectDb(child);
  try {
    await db.ready;
  } catch (error) {
    dialog.showErrorBox('Needlebook cannot open its data file', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  log(`database process ready (pid ${child.pid ?? '?'})`);
  registerContract(ipcMain, db.call);

  const window = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: APP_NAME,
    show: false,
    webPreferences: webPreferences(join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY);
}

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});
app.on('window-all-closed', () => app.quit());
void app.whenReady().then(start);
