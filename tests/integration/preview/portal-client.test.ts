import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  launchChromium,
  startPreviewHost,
  type PreviewHost,
} from '../../support/preview-host';

// The renderer's portal client (src/renderer/src/portal.ts) in real Chromium against the real preview host.

const available = existsSync(CHROMIUM_PATH) || process.env['CI'] === 'true';
if (!available) console.warn(`Skipping portal client tests: install Chromium (apt-get install chromium).`);

/** portal.ts has only type imports, so a plain transpile gives a self-contained script. */
async function portalModuleSource(): Promise<string> {
  const source = await readFile('src/renderer/src/portal.ts', 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return `window.__portalModule = (function (exports) { ${js}; return exports; })({});`;
}

describe.runIf(available)('portal client in Chromium', () => {
  let host: PreviewHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startPreviewHost();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('loads the app from the printed URL, removes the token from the address bar, and breaks no CSP rule', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(host.url);
    expect(response?.status()).toBe(200);
    await page.waitForFunction("!window.location.search.includes('token=')", undefined, { timeout: 15_000 });
    expect(page.url()).toBe(`${host.origin}/`);
    // the HttpOnly cookie carries the session across a reload without the token
    expect((await page.reload())?.status()).toBe(200);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('invokes over the WebSocket, fails pending calls with OFFLINE when the socket drops, and reconnects', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.evaluate(await portalModuleSource());
    const result = await page.evaluate(async (port) => {
      type P = {
        invoke(
          c: string,
          i: unknown,
        ): Promise<{ ok: boolean; value?: { host: string }; error?: { code: string } }>;
      };
      const mod = (globalThis as unknown as { __portalModule: { createWebSocketPortal(o: unknown): P } })
        .__portalModule;
      const portal = mod.createWebSocketPortal({ url: `ws://127.0.0.1:${port}/ws`, token: null });
      const first = await portal.invoke('app.info', {});
      // a message over the host's 1 MB limit makes the host close the socket
      const dropped = await portal.invoke('app.info', { x: 'y'.repeat(1_100_000) });
      const during = await portal.invoke('app.info', {});
      const deadline = Date.now() + 10_000;
      let after = during;
      while (!after.ok && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        after = await portal.invoke('app.info', {});
      }
      (globalThis as unknown as { __portal: P }).__portal = portal;
      return { first, dropped, during, after };
    }, host.port);
    expect(result.first).toMatchObject({ ok: true, value: { host: 'preview' } });
    expect(result.dropped).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(result.during).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(result.after).toMatchObject({ ok: true, value: { host: 'preview' } });

    // with the host gone, calls answer OFFLINE promptly instead of hanging
    await host.stop();
    const offline = await page.evaluate(async () => {
      const portal = (
        globalThis as unknown as { __portal: { invoke(c: string, i: unknown): Promise<unknown> } }
      ).__portal;
      await new Promise((r) => setTimeout(r, 300));
      return portal.invoke('app.health', {});
    });
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    await page.close();
  });
});
