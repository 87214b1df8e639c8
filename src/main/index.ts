import { app, BrowserWindow, dialog, Notification, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { composeApp } from './compose';
import { attachElectronTransport } from './ipc/electron-transport';
import { createLogger, parseLogLevel } from './log/logger';
import { watchRunEnds } from './notify/run-end-notifier';
import { Redactor } from './log/redact';
import { handleAppProtocol, registerAppScheme } from './window/app-protocol';
import { hardenAllWebContents, hardenSession } from './window/harden';
import { installAppMenu } from './window/install-app-menu';
import { createMainWindow, createWindowRegistry, focusWindow } from './window/main-window';
import { appOrigins } from './window/security-policy';
import { forwardSystemEvents } from './window/system-events';

// Electron entry. Everything app-specific lives in composeApp; this file only wires Electron to it.

const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
// Set by `electron-vite dev`; a packaged app never has it.
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;

// Privileged schemes must be registered before 'ready'.
registerAppScheme();
// Tests and portable setups point the app at another data folder (same variable as the preview host).
if (process.env['PORTAL_DATA_DIR']) app.setPath('userData', process.env['PORTAL_DATA_DIR']);

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (which focuses its window) and leaves.
  app.quit();
} else {
  main().catch((error: unknown) => {
    // Without services there is nothing useful to show; say what happened instead of an empty window.
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox(
      'Fabric Data Portal could not start',
      `${message}\n\nThe details are in the log file.`,
    );
    app.exit(1);
  });
}

async function main(): Promise<void> {
  const dataDir = app.getPath('userData');
  const redactor = new Redactor();
  const logger = createLogger({
    redactor,
    dataDir,
    level: parseLogLevel(process.env['PORTAL_LOG_LEVEL'], devServerUrl ? 'debug' : 'info'),
    stderr: devServerUrl !== undefined,
  });
  const origins = appOrigins(devServerUrl);
  const registry = createWindowRegistry();

  app.on('second-instance', () => focusWindow(registry.all()[0]));
  hardenAllWebContents({ origins, onBlocked: (what) => logger.warn(`Blocked ${what} from the app window`) });

  await app.whenReady();
  hardenSession({ origins, devServerUrl });
  handleAppProtocol(rendererRoot);

  const composed = await composeApp({
    host: 'electron',
    dataDir,
    logger,
    redactor,
    version: app.getVersion(),
    // The Microsoft sign-in page opens in the user's default browser, never inside the app.
    openBrowser: (url) => shell.openExternal(url),
  }).catch((error: unknown) => {
    logger.error('The app could not start', { error: String(error), stack: (error as Error)?.stack });
    throw error;
  });
  const detachTransport = attachElectronTransport({
    router: composed.router,
    events: composed.events,
    windows: registry,
    origins,
    logger,
  });
  const stopSystemEvents = forwardSystemEvents(composed.lifecycle);
  installAppMenu({
    composed,
    appName: app.getName(),
    onError: (error) => logger.error('File → Open failed', { error: String(error) }),
  });
  // Run ends are announced from main (once per run, window in front or not); the renderer stays silent here.
  const stopRunNotes = watchRunEnds({
    events: composed.events,
    show: (note) => {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: note.title, body: note.body });
      shown.on('click', () => focusWindow(registry.all()[0]));
      shown.show();
    },
  });

  const open = () => createMainWindow({ preloadPath, devServerUrl, registry });
  await open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    // Give services a chance to release leases and close connections before the process ends.
    event.preventDefault();
    quitting = true;
    stopSystemEvents();
    stopRunNotes();
    detachTransport();
    void composed.dispose().finally(() => {
      logger.close();
      app.quit();
    });
  });
}
