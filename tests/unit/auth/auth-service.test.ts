import { describe, expect, it, vi } from 'vitest';
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

function setUp(
  profile: Profile,
  provider: UserTokenProvider,
  signInTimeoutMs?: number,
  releaseLoopback?: (pageUrl: string) => Promise<unknown>,
) {
  const changes: AuthStatus[] = [];
  const log: string[] = [];
  const auth = new AuthService({
    activeProfile: () => profile,
    tokens: async () => provider,
    forgetSavedSignIn: async (id) => void log.push(`forget ${id}`),
    onChange: (s) => changes.push(s),
    abortSettleMs: 200,
    ...(signInTimeoutMs !== undefined ? { signInTimeoutMs } : {}),
    ...(releaseLoopback ? { releaseLoopback } : {}),
  });
  return { auth, changes, log };
}

const PAGE =
  'https://login.example/t/oauth2/v2.0/authorize?redirect_uri=http%3A%2F%2Flocalhost%3A5000&state=s1';

/**
 * Plays MSAL's interactive flow: it starts its loopback listener, asks to open the page through the opener
 * the app gave it, then waits for the listener, which only the page or the app's release ends.
 */
function msalLike(open: () => (url: string) => Promise<void>) {
  const state = { listening: 0, finishPage: (_u: SignedInUser | Error) => undefined as void };
  const provider = fakeProvider(async () => {
    state.listening++;
    try {
      const result = new Promise<SignedInUser>((resolve, reject) => {
        state.finishPage = (u) => (u instanceof Error ? reject(u) : resolve(u));
      });
      await open()(PAGE);
      return await result;
    } finally {
      state.listening--;
    }
  });
  const release = async (pageUrl: string) => {
    expect(pageUrl).toBe(PAGE);
    state.finishPage(new Error('access_denied'));
  };
  return { provider, release, state };
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

  it('Cancel sign-in releases the open page, fails the wait with CANCELLED, and a new sign-in works', async () => {
    const opened: string[] = [];
    let auth: AuthService | null = null;
    const flow = msalLike(() => auth!.watchSignInPage(async (url) => void opened.push(url)));
    const s = setUp(fabricProfile('signed-in-user'), flow.provider, undefined, flow.release);
    auth = s.auth;
    const signingIn = auth.signIn().catch((e: unknown) => e);
    await vi.waitFor(() => expect(opened).toEqual([PAGE]));
    const waiting = await auth.status();
    expect(waiting.signingIn).toBe(true);
    expect(Date.parse(waiting.signInStartedAt ?? '')).toBeGreaterThan(Date.now() - 10_000);

    const after = await auth.cancelSignIn();
    // The listener is closed by the time cancel answers, and the sign-in call has failed.
    expect(flow.state.listening).toBe(0);
    expect(after).toMatchObject({ signingIn: false, signInStartedAt: null, user: null });
    expect(await signingIn).toMatchObject({ code: 'CANCELLED', hint: /Sign in/ });

    const again = auth.signIn();
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    flow.state.finishPage(USER);
    expect((await again).user?.username).toBe(USER.username);
  });

  it('a cancel before the page opened keeps it from opening at all', async () => {
    const opened: string[] = [];
    let auth: AuthService | null = null;
    let letOpen: () => void = () => undefined;
    const gate = new Promise<void>((r) => (letOpen = r));
    const flow = msalLike(() => async (url) => {
      await gate;
      await auth!.watchSignInPage(async (u) => void opened.push(u))(url);
    });
    const s = setUp(fabricProfile('signed-in-user'), flow.provider, undefined, flow.release);
    auth = s.auth;
    const signingIn = auth.signIn().catch((e: unknown) => e);
    await vi.waitFor(() => expect(flow.state.listening).toBe(1));
    const cancelled = auth.cancelSignIn();
    letOpen();
    await cancelled;
    expect(await signingIn).toMatchObject({ code: 'CANCELLED' });
    expect(opened).toEqual([]);
  });

  it('refuses a second sign-in while one waits, saying how to go on', async () => {
    const never = fakeProvider(() => new Promise<SignedInUser>(() => undefined));
    const { auth } = setUp(fabricProfile('signed-in-user'), never);
    const first = auth.signIn().catch((e: unknown) => e);
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'CONFLICT', hint: /Cancel sign-in/ });
    await auth.cancelSignIn();
    expect(await first).toMatchObject({ code: 'CANCELLED' });
  });

  it('cancel with nothing pending just answers the status', async () => {
    const { auth } = setUp(
      fabricProfile('signed-in-user'),
      fakeProvider(async () => USER),
    );
    expect(await auth.cancelSignIn()).toMatchObject({ signingIn: false, signInStartedAt: null });
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
