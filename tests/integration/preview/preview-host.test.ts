import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_NAMES, channels } from '../../../src/shared/contract';
import { startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { hostilePayloads } from '../../unit/ipc/support/fuzz-payloads';

// The BUILT preview host as a user (or an attacker on the same machine) meets it: a real process, real HTTP,
// a real WebSocket.

let host: PreviewHost;

beforeAll(async () => {
  host = await startPreviewHost();
});
afterAll(async () => host?.stop());

type Reply = {
  id: string | null;
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
};

function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it when open, or with the HTTP status the upgrade was refused with. */
function openSocket(options: {
  origin?: string;
  query?: string;
  protocols?: string[];
  cookie?: string;
}): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers['Cookie'] = options.cookie;
    const ws = new WebSocket(
      `ws://127.0.0.1:${host.port}/ws${options.query ?? ''}`,
      options.protocols ?? ['portal.v1'],
      {
        ...(options.origin !== undefined ? { origin: options.origin } : {}),
        headers,
      },
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (e) => {
      // A refused upgrade also surfaces as an error after unexpected-response; ignore it then.
      if (ws.readyState !== WebSocket.CLOSED) reject(e);
    });
  });
}

async function authorisedSocket(): Promise<WebSocket> {
  const ws = await openSocket({ origin: host.origin, protocols: ['portal.v1', `token.${host.token}`] });
  if (!(ws instanceof WebSocket)) throw new Error(`refused with ${ws.refused}`);
  return ws;
}

/** Sends raw text and waits for the reply with that id (or the next id:null reply). */
function call(ws: WebSocket, message: string | Buffer, id: string | null): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as Reply;
      if ('id' in reply && reply.id === id) {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(reply);
      }
    };
    const onClose = (code: number) => reject(new Error(`socket closed with ${code}`));
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(message);
  });
}

let nextId = 0;
const invoke = (ws: WebSocket, channel: unknown, input: unknown) => {
  const id = `t${nextId++}`;
  return call(ws, JSON.stringify({ id, channel, input }), id);
};

describe('preview host: HTTP', () => {
  it('printed a 127.0.0.1 address with a 43-character token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 with instructions without a token or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/?token=wrong', `/?token=${host.token.slice(0, -1)}`]) {
      const res = await fetch(`${host.origin}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain('Open the address the preview host printed');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('serves the app for the printed URL, sets a strict HttpOnly cookie and the CSP', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`portal_token_${host.port}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves assets with the cookie alone, and refuses traversal', async () => {
    const cookie = `portal_token_${host.port}=${host.token}`;
    const index = await fetch(`${host.origin}/`, { headers: { cookie } });
    expect(index.status).toBe(200);
    const wrongQuery = await fetch(`${host.origin}/?token=wrong`, { headers: { cookie } });
    expect(wrongQuery.status).toBe(200);
    expect(wrongQuery.headers.get('set-cookie')).toBeNull();
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${host.origin}${script}`, { headers: { cookie } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    for (const path of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/../../etc/passwd',
    ]) {
      const res = await rawGet(path, { cookie });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('fabric-data-portal');
    }
  });

  it('refuses a foreign Host header (DNS rebinding) and non-GET methods', async () => {
    expect((await rawGet(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(421);
    const res = await fetch(host.url, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
  });
});

describe('preview host: WebSocket', () => {
  it('refuses an upgrade without a token, with a wrong token, or from the wrong origin', async () => {
    expect(await openSocket({ origin: host.origin })).toEqual({ refused: 401 });
    expect(await openSocket({ origin: host.origin, protocols: ['portal.v1', 'token.wrong'] })).toEqual({
      refused: 401,
    });
    expect(await openSocket({ origin: host.origin, query: '?token=wrong' })).toEqual({ refused: 401 });
    const right = ['portal.v1', `token.${host.token}`];
    expect(await openSocket({ origin: 'http://evil.example', protocols: right })).toEqual({ refused: 403 });
    expect(await openSocket({ origin: `http://localhost:${host.port}`, protocols: right })).toEqual({
      refused: 403,
    });
    expect(await openSocket({ protocols: right })).toEqual({ refused: 403 });
  });

  it('answers app.info with the token as subprotocol, as query, or as cookie', async () => {
    const variants = [
      { origin: host.origin, protocols: ['portal.v1', `token.${host.token}`] },
      { origin: host.origin, query: `?token=${host.token}` },
      { origin: host.origin, cookie: `portal_token_${host.port}=${host.token}` },
    ];
    for (const v of variants) {
      const ws = await openSocket(v);
      expect(ws).toBeInstanceOf(WebSocket);
      if (!(ws instanceof WebSocket)) continue;
      expect(ws.protocol).toBe('portal.v1');
      const reply = await invoke(ws, 'app.info', {});
      expect(reply.result).toMatchObject({
        ok: true,
        value: { host: 'preview', dataDir: host.dataDir, activeProfile: { kind: 'demo' } },
      });
      ws.close();
    }
  });

  it('answers malformed messages with a VALIDATION reply and keeps the socket open', async () => {
    const ws = await authorisedSocket();
    for (const bad of [
      'not json',
      '[1,2]',
      '42',
      '{"channel":"app.info"}',
      JSON.stringify({ id: 'x'.repeat(500) }),
    ]) {
      const reply = await call(ws, bad, null);
      expect(reply.result.ok, bad).toBe(false);
      expect(reply.result.error?.code).toBe('VALIDATION');
    }
    const binary = await call(ws, Buffer.from([1, 2, 3]), null);
    expect(binary.result.error?.code).toBe('VALIDATION');
    expect((await invoke(ws, 'app.health', {})).result.ok).toBe(true);
    ws.close();
  });

  it('closes a socket that sends more than 1 MB in one message, and keeps serving others', async () => {
    const ws = await authorisedSocket();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 'big', channel: 'app.info', input: { x: 'y'.repeat(1024 * 1024 + 10) } }));
    expect(await closed).toBe(1009);
    const again = await authorisedSocket();
    expect((await invoke(again, 'app.info', {})).result.ok).toBe(true);
    again.close();
  });

  it('refuses every hostile payload for every channel with VALIDATION, and keeps answering', async () => {
    const ws = await authorisedSocket();
    let sent = 0;
    for (const channel of CHANNEL_NAMES) {
      // 900 KB strings stay under the message limit, so the router (not the size guard) must refuse them.
      const cases = hostilePayloads(channels[channel].input, {
        depth: 500,
        hugeString: 'x'.repeat(900 * 1024),
      });
      for (const c of cases) {
        const reply = await invoke(ws, channel, c.payload);
        expect(reply.result.ok, `${channel} / ${c.label}`).toBe(false);
        expect(reply.result.error?.code, `${channel} / ${c.label}`).toBe('VALIDATION');
        expect(reply.result.error?.message.length).toBeLessThan(1_000);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(CHANNEL_NAMES.length * 10);
    for (const name of ['__proto__', 'constructor', 'nope']) {
      expect((await invoke(ws, name, {})).result.error?.code).toBe('VALIDATION');
    }
    expect((await invoke(ws, 'app.info', {})).result.ok).toBe(true);
    ws.close();
  });

  it('never writes the token to its log', () => {
    expect(host.stderr().length).toBeGreaterThan(0);
    expect(host.stderr()).not.toContain(host.token);
  });
});

describe('preview host: shutdown', () => {
  it('stops on SIGTERM and frees its port', async () => {
    const other = await startPreviewHost();
    expect((await fetch(other.url)).status).toBe(200);
    await other.stop();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
