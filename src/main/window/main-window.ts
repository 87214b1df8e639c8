import { BrowserWindow } from 'electron';
import { APP_ORIGIN, secureWebPreferences } from './security-policy';

export interface WindowRegistry {
  has(webContentsId: number): boolean;
  all(): BrowserWindow[];
}

export function createWindowRegistry(): WindowRegistry & { add(win: BrowserWindow): void } {
  const windows = new Set<BrowserWindow>();
  return {
    add(win) {
      windows.add(win);
      win.on('closed', () => windows.delete(win));
    },
    has: (id) => [...windows].some((w) => !w.isDestroyed() && w.webContents.id === id),
    all: () => [...windows].filter((w) => !w.isDestroyed()),
  };
}

/** The app window. In electron-vite dev the renderer comes from the Vite dev server, otherwise app://. */
export async function createMainWindow(deps: {
  preloadPath: string;
  devServerUrl?: string;
  registry: ReturnType<typeof createWindowRegistry>;
}): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Fabric Data Portal',
    webPreferences: secureWebPreferences(deps.preloadPath),
  });
  deps.registry.add(win);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(deps.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

export function focusWindow(win: BrowserWindow | undefined): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
