import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseLoopbackWait } from '../../../src/main/auth/loopback-release';

// The cancel's answer to MSAL's loopback listener, against a local server standing in for it. The real
// listener (msal-node's) is exercised in tests/integration/auth/sign-in-cancel-and-test.test.ts.

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function listener(): Promise<{ port: number; posts: Array<{ type?: string; body: string }> }> {
  const posts: Array<{ type?: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push({ ...(req.headers['content-type'] ? { type: req.headers['content-type'] } : {}), body });
      res.end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, posts };
}

const page = (redirect: string, state = 'eyJpZCI6IjEifQ==|x') =>
  `https://login.example/t/oauth2/v2.0/authorize?${new URLSearchParams({ redirect_uri: redirect, state, client_id: 'c' }).toString()}`;

describe('releaseLoopbackWait', () => {
  it("posts the OAuth cancel answer with the page's state to its localhost redirect", async () => {
    const { port, posts } = await listener();
    expect(await releaseLoopbackWait(page(`http://localhost:${port}`))).toBe(true);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.type).toBe('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(posts[0]?.body);
    expect(fields.get('error')).toBe('access_denied');
    expect(fields.get('state')).toBe('eyJpZCI6IjEifQ==|x');
  });

  it('never posts anywhere but a loopback http redirect', async () => {
    const { port, posts } = await listener();
    for (const redirect of [
      `https://localhost:${port}`,
      `http://example.com:${port}`,
      `http://localhost`,
      'not a url',
    ]) {
      expect(await releaseLoopbackWait(page(redirect))).toBe(false);
    }
    expect(await releaseLoopbackWait('https://login.example/no-params')).toBe(false);
    expect(posts).toEqual([]);
  });

  it('answers false, without throwing, when the listener is already gone', async () => {
    const { port } = await listener();
    await new Promise((r) => servers.pop()?.close(r));
    expect(await releaseLoopbackWait(page(`http://localhost:${port}`))).toBe(false);
  });
});
