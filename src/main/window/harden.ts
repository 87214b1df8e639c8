import { app, session, shell, type Session, type WebContents } from 'electron';
import { APP_CSP, buildDevCsp } from './csp';
import { externalUrlToOpen, isNavigationAllowed, isPermissionAllowed } from './security-policy';

/** Navigation, new windows and webviews, for EVERY webContents the app ever creates (checklist #11–#15). */
export function hardenAllWebContents(deps: {
  origins: readonly string[];
  onBlocked: (what: string) => void;
}): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url, deps.origins)) {
        event.preventDefault();
        deps.onBlocked('navigation');
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isNavigationAllowed(url, deps.origins)) {
        event.preventDefault();
        deps.onBlocked('redirect');
      }
    });
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrlToOpen(url);
      // openExternal in setImmediate, as the Electron docs advise, so the deny decision returns first.
      if (external) setImmediate(() => void shell.openExternal(external));
      else deps.onBlocked('window.open');
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      deps.onBlocked('webview');
    });
  });
}

/** Permissions deny by default (checklist #5) and the CSP header on every response (checklist #7). */
export function hardenSession(deps: { origins: readonly string[]; devServerUrl?: string }): Session {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, deps.origins));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, deps.origins),
  );
  const csp = deps.devServerUrl ? buildDevCsp(deps.devServerUrl) : APP_CSP;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
  return ses;
}
