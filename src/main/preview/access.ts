import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Pure access decisions for the preview host. The host listens on 127.0.0.1 only, but any local process and
// any web page in the user's browser can reach that port, so every request proves it knows the per-launch
// token, and WebSocket upgrades must also come from the host's own page (exact Origin).

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time even for different lengths: both sides are hashed first. */
export function tokensMatch(candidate: string | undefined | null, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1_000) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Cookies are not isolated by port, so two hosts on one machine must use different cookie names. */
export const cookieName = (port: number): string => `portal_token_${port}`;

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const sessionCookie = (port: number, token: string): string =>
  `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;

/** The Host header must be exactly our address (refuses DNS-rebinding pages that resolve to 127.0.0.1). */
export const isHostAllowed = (hostHeader: string | undefined, port: number): boolean =>
  hostHeader === `127.0.0.1:${port}`;

export interface RequestCredentials {
  host: string | undefined;
  cookieHeader: string | undefined;
  /** the ?token= query value */
  queryToken: string | null;
}

export function hasValidToken(
  req: RequestCredentials & { subprotocolToken?: string },
  port: number,
  token: string,
) {
  return (
    tokensMatch(readCookie(req.cookieHeader, cookieName(port)), token) ||
    tokensMatch(req.queryToken, token) ||
    tokensMatch(req.subprotocolToken, token)
  );
}

export const SUBPROTOCOL = 'portal.v1';
const TOKEN_PROTOCOL_PREFIX = 'token.';

export function tokenFromSubprotocols(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const found = header
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return found?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

export type UpgradeDecision = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

export function decideUpgrade(
  req: RequestCredentials & {
    pathname: string;
    origin: string | undefined;
    protocolHeader: string | undefined;
  },
  port: number,
  token: string,
): UpgradeDecision {
  if (req.pathname !== '/ws') return { ok: false, status: 404, reason: 'not the WebSocket path' };
  if (!isHostAllowed(req.host, port)) return { ok: false, status: 403, reason: 'wrong Host header' };
  if (req.origin !== `http://127.0.0.1:${port}`) return { ok: false, status: 403, reason: 'wrong Origin' };
  const subprotocolToken = tokenFromSubprotocols(req.protocolHeader);
  if (!hasValidToken({ ...req, subprotocolToken }, port, token)) {
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  }
  return { ok: true };
}
