import { AppError } from '../../shared/contract/errors';
import type { AuthStatus, SignedInUserInfo } from '../../shared/contract/auth';
import type { Profile } from '../../shared/contract/settings';
import {
  isUserTokenProvider,
  type SignedInUser,
  type TokenProvider,
  type UserTokenProvider,
} from '../fabric';
import { settledWithin } from '../async/settled-within';
import { releaseLoopbackWait } from './loopback-release';
import { SignInAttempt } from './sign-in-attempt';

export interface AuthServiceDeps {
  activeProfile: () => Profile;
  /** the active profile's token provider (the run backend's Fabric clients) */
  tokens: () => Promise<TokenProvider>;
  /** removes the profile's saved MSAL cache (keychain entry) */
  forgetSavedSignIn: (profileId: string) => Promise<void>;
  onChange: (status: AuthStatus) => void;
  /** how long a sign-in page may stay open before the app gives up waiting (default 4 minutes, within the renderer's 5-minute call timeout) */
  signInTimeoutMs?: number;
  /** ends MSAL's loopback wait for an abandoned page (default: releaseLoopbackWait) */
  releaseLoopback?: (pageUrl: string) => Promise<unknown>;
  /** how long an aborted sign-in may take to close its loopback listener before signIn answers anyway */
  abortSettleMs?: number;
}

/**
 * Who is signed in to Fabric for the active profile. The MSAL flow itself lives in the profile's token
 * provider (src/main/fabric/auth/user-provider.ts); this service asks it, remembers the answer for the run
 * identity (requested_by) and tells the renderer when it changes.
 */
export class AuthService {
  private known: { profileId: string; user: SignedInUserInfo | null } | null = null;
  private pending: { attempt: SignInAttempt; done: Promise<void> } | null = null;

  constructor(private readonly deps: AuthServiceDeps) {}

  /** The signed-in analyst's username for the active profile, as last seen; null when none. */
  username(): string | null {
    const p = this.deps.activeProfile();
    return this.known?.profileId === p.id ? (this.known.user?.username ?? null) : null;
  }

  /** Called when a backend opens: a restart finds the user in the saved cache without a sign-in. */
  async backendOpened(profileId: string, tokens: TokenProvider): Promise<void> {
    const user = isUserTokenProvider(tokens) ? await tokens.currentUser().catch(() => undefined) : undefined;
    this.remember(profileId, user ?? null);
  }

  async status(): Promise<AuthStatus> {
    const p = this.deps.activeProfile();
    if (p.kind === 'fabric' && p.authMode === 'signed-in-user') {
      const provider = await this.userProvider().catch(() => null);
      if (provider) this.known = { profileId: p.id, user: info(await provider.currentUser()) };
    }
    return this.snapshot();
  }

  async signIn(): Promise<AuthStatus> {
    const provider = await this.userProvider();
    const profileId = this.deps.activeProfile().id;
    if (this.pending) {
      throw new AppError(
        'CONFLICT',
        'A sign-in is already waiting for the Microsoft sign-in page.',
        'Finish signing in on that page, or click Cancel sign-in and then Sign in again.',
      );
    }
    const attempt = new SignInAttempt(this.deps.releaseLoopback ?? releaseLoopbackWait);
    let finished: () => void = () => undefined;
    this.pending = { attempt, done: new Promise<void>((resolve) => (finished = resolve)) };
    this.deps.onChange(this.snapshot());
    const timeoutMs = this.deps.signInTimeoutMs ?? 4 * 60_000;
    const timer = setTimeout(
      () =>
        void attempt.abort(
          new AppError(
            'FABRIC_AUTH',
            `The sign-in page did not come back within ${Math.round(timeoutMs / 60_000)} minutes.`,
            'If you closed the sign-in tab, click Sign in again and finish signing in there.',
          ),
        ),
      timeoutMs,
    );
    const flow = provider.signIn();
    flow.catch(() => undefined);
    try {
      const user = await Promise.race([flow, attempt.aborted]);
      this.remember(profileId, user);
    } catch (e) {
      const reason = attempt.abortReason;
      if (!reason) throw e;
      // The listener was told to stop; let MSAL close it so its port is free when this answers. A page
      // that came back at the same moment still counts: the analyst did sign in.
      const late = await settledWithin(flow, this.deps.abortSettleMs ?? 5_000);
      if (!late) throw reason;
      this.remember(profileId, late);
    } finally {
      clearTimeout(timer);
      this.pending = null;
      finished();
      this.deps.onChange(this.snapshot());
    }
    return this.snapshot();
  }

  /**
   * Stops waiting for the sign-in page (closed or abandoned tab): the pending signIn fails with CANCELLED
   * and MSAL's loopback listener is closed before this answers, so a later Sign in starts afresh.
   */
  async cancelSignIn(): Promise<AuthStatus> {
    const pending = this.pending;
    if (pending) {
      await pending.attempt.abort(
        new AppError('CANCELLED', 'Sign-in cancelled.', 'Click Sign in to try again.'),
      );
      await pending.done;
    }
    return this.snapshot();
  }

  /**
   * Wraps the opener MSAL is given, so the pending sign-in knows its page (to release its listener on
   * cancel) and a page MSAL gets to only after a cancel is never opened.
   */
  watchSignInPage(open: (url: string) => Promise<void>): (url: string) => Promise<void> {
    return async (url) => {
      this.pending?.attempt.pageOpening(url);
      await open(url);
    };
  }

  async signOut(): Promise<AuthStatus> {
    const p = this.deps.activeProfile();
    const provider = await this.userProvider();
    // Forget the saved cache first, so an overlapping token refresh cannot bring the account back.
    await this.deps.forgetSavedSignIn(p.id);
    await provider.signOut();
    this.remember(p.id, null);
    return this.snapshot();
  }

  private async userProvider(): Promise<UserTokenProvider> {
    const p = this.deps.activeProfile();
    if (p.kind !== 'fabric' || p.authMode !== 'signed-in-user') {
      throw new AppError(
        'VALIDATION',
        `The profile "${p.name}" does not sign users in; it uses ${p.kind === 'demo' ? 'the Demo emulator' : 'a client secret'}.`,
        'Choose "Signed-in user" as the auth mode of a Fabric profile in Settings to sign in as yourself.',
      );
    }
    const tokens = await this.deps.tokens();
    if (!isUserTokenProvider(tokens)) {
      throw new AppError('INTERNAL', 'The profile was opened without user sign-in.', 'Restart the app.');
    }
    return tokens;
  }

  private remember(profileId: string, user: SignedInUser | SignedInUserInfo | null): void {
    const next = { profileId, user: user ? info(user) : null };
    const changed =
      this.known?.profileId !== next.profileId || this.known.user?.username !== next.user?.username;
    this.known = next;
    if (changed) this.deps.onChange(this.snapshot());
  }

  private snapshot(): AuthStatus {
    const p = this.deps.activeProfile();
    const authMode = p.kind === 'demo' ? 'demo' : p.authMode;
    const user = this.known?.profileId === p.id ? this.known.user : null;
    const attempt = this.pending?.attempt;
    return {
      profileId: p.id,
      profileName: p.name,
      authMode,
      user,
      signingIn: attempt !== undefined,
      signInStartedAt: attempt ? attempt.startedAt.toISOString() : null,
    };
  }
}

function info(u: { username: string; name?: string | null } | undefined): SignedInUserInfo | null {
  return u ? { username: u.username, name: u.name ?? null } : null;
}
