import { AppError } from '../../shared/contract/errors';

/**
 * Opens only the profile's own Entra sign-in page: an https URL on the authority's origin (Electron
 * checklist #15, never hand other input to shell.openExternal). MSAL builds the URL from the profile's
 * authority, so anything else means a misconfigured or tampered profile.
 */
export function signInPageOpener(
  authorityUrl: string | null,
  open: (url: string) => Promise<void>,
): (url: string) => Promise<void> {
  const allowed = authorityUrl ? new URL(authorityUrl).origin : null;
  return async (url) => {
    const target = URL.canParse(url) ? new URL(url) : null;
    if (!target || target.protocol !== 'https:' || target.origin !== allowed) {
      throw new AppError(
        'VALIDATION',
        `The sign-in page ${target ? target.origin : 'address'} is not on this profile's authority (${allowed ?? 'none'}).`,
        "Check the profile's authority URL in Settings.",
      );
    }
    await open(target.href);
  };
}
