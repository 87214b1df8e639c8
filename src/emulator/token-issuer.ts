import { randomBytes, randomUUID } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';
import type { FaultController } from './faults';

export const FABRIC_AUDIENCE = 'https://api.fabric.microsoft.com';
export const STORAGE_AUDIENCE = 'https://storage.azure.com';
// Fabric also accepts Power BI-audience tokens (fabric-cli requests them).
export const POWERBI_AUDIENCE = 'https://analysis.windows.net/powerbi/api';
export const KNOWN_AUDIENCES = [FABRIC_AUDIENCE, STORAGE_AUDIENCE, POWERBI_AUDIENCE];

export interface AccessTokenSubject {
  tenantId: string;
  clientId: string;
  /** object id of the user (delegated) or of the service principal (app-only) */
  oid: string;
  upn?: string;
  scopes?: string[];
}

export type TokenCheck =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience'; message: string };

/** Issues and checks the emulator's access tokens (HS256 with a key that lives as long as the process). */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    private readonly issuerBase: () => string,
    private readonly lifetimeSec: number,
    private readonly faults: FaultController,
    private readonly now: () => number = Date.now,
  ) {}

  issue(audience: string, subject: AccessTokenSubject): { token: string; expiresIn: number } {
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const claims = {
      aud: audience,
      iss: `https://sts.windows.net/${subject.tenantId}/`,
      iat,
      nbf: iat,
      exp: Math.ceil(nowMs / 1000 + this.lifetimeSec),
      appid: subject.clientId,
      azp: subject.clientId,
      oid: subject.oid,
      sub: subject.oid,
      tid: subject.tenantId,
      ...(subject.upn ? { upn: subject.upn } : {}),
      ...(subject.scopes ? { scp: subject.scopes.join(' ') } : { roles: [] }),
      uti: randomUUID(),
      ver: '1.0',
      // Millisecond issue time so that expireAllTokens() also catches tokens issued this second.
      xms_emu_iat_ms: nowMs,
    };
    return { token: signJwt(claims, this.key), expiresIn: this.lifetimeSec };
  }

  check(authorization: string | undefined, acceptedAudiences: string[]): TokenCheck {
    if (!authorization)
      return { ok: false, reason: 'missing', message: 'The request has no Authorization header.' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) {
      return { ok: false, reason: 'invalid', message: 'The Authorization header is not a Bearer token.' };
    }
    const claims = verifyJwt(match[1], this.key);
    if (!claims) {
      return { ok: false, reason: 'invalid', message: 'The access token signature is invalid or malformed.' };
    }
    const iatMs = typeof claims.xms_emu_iat_ms === 'number' ? claims.xms_emu_iat_ms : 0;
    // Expiry is checked at millisecond precision from the issue time; `exp` is rounded up to a second.
    if (iatMs + this.lifetimeSec * 1000 <= this.now() || this.faults.isRevoked(iatMs)) {
      return { ok: false, reason: 'expired', message: 'Lifetime validation failed, the token is expired.' };
    }
    if (typeof claims.aud !== 'string' || !acceptedAudiences.includes(claims.aud)) {
      return {
        ok: false,
        reason: 'audience',
        message: `Audience validation failed: token audience ${String(claims.aud)} is not ${acceptedAudiences.join(' or ')}.`,
      };
    }
    return { ok: true, claims };
  }

  /** The issuer the emulator's id_tokens and OpenID metadata name. */
  oidcIssuer(tenantId: string): string {
    return `${this.issuerBase()}/${tenantId}/v2.0`;
  }
}
