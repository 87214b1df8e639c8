// IPC overhead, as ratios against references measured side by side in this process:
//  1. router.dispatch('app.info') (input + output validation, error mapping) vs calling the handler directly;
//  2. an app.info round trip through the preview host's WebSocket transport (token-checked upgrade done once,
//     JSON framing, router) vs a bare `ws` echo server on the same machine.
// `npm run bench -- ipc`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { composeApp } from '../src/main/compose';
import { silentLogger } from '../src/main/log/logger';
import { Redactor } from '../src/main/log/redact';
import { newToken } from '../src/main/preview/access';
import { startPreviewServer } from '../src/main/preview/http-server';

const DISPATCH_N = 20_000;
const ROUNDTRIP_N = 3_000;
const ctx = { host: 'preview' as const, sender: 'bench' };

async function perOp(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(500, n / 10); i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) * 1000) / n;
}

function roundTrip(ws: WebSocket, message: () => string): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      ws.once('message', () => resolve());
      ws.send(message());
    });
}

const open = (url: string, protocols: string[], origin?: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portal-ipc-bench-'));
  const app = await composeApp({
    host: 'preview',
    dataDir,
    logger: silentLogger,
    redactor: new Redactor(),
    version: '0.0.0',
  });

  const direct = await perOp(DISPATCH_N, () => app.services.appInfo.get());
  const routed = await perOp(DISPATCH_N, () => app.router.dispatch('app.info', {}, ctx));
  console.log(
    `router.dispatch app.info: ${routed.toFixed(2)} µs vs direct handler ${direct.toFixed(2)} µs → ratio ${(routed / direct).toFixed(2)}`,
  );

  const token = newToken();
  const server = await startPreviewServer({
    rendererRoot: dataDir,
    token,
    port: 0,
    router: app.router,
    events: app.events,
    logger: silentLogger,
  });
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString())));
  await new Promise((r) => echo.once('listening', r));
  const echoPort = (echo.address() as { port: number }).port;

  const portal = await open(
    `ws://127.0.0.1:${server.port}/ws`,
    ['portal.v1', `token.${token}`],
    server.origin,
  );
  const bare = await open(`ws://127.0.0.1:${echoPort}`, []);
  let id = 0;
  const request = () => JSON.stringify({ id: String(id++), channel: 'app.info', input: {} });
  const viaPortal = await perOp(ROUNDTRIP_N, roundTrip(portal, request));
  const viaEcho = await perOp(ROUNDTRIP_N, roundTrip(bare, request));
  console.log(
    `WebSocket app.info round trip: ${viaPortal.toFixed(1)} µs vs bare ws echo ${viaEcho.toFixed(1)} µs → ratio ${(viaPortal / viaEcho).toFixed(2)}`,
  );

  portal.close();
  bare.close();
  echo.close();
  await server.close();
  await app.dispose();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
