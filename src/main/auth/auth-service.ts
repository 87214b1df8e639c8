import { AppError } from '../../shared/contract/errors';
import type { AuthStatus, SignedInUserInfo } from '../../shared/contract/auth';
import type { Profile } from '../../shared/contract/settings';
import {
  isUserTokenProvider,
  type SignedInUser,
  type TokenProvider,
  type UserTokenProvider,
} from '../fabric';

export interface AuthServiceDeps {
  activeProfile: () => Profile;
  /** the active profile's token provider (the run backend's Fabric clients) */
  tokens: () => Promise<TokenProvider>;
  /** removes the profile's saved MSAL cache (keychain entry) */
  forgetSavedSignIn: (profileId: string) => Promise<void>;
  onChange: (status: AuthStatus) => void;
  /** how long a sign-in page may stay open before the app gives up waiting (default 4 minutes, within the renderer's 5-minute call timeout) */
  signInTimeoutMs?: number;
}

/**
 * Who is signed in to Fabric for the active profile. The MSAL flow itself lives in the profile's token
 * provider (src/main/fabric/auth/user-provider.ts); this service asks it, remembers the answer for the run
 * identity (requested_by) and tells the renderer when it changes.
 */
export class AuthService {
  private known: { profileId: string; user: SignedInUserInfo | null } | null = null;
  private pending = 0;

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
    this.pending++;
    this.deps.onChange(this.snapshot());
    const timeoutMs = this.deps.signInTimeoutMs ?? 4 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const user = await Promise.race([
        provider.signIn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new AppError(
                  'FABRIC_AUTH',
                  `The sign-in page did not come back within ${Math.round(timeoutMs / 60_000)} minutes.`,
                  'If you closed the sign-in tab, click Sign in again and finish signing in there.',
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
      this.remember(profileId, user);
    } finally {
      clearTimeout(timer);
      this.pending--;
      this.deps.onChange(this.snapshot());
    }
    return this.snapshot();
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
    return { profileId: p.id, profileName: p.name, authMode, user, signingIn: this.pending > 0 };
  }
}

function info(u: { username: string; name?: string | null } | undefined): SignedInUserInfo | null {
  return u ? { username: u.username, name: u.name ?? null } : null;
}
