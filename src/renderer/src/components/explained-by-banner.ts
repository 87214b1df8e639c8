import type { AppErrorData } from '../../../shared/contract/errors';
import type { Connectivity } from '../../../shared/contract/connectivity';

/**
 * The banner above every page already says the app is offline or signed out, and why: an error with the
 * same cause is then a quiet note under it, not a second red alarm with the same words.
 */
export function explainedByBanner(error: AppErrorData, status: Connectivity | null): string | null {
  if (!status || status.online) return null;
  if (
    status.cause === 'credentials' &&
    (error.code === 'FABRIC_AUTH' || error.code === 'KEYCHAIN_UNAVAILABLE')
  )
    return 'Not available while signed out';
  if (error.code === 'OFFLINE' || error.code === 'DB_UNAVAILABLE') return 'Not available offline';
  return null;
}
