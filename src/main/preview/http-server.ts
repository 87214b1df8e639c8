import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventBus } from '../ipc/event-bus';
import type { Router } from '../ipc/router';
import type { Logger } from '../ipc/types';
import { buildCsp } from '../window/csp';
import { readRendererFile } from '../window/renderer-files';
import {
  decideUpgrade,
  hasValidToken,
  isHostAllowed,
  sessionCookie,
  SUBPROTOCOL,
  tokensMatch,
} from './access';
import { DOWNLOAD_PATH, serveDownload, type DownloadSource } from './download-route';
import { attachWebSocketTransport, MAX_MESSAGE_BYTES } from './ws-transport';

export interface PreviewServer {
  port: number;
  origin: string;
  /** the address to open, with the launch token */
  url: string;
  close(): Promise<void>;
}

const UNAUTHORIZED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fabric Data Portal – open the link from the terminal</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Open the address the preview host printed</h1>
<p>This page needs the access token of the running preview host. Open the full address that
<code>npm start</code> printed in its terminal (it looks like <code>http://127.0.0.1:PORT/?token=…</code>).</p>
<p>If the host was restarted, it printed a new address; the old one no longer works.</p>
</body></html>`;

/**
 * The browser preview host: serves the built renderer and the IPC contract over a WebSocket on 127.0.0.1,
 * protected by a per-launch token.
 */
export async function startPreviewServer(deps: {
  rendererRoot: string;
  token: string;
  port: number;
  router: Router;
  events: EventBus;
  logger: Logger;
  /** one-time artifact downloads (GET /download/<id>) handed out by artifacts.save */
  downloads?: DownloadSource;
}): Promise<PreviewServer> {
  const { token, logger } = deps;
  let port = 0;
  let csp = '';

  const baseHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!isHostAllowed(req.headers.host, port)) {
      res.writeHead(421, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Use http://127.0.0.1:${port}/ to reach the preview host.`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...baseHeaders(), Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const queryToken = url.searchParams.get('token');
    const authorised = hasValidToken(
      { host: req.headers.host, cookieHeader: req.headers.cookie, queryToken },
      port,
      token,
    );
    if (!authorised) {
      res.writeHead(401, { ...baseHeaders(), 'Content-Type': 'text/html; charset=utf-8' });
      res.end(UNAUTHORIZED_PAGE);
      return;
    }
    const download = DOWNLOAD_PATH.exec(url.pathname);
    if (download && deps.downloads) {
      await serveDownload({
        req,
        res,
        id: download[1] as string,
        origin: `http://127.0.0.1:${port}`,
        source: deps.downloads,
        headers: baseHeaders(),
        logger,
      });
      return;
    }
    const file = await readRendererFile(deps.rendererRoot, url.pathname);
    if (!file) {
      res.writeHead(404, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const headers: Record<string, string | string[]> = {
      ...baseHeaders(),
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
    };
    // The cookie lets reloads and asset requests work after the page removed ?token= from the address bar.
    if (tokensMatch(queryToken, token)) headers['Set-Cookie'] = sessionCookie(port, token);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      logger.error('Preview HTTP request failed', { error: String(error) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  attachWebSocketTransport({ wss, router: deps.router, events: deps.events, logger });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const decision = decideUpgrade(
      {
        pathname: url.pathname,
        host: req.headers.host,
        origin: req.headers.origin,
        cookieHeader: req.headers.cookie,
        queryToken: url.searchParams.get('token'),
        protocolHeader: req.headers['sec-websocket-protocol'],
      },
      port,
      token,
    );
    if (!decision.ok) {
      logger.warn('Preview WebSocket upgrade refused', { reason: decision.reason });
      const text =
        decision.status === 401 ? 'Unauthorized' : decision.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${decision.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : deps.port;
  const origin = `http://127.0.0.1:${port}`;
  // 'self' covers ws: in current Chromium, but older engines need the explicit ws origin.
  csp = buildCsp({ connectSrc: [`ws://127.0.0.1:${port}`] });

  return {
    port,
    origin,
    url: `${origin}/?token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
