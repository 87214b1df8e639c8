import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** HS256 JWT: enough for a loopback emulator, whose tokens only it verifies. */
export function signJwt(claims: JwtClaims, key: Buffer): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'emulator' }));
  const payload = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${b64url(sig)}`;
}

/** Returns the claims when the signature is ours, undefined otherwise (expiry is the caller's business). */
export function verifyJwt(token: string, key: Buffer): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** An unsigned JWT, as id_tokens are shaped; MSAL decodes but does not verify them. */
export function encodeClaims(claims: JwtClaims): string {
  return signJwt(claims, Buffer.alloc(32));
}
