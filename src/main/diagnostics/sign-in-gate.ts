import { AppError } from '../../shared/contract/errors';
import type { Profile } from '../../shared/contract/settings';
import { isUserTokenProvider } from '../fabric';
import type { ConnectionTarget } from './connection-target';
import type { CheckOutcome } from './timed-check';

export interface MissingSignIn {
  /** the token line: a clear failure of that one part */
  token: CheckOutcome;
  /** every other part that needs a token: not tried, and why */
  needsToken: CheckOutcome;
}

/**
 * A signed-in-user profile is tested with its saved sign-in only (never a sign-in page). When nobody is
 * signed in for it, the token part says so and the parts that need a token are not tried, rather than each
 * failing with the same sentence. Null when a token may be asked for (or opening the clients failed: the
 * probes report that themselves).
 */
export async function missingSignIn(
  profile: Profile,
  target: ConnectionTarget,
  isActive: boolean,
): Promise<MissingSignIn | null> {
  if (profile.kind !== 'fabric' || profile.authMode !== 'signed-in-user') return null;
  const tokens = await target
    .fabric()
    .then((f) => f.tokens)
    .catch(() => null);
  if (!tokens || !isUserTokenProvider(tokens)) return null;
  if (await tokens.currentUser().catch(() => undefined)) return null;
  return {
    token: {
      status: 'error',
      message: 'Not signed in: use Sign in above.',
      hint: isActive
        ? "Click Sign in in this profile's row, finish signing in on the Microsoft page, then test again."
        : 'Make this profile active (Use) to show its Sign in button, sign in, then test again.',
    },
    needsToken: {
      status: 'skipped',
      message: 'Not tried: it needs a token, and nobody is signed in for this profile.',
    },
  };
}

/** The sign-in a test runs without: a page must never open from a connection test or diagnostics. */
export async function refuseSignInPage(): Promise<never> {
  throw new AppError(
    'FABRIC_AUTH',
    'Not signed in: a connection test never opens the Microsoft sign-in page.',
    'Sign in from Settings first.',
  );
}
