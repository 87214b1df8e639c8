import { describe, expect, it } from 'vitest';
import { APP_CSP, buildCsp, buildDevCsp } from '../../../src/main/window/csp';
import {
  APP_ORIGIN,
  appOrigins,
  externalUrlToOpen,
  isNavigationAllowed,
  isPermissionAllowed,
  isSenderAllowed,
  originOf,
  secureWebPreferences,
} from '../../../src/main/window/security-policy';

const origins = appOrigins();
const devOrigins = appOrigins('http://localhost:5173/');

describe('origins', () => {
  it('gives app:// URLs their scheme+host origin and refuses look-alikes', () => {
    expect(APP_ORIGIN).toBe('app://portal');
    expect(originOf('app://portal/index.html')).toBe('app://portal');
    expect(originOf('app://portal.evil/index.html')).toBe('app://portal.evil');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
  });
  it('adds the dev server origin only when given', () => {
    expect(origins).toEqual(['app://portal']);
    expect(devOrigins).toEqual(['app://portal', 'http://localhost:5173']);
    expect(appOrigins('javascript:alert(1)')).toEqual(['app://portal']);
  });
});

describe('navigation', () => {
  it('allows only our own origin', () => {
    expect(isNavigationAllowed('app://portal/index.html#/monitor', origins)).toBe(true);
    for (const url of [
      'https://example.com/',
      'app://portal.attacker.com/',
      'app://evil/index.html',
      'file:///etc/passwd',
      'http://localhost:5173/',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isNavigationAllowed(url, origins), url).toBe(false);
    }
    expect(isNavigationAllowed('http://localhost:5173/x', devOrigins)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/x', devOrigins)).toBe(false);
  });
});

describe('external links', () => {
  it('opens only allow-listed https hosts', () => {
    expect(externalUrlToOpen('https://learn.microsoft.com/fabric/')).toBe(
      'https://learn.microsoft.com/fabric/',
    );
    expect(externalUrlToOpen('https://app.fabric.microsoft.com/groups/x')).not.toBeNull();
    expect(externalUrlToOpen('https://portal.azure.com/#home')).not.toBeNull();
    for (const url of [
      'http://learn.microsoft.com/',
      'https://learn.microsoft.com.attacker.com/',
      'https://evil.com/?https://learn.microsoft.com',
      'https://user:pw@learn.microsoft.com/',
      'https://learn.microsoft.com:8443/',
      'file:///C:/Windows/system32/calc.exe',
      'ms-msdt:/id PCWDiagnostic',
      'smb://portal.azure.com/share',
      'javascript:alert(1)',
      'app://portal/index.html',
    ]) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });
});

describe('IPC sender', () => {
  const ok = { frameUrl: 'app://portal/index.html', isMainFrame: true, isOurWindow: true, origins };
  it('accepts the main frame of our window on our origin', () => {
    expect(isSenderAllowed(ok)).toBe(true);
  });
  it('refuses subframes, other windows, other origins and destroyed frames', () => {
    expect(isSenderAllowed({ ...ok, isMainFrame: false })).toBe(false);
    expect(isSenderAllowed({ ...ok, isOurWindow: false })).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: 'https://evil.com/' })).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: 'app://portal.evil/' })).toBe(false);
    expect(isSenderAllowed({ ...ok, frameUrl: undefined })).toBe(false);
  });
});

describe('permissions', () => {
  it('denies everything except notifications for our origin', () => {
    expect(isPermissionAllowed('notifications', 'app://portal/index.html', origins)).toBe(true);
    expect(isPermissionAllowed('notifications', 'app://portal', origins)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.com/', origins)).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://portal/index.html', origins), p).toBe(false);
    }
  });
});

describe('webPreferences', () => {
  it('follows the checklist', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('CSP', () => {
  const directives = (csp: string) =>
    new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  it('has the required directives', () => {
    const d = directives(APP_CSP);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(APP_CSP).not.toContain('unsafe-eval');
  });
  it('adds connect sources only where asked', () => {
    expect(directives(buildCsp({ connectSrc: ['ws://127.0.0.1:1234'] })).get('connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:1234',
    ]);
  });
  it('relaxes scripts only for the dev server', () => {
    const d = directives(buildDevCsp('http://localhost:5173/'));
    expect(d.get('script-src')).toContain("'unsafe-inline'");
    expect(d.get('connect-src')).toContain('ws://localhost:5173');
  });
});
