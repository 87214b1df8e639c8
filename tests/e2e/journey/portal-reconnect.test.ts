import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { usePreviewSession } from '../renderer/preview-session';

// The renderer's portal client (src/renderer/src/portal.ts) in Chromium against the built preview host: after
// its socket drops and comes back it tells its onReconnect listeners (the app and Monitor stores then read the
// lock again, since a lock.changed pushed meanwhile was lost; tests/unit/renderer/lock/reconnect-resync.test.ts).
// The first connection is not a reconnect.

const PORTAL_SOURCE = resolve(import.meta.dirname, '..', '..', '..', 'src', 'renderer', 'src', 'portal.ts');

/** portal.ts has only type imports, so a plain transpile gives a self-contained script. */
async function portalModuleScript(): Promise<string> {
  const js = ts.transpileModule(await readFile(PORTAL_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return `window.__portalModule = (function (exports) { ${js}; return exports; })({});`;
}

const session = usePreviewSession({ name: 'portal-reconnect' });

describe('portal client reconnects', () => {
  it('calls onReconnect once the dropped socket is back, not on the first connection', async () => {
    const win = await session.open();
    try {
      await win.page.evaluate(await portalModuleScript());
      const result = await win.page.evaluate(async (port) => {
        type Answer = { ok: boolean; error?: { code: string } };
        type P = { invoke(c: string, i: unknown): Promise<Answer>; onReconnect(cb: () => void): () => void };
        const g = globalThis as unknown as { __portalModule: { createWebSocketPortal(o: unknown): P } };
        const portal = g.__portalModule.createWebSocketPortal({
          url: `ws://127.0.0.1:${port}/ws`,
          token: null,
        });
        let reconnects = 0;
        portal.onReconnect(() => (reconnects += 1));
        const first = await portal.invoke('lock.status', {});
        const afterFirst = reconnects;
        // A message over the host's 1 MB limit makes the host close the socket.
        const dropped = await portal.invoke('app.info', { x: 'y'.repeat(1_100_000) });
        const deadline = Date.now() + 30_000;
        while (reconnects === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const again = await portal.invoke('lock.status', {});
        return { first, afterFirst, dropped, reconnects, again };
      }, session.host.port);
      expect(result.first.ok).toBe(true);
      expect(result.afterFirst).toBe(0);
      expect(result.dropped).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
      expect(result.reconnects).toBe(1);
      expect(result.again.ok).toBe(true);
    } finally {
      await win.close();
    }
  }, 300_000);
});
