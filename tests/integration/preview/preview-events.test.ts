import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { composeApp, type ComposedApp } from '../../../src/main/compose';
import { silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import { newToken } from '../../../src/main/preview/access';
import { startPreviewServer, type PreviewServer } from '../../../src/main/preview/http-server';

// The preview server in-process with the real composition root, so a test can make a service emit an
// event and watch it arrive on a real WebSocket.

let dataDir: string;
let app: ComposedApp;
let server: PreviewServer;
const token = newToken();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-events-'));
  app = await composeApp({
    host: 'preview',
    dataDir,
    logger: silentLogger,
    redactor: new Redactor(),
    version: '0.0.0',
  });
  server = await startPreviewServer({
    rendererRoot: join(dataDir, 'no-renderer'),
    token,
    port: 0,
    router: app.router,
    events: app.events,
    logger: silentLogger,
  });
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const connect = (): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['portal.v1', `token.${token}`], {
      origin: server.origin,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

describe('preview server push events', () => {
  it('forwards a service event to every connected socket as {event, payload}', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const next = (ws: WebSocket) =>
      new Promise<{ event: string; payload: { database: { status: string } } }>((r) =>
        ws.once('message', (d) => r(JSON.parse(d.toString()))),
      );
    const got = Promise.all([next(a), next(b)]);
    app.services.health.report('database', 'ok', 'Connected to PGlite');
    for (const msg of await got) {
      expect(msg.event).toBe('health.changed');
      expect(msg.payload.database.status).toBe('ok');
    }
    a.close();
    b.close();
  });

  it('stops sending to a socket once it closed (no leaked subscriptions)', async () => {
    const ws = await connect();
    const closed = new Promise((r) => ws.once('close', r));
    ws.close();
    await closed;
    // the server notices the close asynchronously; give it a turn
    await new Promise((r) => setTimeout(r, 50));
    expect(() => app.services.health.report('fabric', 'down', 'Unreachable')).not.toThrow();
    const fresh = await connect();
    const msg = new Promise<string>((r) => fresh.once('message', (d) => r(d.toString())));
    app.services.health.report('fabric', 'ok', 'Reachable');
    expect(JSON.parse(await msg)).toMatchObject({
      event: 'health.changed',
      payload: { fabric: { status: 'ok' } },
    });
    fresh.close();
  });

  it('answers 404 for the app when the renderer is not built, instead of crashing', async () => {
    const res = await fetch(`${server.url}`);
    expect(res.status).toBe(404);
  });
});
