import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/preview-host';

// Collected only where Electron's binary is installed (see vitest.config.ts); it cannot be downloaded on
// every machine. Drives the real app window: custom protocol, preload bridge, sandbox, navigation rules.

const root = resolve(import.meta.dirname, '..', '..');
const electronDir = join(root, 'node_modules', 'electron');
const binary = join(
  process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(electronDir, 'dist'),
  readFileSync(join(electronDir, 'path.txt'), 'utf8').trim(),
);

let app: ElectronApplication;
let page: Page;
let userData: string;

beforeAll(async () => {
  await ensureBuilt();
  userData = await mkdtemp(join(tmpdir(), 'portal-electron-'));
  app = await _electron.launch({
    executablePath: binary,
    args: [root],
    env: { ...process.env, PORTAL_DATA_DIR: userData } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});
afterAll(async () => {
  await app?.close();
  await rm(userData, { recursive: true, force: true });
});

describe('Electron app', () => {
  it('serves the renderer from app://portal with the CSP header', async () => {
    expect(page.url()).toMatch(/^app:\/\/portal\//);
    const csp = await page.evaluate(
      "fetch('app://portal/index.html').then(r => r.headers.get('content-security-policy'))",
    );
    expect(String(csp)).toContain("script-src 'self'");
  });

  it('exposes only the narrow portal bridge: no Node, no ipcRenderer', async () => {
    expect(await page.evaluate('typeof require')).toBe('undefined');
    expect(await page.evaluate('typeof process')).toBe('undefined');
    expect(await page.evaluate('Object.keys(window.portal).sort().join(",")')).toBe('host,invoke,on');
    expect(await page.evaluate('window.portal.host')).toBe('electron');
  });

  it('answers contract calls and refuses unknown channels', async () => {
    const info = (await page.evaluate("window.portal.invoke('app.info', {})")) as {
      ok: boolean;
      value: unknown;
    };
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', activeProfile: { kind: 'demo' } } });
    const bad = await page.evaluate("window.portal.invoke('nope', {})");
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('denies new windows and navigation away from the app', async () => {
    expect(await page.evaluate("window.open('https://example.com/') === null")).toBe(true);
    await page.evaluate("window.location.href = 'https://example.com/'").catch(() => undefined);
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/portal\//);
    expect(app.windows()).toHaveLength(1);
  });
});
