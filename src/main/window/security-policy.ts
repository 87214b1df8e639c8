// Pure security decisions for the Electron window, kept free of Electron imports so they are unit-tested.

export const APP_SCHEME = 'app';
export const APP_HOST = 'portal';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The only external sites a link in the app may open, and only over https, in the user's browser. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'learn.microsoft.com',
  'app.fabric.microsoft.com',
  'portal.azure.com',
];

const parse = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/**
 * The origins our own content is served from: the custom protocol, plus the Vite dev server in development.
 * Origins are compared exactly (never with startsWith: https://example.com.attacker.com).
 */
export function appOrigins(devServerUrl?: string): string[] {
  const origins = [APP_ORIGIN];
  const dev = devServerUrl ? parse(devServerUrl) : null;
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) origins.push(dev.origin);
  return origins;
}

/**
 * Standard URL parsing gives custom schemes an opaque "null" origin, so app:// URLs are compared by
 * protocol + host instead of URL.origin.
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol === `${APP_SCHEME}:`) return u.host === '' ? null : `${APP_SCHEME}://${u.host}`;
  return u.origin === 'null' ? null : u.origin;
}

export function isSameAppOrigin(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/** will-navigate: only inside our own origin (e.g. a reload); everything else is denied. */
export const isNavigationAllowed = (url: string, origins: readonly string[]): boolean =>
  isSameAppOrigin(url, origins);

/** setWindowOpenHandler: never a new window; allow-listed https links go to the system browser. */
export function externalUrlToOpen(url: string): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return null;
  if (!EXTERNAL_HOSTS.includes(u.hostname)) return null;
  return u.href;
}

/** IPC sender check: the sending frame must be a top-level frame of one of our windows, on our origin. */
export function isSenderAllowed(sender: {
  frameUrl: string | undefined;
  isMainFrame: boolean;
  isOurWindow: boolean;
  origins: readonly string[];
}): boolean {
  return (
    sender.isOurWindow &&
    sender.isMainFrame &&
    sender.frameUrl !== undefined &&
    isSameAppOrigin(sender.frameUrl, sender.origins)
  );
}

/** Permission request and check handlers: deny all, except notifications for our own content. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  origins: readonly string[],
): boolean {
  return permission === 'notifications' && isSameAppOrigin(requestingUrl, origins);
}

/** The webPreferences of every window: the Electron security checklist items 2–10. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}
