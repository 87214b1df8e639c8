import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/emulator/faults';
import { signJwt, verifyJwt } from '../../../src/emulator/jwt';
import { FABRIC_AUDIENCE, STORAGE_AUDIENCE, TokenIssuer } from '../../../src/emulator/token-issuer';

const subject = { tenantId: 't', clientId: 'c', oid: 'o' };

describe('TokenIssuer', () => {
  it('accepts its own token for the right audience until the lifetime ends', () => {
    let now = 1_700_000_000_000;
    const issuer = new TokenIssuer(
      () => 'https://x',
      60,
      new FaultController(() => now),
      () => now,
    );
    const { token, expiresIn } = issuer.issue(FABRIC_AUDIENCE, subject);
    expect(expiresIn).toBe(60);
    expect(issuer.check(`Bearer ${token}`, [FABRIC_AUDIENCE])).toMatchObject({ ok: true });
    expect(issuer.check(`Bearer ${token}`, [STORAGE_AUDIENCE])).toMatchObject({
      ok: false,
      reason: 'audience',
    });
    now += 59_999;
    expect(issuer.check(`Bearer ${token}`, [FABRIC_AUDIENCE]).ok).toBe(true);
    now += 1;
    expect(issuer.check(`Bearer ${token}`, [FABRIC_AUDIENCE])).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('treats every earlier token as expired after expireAllTokens()', () => {
    let now = 5_000;
    const faults = new FaultController(() => now);
    const issuer = new TokenIssuer(
      () => 'https://x',
      3600,
      faults,
      () => now,
    );
    const old = issuer.issue(FABRIC_AUDIENCE, subject).token;
    now += 1;
    faults.expireAllTokens();
    now += 1;
    const fresh = issuer.issue(FABRIC_AUDIENCE, subject).token;
    expect(issuer.check(`Bearer ${old}`, [FABRIC_AUDIENCE])).toMatchObject({ reason: 'expired' });
    expect(issuer.check(`Bearer ${fresh}`, [FABRIC_AUDIENCE]).ok).toBe(true);
  });

  it('rejects missing, non-bearer, foreign-key and tampered tokens', () => {
    const issuer = new TokenIssuer(() => 'https://x', 3600, new FaultController());
    const { token } = issuer.issue(FABRIC_AUDIENCE, subject);
    expect(issuer.check(undefined, [FABRIC_AUDIENCE])).toMatchObject({ reason: 'missing' });
    expect(issuer.check(`Basic ${token}`, [FABRIC_AUDIENCE])).toMatchObject({ reason: 'invalid' });
    const foreign = signJwt({ aud: FABRIC_AUDIENCE, exp: 9e9 }, Buffer.alloc(32, 1));
    expect(issuer.check(`Bearer ${foreign}`, [FABRIC_AUDIENCE])).toMatchObject({ reason: 'invalid' });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ aud: FABRIC_AUDIENCE })).toString('base64url')}.${s}`;
    expect(issuer.check(`Bearer ${forged}`, [FABRIC_AUDIENCE])).toMatchObject({ reason: 'invalid' });
  });

  it('jwt round trip', () => {
    const key = Buffer.alloc(32, 9);
    expect(verifyJwt(signJwt({ a: 1 }, key), key)).toEqual({ a: 1 });
    expect(verifyJwt('a.b', key)).toBeUndefined();
  });
});
