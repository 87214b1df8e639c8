import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KpisSchema } from '../../../src/shared/artifacts';
import { startPreviewHost, type PreviewHost } from '../../support/preview-host';

// A Demo run through the BUILT preview host (out/main/preview.js): PGlite and the in-process Fabric
// emulator, whose engine runs in out/main/pipeline-worker.js. The host must keep answering while the run
// executes (it used to freeze ~120 s and lose the run).

const TERMINAL = ['Completed', 'Failed', 'Cancelled', 'Lost', 'Deduped'];
const INPUT = 'Files/import/sales_orders_fact.xlsx';

interface Answer {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string; message: string };
}

let host: PreviewHost;
let ws: WebSocket;
const pending = new Map<string, (a: Answer) => void>();
const runEvents: { runId: string | null; status: string | null }[] = [];
let nextId = 0;

function call(channel: string, input: unknown, limitMs = 60_000): Promise<Answer> {
  const id = String(++nextId);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${channel} got no answer within ${limitMs / 1000} s`)),
      limitMs,
    );
    pending.set(id, (a) => {
      clearTimeout(timer);
      resolve(a);
    });
    ws.send(JSON.stringify({ id, channel, input }));
  });
}

beforeAll(async () => {
  host = await startPreviewHost();
  ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, ['portal.v1', `token.${host.token}`], {
      origin: host.origin,
    });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as {
      id?: string;
      result?: Answer;
      event?: string;
      payload?: { runId: string | null; run: { status: string } | null };
    };
    if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)?.(m.result as Answer);
      pending.delete(m.id);
    } else if (m.event === 'run.changed' && m.payload) {
      runEvents.push({ runId: m.payload.runId, status: m.payload.run?.status ?? null });
    }
  });
}, 300_000);

afterAll(async () => {
  ws?.close();
  await host?.stop();
});

describe('Demo run through the built preview host', () => {
  it('starts, completes with the lakehouse KPIs, and the host answers app.info throughout', async () => {
    const files = await call('files.list', {});
    expect(files.ok, JSON.stringify(files.error)).toBe(true);
    const paths = (files.value?.files as { path: string }[]).map((f) => f.path);
    expect(paths).toContain(INPUT);

    const started = await call('runs.start', { inputPath: INPUT }, 150_000);
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const runId = started.value?.runId as string;
    expect(typeof started.value?.jobInstanceId).toBe('string');

    // Poll until the run ends; every round also asks app.info, which must answer within 10 s.
    const deadline = Date.now() + 240_000;
    let status = String(started.value?.status);
    let answeredWhileRunning = 0;
    let slowest = 0;
    while (!TERMINAL.includes(status)) {
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${status} after 240 s`);
      const t0 = Date.now();
      const info = await call('app.info', {}, 10_000);
      slowest = Math.max(slowest, Date.now() - t0);
      expect(info.ok).toBe(true);
      expect(info.value?.host).toBe('preview');
      const got = await call('runs.get', { runId });
      expect(got.ok, JSON.stringify(got.error)).toBe(true);
      status = String(got.value?.status);
      if (!TERMINAL.includes(status)) answeredWhileRunning += 1;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.info(
      `app.info answered ${answeredWhileRunning} times while the run executed; slowest ${slowest} ms`,
    );
    expect(status).toBe('Completed');
    expect(answeredWhileRunning).toBeGreaterThan(0);
    // The change feed pushed the run's progress to the socket, ending with Completed.
    expect(runEvents.some((e) => e.runId === runId && e.status === 'Completed')).toBe(true);

    const results = await call('results.current', {});
    expect(results.ok, JSON.stringify(results.error)).toBe(true);
    expect(results.value?.runId).toBe(runId);
    const onDisk = KpisSchema.parse(
      JSON.parse(
        await readFile(
          join(host.dataDir, 'demo', 'lakehouse', 'Files', 'results', 'runs', runId, 'kpis.json'),
          'utf8',
        ),
      ),
    );
    expect(results.value?.kpis).toEqual(onDisk);
  }, 420_000);
});
