import { describe, expect, it } from 'vitest';
import type { Portal } from '../../../../src/renderer/src/portal';
import { createImportStore } from '../../../../src/renderer/src/stores/import';

// The store's upload and inspection logic against an in-memory portal (the real channels are tested in
// tests/integration/files and through the page in tests/e2e/pages/import.test.ts).

type Call = { channel: string; input: Record<string, unknown> };

function fakePortal(answer: (c: Call) => unknown) {
  const calls: Call[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const portal = {
    host: 'preview',
    async invoke(channel: string, input: Record<string, unknown>) {
      calls.push({ channel, input });
      // Channels a test does not answer stay pending, as a slow main would.
      const value = await (answer({ channel, input }) ?? new Promise(() => undefined));
      return value instanceof Error
        ? { ok: false, error: JSON.parse(value.message) as unknown }
        : { ok: true, value };
    },
    on(event: string, cb: (p: unknown) => void) {
      listeners.set(event, cb);
      return () => listeners.delete(event);
    },
  } as unknown as Portal;
  return { portal, calls, emit: (e: string, p: unknown) => listeners.get(e)?.(p) };
}

const file = (bytes: Uint8Array, name = 'orders.xlsx') => ({
  name,
  size: bytes.length,
  slice: (a: number, b: number) => ({ arrayBuffer: async () => bytes.slice(a, b).buffer }),
});
const zipBytes = (n: number) => new Uint8Array(n).map((_, i) => (i < 4 ? [0x50, 0x4b, 3, 4][i]! : i % 251));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const fail = (code: string, message: string) => new Error(JSON.stringify({ code, message }));

describe('import store', () => {
  it('uploads in ordered base64 chunks, commits, then lists and inspects the new workbook', async () => {
    const bytes = zipBytes(10);
    let received = 0;
    const { portal, calls } = fakePortal(({ channel, input }) => {
      if (channel === 'files.uploadBegin')
        return { uploadId: 'u1', path: 'Files/import/orders.xlsx', chunkBytes: 4 };
      if (channel === 'files.uploadChunk') {
        received += fromBase64(String(input['data'])).length;
        return { receivedBytes: received };
      }
      if (channel === 'files.uploadCommit')
        return { path: 'Files/import/orders.xlsx', name: 'orders.xlsx', size: 10, lastModified: 'x' };
      if (channel === 'files.list') return { files: [] };
      return undefined;
    });
    const store = createImportStore({ portal });
    const outcome = await store.getState().uploadFile(file(bytes));
    expect(outcome.ok).toBe(true);
    const chunks = calls.filter((c) => c.channel === 'files.uploadChunk');
    expect(chunks.map((c) => c.input['index'])).toEqual([0, 1, 2]);
    expect(chunks.flatMap((c) => [...fromBase64(String(c.input['data']))])).toEqual([...bytes]);
    expect(store.getState().upload).toMatchObject({ phase: 'done', loadedBytes: 10 });
    expect(calls.map((c) => c.channel)).toEqual(
      expect.arrayContaining(['files.uploadCommit', 'files.list', 'files.inspectLive']),
    );
  });

  it('refuses a PNG before anything is sent, and turns a name conflict into a question', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]);
    const { portal, calls } = fakePortal(({ channel }) =>
      channel === 'files.uploadBegin' ? fail('CONFLICT', 'exists') : undefined,
    );
    const store = createImportStore({ portal });
    const refused = await store.getState().uploadFile(file(png));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
    expect(store.getState().upload).toMatchObject({ phase: 'failed' });
    expect(calls).toEqual([]);

    const conflict = await store.getState().uploadFile(file(zipBytes(8)));
    expect(conflict).toMatchObject({ ok: false, exists: true });
    expect(store.getState().upload).toBeNull();
  });

  it('shows the first rows pushed by inspect.progress and ignores events of a superseded inspection', async () => {
    let resolveInspect: (v: unknown) => void = () => undefined;
    const { portal, calls, emit } = fakePortal(({ channel }) =>
      channel === 'files.inspectLive' ? new Promise((r) => (resolveInspect = r)) : undefined,
    );
    const store = createImportStore({ portal });
    const off = store.getState().connect();
    void store.getState().inspect('Files/import/a.xlsx');
    const first = String(calls[0]?.input['requestId']);
    void store.getState().inspect('Files/import/b.xlsx');
    const second = String(calls[1]?.input['requestId']);
    const preview = { sheet: 's', headerRow: 1, columns: [], missingRequired: ['quantity'], rows: [] };
    emit('inspect.progress', { requestId: first, path: 'a', phase: 'preview', rowsRead: 5, preview });
    expect(store.getState().inspection).toMatchObject({ path: 'Files/import/b.xlsx', preview: null });
    emit('inspect.progress', { requestId: second, path: 'b', phase: 'preview', rowsRead: 5, preview });
    emit('inspect.progress', {
      requestId: second,
      path: 'b',
      phase: 'reading',
      rowsRead: 900,
      preview: null,
    });
    expect(store.getState().inspection).toMatchObject({ phase: 'reading', rowsRead: 900, preview });
    off();
    void resolveInspect;
  });
});
