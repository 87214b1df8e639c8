import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../../src/shared/contract/auth';
import type { Profile } from '../../../src/shared/contract/settings';
import { AuthService } from '../../../src/main/auth/auth-service';
import { signedInIdentity } from '../../../src/main/auth/signed-in-identity';
import { FabricError, type SignedInUser, type UserTokenProvider } from '../../../src/main/fabric';

// The service's logic over an in-memory token provider; the real MSAL flow against the emulator is in
// tests/integration/auth/signed-in-user.test.ts and tests/e2e/pages/sign-in.test.ts.

const fabricProfile = (authMode: 'signed-in-user' | 'client-credentials'): Profile =>
  ({ id: 'p1', kind: 'fabric', name: 'Sales', authMode }) as Profile;
const USER: SignedInUser = { username: 'ana@contoso.example', name: 'Ana', homeAccountId: 'h' };

function fakeProvider(signIn: () => Promise<SignedInUser>, log: string[] = []): UserTokenProvider {
  let user: SignedInUser | undefined;
  return {
    getToken: async () => ({ token: 't', expiresOn: 0 }),
    clear: () => undefined,
    signIn: async () => (user = await signIn()),
    signOut: async () => {
      log.push('provider.signOut');
      user = undefined;
    },
    currentUser: async () => user,
  };
}

function setUp(profile: Profile, provider: UserTokenProvider, signInTimeoutMs?: number) {
  const changes: AuthStatus[] = [];
  const log: string[] = [];
  const auth = new AuthService({
    activeProfile: () => profile,
    tokens: async () => provider,
    forgetSavedSignIn: async (id) => void log.push(`forget ${id}`),
    onChange: (s) => changes.push(s),
    ...(signInTimeoutMs !== undefined ? { signInTimeoutMs } : {}),
  });
  return { auth, changes, log };
}

describe('AuthService', () => {
  it('signs in: says it is waiting, then who; the run identity follows the user', async () => {
    const { auth, changes } = setUp(
      fabricProfile('signed-in-user'),
      fakeProvider(async () => USER),
    );
    const identity = signedInIdentity({ holderId: 'i', label: 'root@vm', actor: 'root', host: 'vm' }, () =>
      auth.username(),
    );
    expect(identity.label).toBe('root@vm');
    const status = await auth.signIn();
    expect(status.user).toEqual({ username: USER.username, name: 'Ana' });
    expect(changes.map((c) => [c.signingIn, c.user?.username ?? null])).toEqual([
      [true, null],
      [true, USER.username],
      [false, USER.username],
    ]);
    expect(identity.label).toBe(USER.username);
    expect(identity.host).toBe('vm');
  });

  it('gives up waiting for the sign-in page with what to do, and is no longer signing in', async () => {
    const never = fakeProvider(() => new Promise<SignedInUser>(() => undefined));
    const { auth } = setUp(fabricProfile('signed-in-user'), never, 20);
    const err = (await auth.signIn().catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_AUTH');
    expect(err.hint).toMatch(/click Sign in again/);
    expect((await auth.status()).signingIn).toBe(false);
  });

  it("passes Entra's refusal through with its hint", async () => {
    const refused = fakeProvider(async () => {
      throw new FabricError('FABRIC_AUTH', 'AADSTS65001: consent missing.', 'Ask your admin for consent.');
    });
    const { auth } = setUp(fabricProfile('signed-in-user'), refused);
    await expect(auth.signIn()).rejects.toMatchObject({ hint: 'Ask your admin for consent.' });
    expect(auth.username()).toBeNull();
  });

  it('signs out by forgetting the saved cache first, then the account', async () => {
    const log: string[] = [];
    const provider = fakeProvider(async () => USER, log);
    const s = setUp(fabricProfile('signed-in-user'), provider);
    await s.auth.signIn();
    const out = await s.auth.signOut();
    expect(out.user).toBeNull();
    expect([...s.log, ...log]).toEqual(['forget p1', 'provider.signOut']);
    expect(s.auth.username()).toBeNull();
  });

  it('refuses to sign in for a client-secret profile, saying how to change it', async () => {
    const { auth } = setUp(
      fabricProfile('client-credentials'),
      fakeProvider(async () => USER),
    );
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'VALIDATION', hint: /Signed-in user/ });
    expect((await auth.status()).authMode).toBe('client-credentials');
  });
});
