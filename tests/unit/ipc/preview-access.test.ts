import { describe, expect, it } from 'vitest';
import {
  cookieName,
  decideUpgrade,
  hasValidToken,
  newToken,
  readCookie,
  sessionCookie,
  tokenFromSubprotocols,
  tokensMatch,
} from '../../../src/main/preview/access';
import { parsePreviewArgs } from '../../../src/main/preview/args';

const token = newToken();
const port = 4321;
const good = {
  pathname: '/ws',
  host: `127.0.0.1:${port}`,
  origin: `http://127.0.0.1:${port}`,
  cookieHeader: undefined as string | undefined,
  queryToken: token as string | null,
  protocolHeader: 'portal.v1' as string | undefined,
};

describe('preview token', () => {
  it('is 32 random bytes in base64url', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
  });
  it('compares in constant time and refuses empty, wrong, or absurdly long candidates', () => {
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token.slice(0, -1), token)).toBe(false);
    expect(tokensMatch('', token)).toBe(false);
    expect(tokensMatch(undefined, token)).toBe(false);
    expect(tokensMatch(token + 'x'.repeat(5000), token)).toBe(false);
  });
  it('uses a cookie name per port, HttpOnly and SameSite=Strict', () => {
    expect(cookieName(1)).not.toBe(cookieName(2));
    expect(sessionCookie(port, token)).toBe(
      `portal_token_${port}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    expect(readCookie(`a=1; portal_token_${port}=${token}; b=2`, cookieName(port))).toBe(token);
    expect(readCookie(`portal_token_1${port}=${token}`, cookieName(port))).toBeUndefined();
  });
  it('accepts the token from the cookie, the query or the subprotocol', () => {
    const none = { host: good.host, cookieHeader: undefined, queryToken: null };
    expect(hasValidToken(none, port, token)).toBe(false);
    expect(hasValidToken({ ...none, cookieHeader: `portal_token_${port}=${token}` }, port, token)).toBe(true);
    expect(hasValidToken({ ...none, cookieHeader: `portal_token_9999=${token}` }, port, token)).toBe(false);
    expect(hasValidToken({ ...none, queryToken: token }, port, token)).toBe(true);
    expect(hasValidToken({ ...none, subprotocolToken: token }, port, token)).toBe(true);
    expect(tokenFromSubprotocols(`portal.v1, token.${token}`)).toBe(token);
  });
});

describe('WebSocket upgrade decision', () => {
  it('accepts the right path, host, origin and token', () => {
    expect(decideUpgrade(good, port, token)).toEqual({ ok: true });
  });
  it('refuses everything else with the right status', () => {
    expect(decideUpgrade({ ...good, pathname: '/other' }, port, token)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(decideUpgrade({ ...good, origin: undefined }, port, token)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(decideUpgrade({ ...good, origin: 'http://localhost:4321' }, port, token)).toMatchObject({
      status: 403,
    });
    expect(decideUpgrade({ ...good, origin: 'http://127.0.0.1:4322' }, port, token)).toMatchObject({
      status: 403,
    });
    expect(decideUpgrade({ ...good, origin: 'null' }, port, token)).toMatchObject({ status: 403 });
    expect(decideUpgrade({ ...good, host: 'evil.com:4321' }, port, token)).toMatchObject({ status: 403 });
    expect(decideUpgrade({ ...good, queryToken: null }, port, token)).toMatchObject({ status: 401 });
    expect(decideUpgrade({ ...good, queryToken: 'wrong' }, port, token)).toMatchObject({ status: 401 });
  });
});

describe('preview host arguments', () => {
  const home = '/home/analyst';
  it('defaults to a random port and ~/.fabric-data-portal', () => {
    expect(parsePreviewArgs([], {}, home)).toEqual({ port: 0, dataDir: '/home/analyst/.fabric-data-portal' });
  });
  it('takes $PORTAL_DATA_DIR, and --data-dir over it', () => {
    expect(parsePreviewArgs([], { PORTAL_DATA_DIR: '/data/p' }, home).dataDir).toBe('/data/p');
    expect(parsePreviewArgs(['--data-dir', '/x'], { PORTAL_DATA_DIR: '/data/p' }, home).dataDir).toBe('/x');
    expect(parsePreviewArgs(['--data-dir=/y', '--port=8080'], {}, home)).toEqual({
      port: 8080,
      dataDir: '/y',
    });
  });
  it('explains bad options', () => {
    expect(() => parsePreviewArgs(['--port', 'abc'], {}, home)).toThrow(/--port must be a number/);
    expect(() => parsePreviewArgs(['--port', '70000'], {}, home)).toThrow(/0 to 65535/);
    expect(() => parsePreviewArgs(['--data-dir'], {}, home)).toThrow(/needs a value/);
    expect(() => parsePreviewArgs(['--frobnicate'], {}, home)).toThrow(/Unknown option/);
  });
});
