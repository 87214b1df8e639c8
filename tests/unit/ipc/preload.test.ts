import { describe, expect, it, vi } from 'vitest';

// The preload's logic with `electron` replaced by a recorder: what it exposes, what it refuses before
// sending, and that the IpcRendererEvent never reaches a callback.

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
let eventListener: ((event: unknown, ...args: unknown[]) => void) | undefined;

vi.mock('electron', () => ({
  // a dropped File's path (Electron answers '' for a File without one, and throws for a non-File)
  webUtils: {
    getPathForFile: (file: unknown) => {
      if (typeof file !== 'object' || file === null || !('name' in file)) throw new TypeError('not a File');
      return (file as { name: string }).name === 'clipboard'
        ? ''
        : `/home/ana/${(file as { name: string }).name}`;
    },
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      if (args[2] === 'uncloneable') throw new Error('An object could not be cloned.');
      return { ok: true, value: 'from main' };
    },
    on: (name: string, fn: (event: unknown, ...args: unknown[]) => void) => {
      if (name === 'portal:event') eventListener = fn;
    },
  },
}));

await import('../../../src/preload/index');

type Api = {
  host: string;
  invoke(channel: unknown, input: unknown): Promise<unknown>;
  on(event: unknown, cb: unknown): () => void;
  pathForFile(file: unknown): string | null;
};
const portal = exposed.get('portal') as Api;

describe('preload bridge', () => {
  it('exposes only window.portal with invoke, on, host and pathForFile', () => {
    expect([...exposed.keys()]).toEqual(['portal']);
    expect(Object.keys(portal).sort()).toEqual(['host', 'invoke', 'on', 'pathForFile']);
    expect(portal.host).toBe('electron');
  });

  it('answers a dropped file’s path only (null for anything without one)', () => {
    expect(portal.pathForFile({ name: 'q4.fdpbundle' })).toBe('/home/ana/q4.fdpbundle');
    expect(portal.pathForFile({ name: 'clipboard' })).toBeNull();
    expect(portal.pathForFile('/etc/passwd')).toBeNull();
    expect(portal.pathForFile(null)).toBeNull();
  });

  it('sends contract channels through the one invoke channel', async () => {
    expect(await portal.invoke('app.info', {})).toEqual({ ok: true, value: 'from main' });
    expect(invoked.at(-1)).toEqual(['portal:invoke', 'app.info', {}]);
  });

  it('refuses unknown channels before sending anything', async () => {
    const before = invoked.length;
    for (const name of ['nope', '__proto__', 'constructor', 42, null, { toString: () => 'app.info' }]) {
      expect(await portal.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(invoked.length).toBe(before);
  });

  it('turns an input that cannot be sent into VALIDATION instead of a rejection', async () => {
    expect(await portal.invoke('app.info', 'uncloneable')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('delivers events without the IpcRendererEvent, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = portal.on('health.changed', (...args: unknown[]) => seen.push(args));
    const ipcEvent = { sender: 'ipcRenderer itself' };
    eventListener?.(ipcEvent, 'health.changed', { x: 1 });
    eventListener?.(ipcEvent, 'profiles.changed', { y: 2 });
    off();
    eventListener?.(ipcEvent, 'health.changed', { x: 3 });
    expect(seen).toEqual([[{ x: 1 }]]);
  });

  it('refuses unknown events and non-function callbacks', () => {
    expect(() => portal.on('nope', () => undefined)).toThrow(/unknown event/);
    expect(() => portal.on('health.changed', 'not a function')).toThrow(TypeError);
  });
});
