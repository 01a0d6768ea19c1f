// The Electron main process: thin. It hosts the engine in a worker thread, wires the generated IPC
// handlers, and opens one locked-down window on the built renderer.
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineHost } from '../core/service/engine-host.js';
import { appRoot, rendererDir } from '../core/node/app-root.js';
import { registerIpcHandlers } from './ipc.js';
import { startAppPlugins } from './plugins.js';
import { forwardEvents } from './events.js';
import { APP_CSP, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, secureWebPreferences } from './security.js';

const storePath = process.env.STRATA_DB || join(app.getPath('userData'), 'strata.db');
const appUrl = pathToFileURL(join(rendererDir(), 'index.html')).href;
let engine: EngineHost | null = null;
let stopPlugins: (() => Promise<void>) | null = null;

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Connection passwords are sealed and opened by the OS keychain here, where safeStorage lives (core/remote/secrets.ts).
  engine = new EngineHost(storePath, {
    libraries: [join(app.getPath('userData'), 'library')],
    ...(safeStorage.isEncryptionAvailable()
      ? { openSecret: (sealed: Buffer) => safeStorage.decryptString(sealed), sealSecret: (plain: string) => safeStorage.encryptString(plain) }
      : {}),
  });
  registerIpcHandlers(ipcMain, engine, (event) => isTrustedSender(event.senderFrame?.url, appUrl, !event.senderFrame?.parent));
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Strata',
    webPreferences: secureWebPreferences(join(appRoot(), 'dist', 'electron', 'preload.cjs')),
  });
  // Import progress and store changes reach the page as they happen (the preload's `on('strata:event')`).
  const stopEvents = forwardEvents(engine, win.webContents);
  win.on('closed', stopEvents);
  await win.loadURL(appUrl);
  // Hooks of the user library (a broken library never keeps the app from starting).
  stopPlugins = await startAppPlugins(app.getPath('userData'), storePath).catch((e: unknown) => (console.error('plugins:', e), null));
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  // Stop hooks run (each within its deadline) before the app goes; then quit for real.
  if (stopPlugins) {
    event.preventDefault();
    const stop = stopPlugins;
    stopPlugins = null;
    void stop().finally(() => app.quit());
    return;
  }
  void engine?.close();
});
