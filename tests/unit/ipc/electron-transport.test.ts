import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../src/shared/contract';

// Electron's binary is not needed for the transport's logic: `electron` is replaced by a small stand-in that
// records what the transport registers. The real Electron path is covered by tests/e2e/electron-smoke.test.ts
// where the binary exists.

type InvokeHandler = (event: unknown, channel: unknown, input: unknown) => Promise<Result<unknown>>;
const registered = new Map<string, InvokeHandler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (name: string, fn: InvokeHandler) => registered.set(name, fn),
    removeHandler: (name: string) => registered.delete(name),
  },
}));

const { attachElectronTransport } = await import('../../../src/main/ipc/electron-transport');
const { createEventBus } = await import('../../../src/main/ipc/event-bus');
const { createHealthService } = await import('../../../src/main/app/health');
const { recordingLogger } = await import('./support/recording-logger');

interface FakeWindow {
  webContents: { id: number; sent: unknown[][]; send(...args: unknown[]): void };
}
const fakeWindow = (id: number): FakeWindow => ({
  webContents: {
    id,
    sent: [],
    send(...args: unknown[]) {
      this.sent.push(args);
    },
  },
});

describe('Electron transport', () => {
  let calls: Array<{ channel: unknown; input: unknown; sender: string }>;
  let win: FakeWindow;
  let detach: () => void;
  const events = createEventBus({ logger: recordingLogger() });
  const logger = recordingLogger();

  beforeEach(() => {
    registered.clear();
    calls = [];
    win = fakeWindow(7);
    detach = attachElectronTransport({
      router: {
        dispatch: async (channel, input, ctx) => {
          calls.push({ channel, input, sender: ctx.sender });
          return { ok: true, value: 'dispatched' };
        },
      },
      events,
      windows: { has: (id) => id === 7, all: () => [win as never] },
      origins: ['app://portal'],
      logger,
    });
  });

  afterEach(() => detach());

  const event = (over: { url?: string; parent?: unknown; senderId?: number; noFrame?: boolean } = {}) => ({
    sender: { id: over.senderId ?? 7 },
    senderFrame: over.noFrame
      ? null
      : { url: over.url ?? 'app://portal/index.html', parent: over.parent ?? null },
  });

  it('registers exactly one invoke channel and removes it on detach', () => {
    expect([...registered.keys()]).toEqual(['portal:invoke']);
    detach();
    expect(registered.size).toBe(0);
  });

  it('dispatches calls from the main frame of our window on our origin', async () => {
    const handler = registered.get('portal:invoke')!;
    expect(await handler(event(), 'app.info', {})).toEqual({ ok: true, value: 'dispatched' });
    expect(calls).toEqual([{ channel: 'app.info', input: {}, sender: 'wc:7' }]);
  });

  it('refuses other origins, subframes, other webContents and vanished frames without dispatching', async () => {
    const handler = registered.get('portal:invoke')!;
    for (const e of [
      event({ url: 'https://evil.example/' }),
      event({ url: 'app://portal.evil/' }),
      event({ parent: {} }),
      event({ senderId: 8 }),
      event({ noFrame: true }),
    ]) {
      const result = await handler(e, 'app.info', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });

  it('forwards contract events to the windows, and stops after detach', () => {
    const health = createHealthService().get();
    events.emit('health.changed', health);
    expect(win.webContents.sent).toEqual([['portal:event', 'health.changed', health]]);
    detach();
    events.emit('health.changed', health);
    expect(win.webContents.sent).toHaveLength(1);
  });
});
