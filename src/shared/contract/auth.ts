import { z } from 'zod';
import { channel, event, noInput } from './define';

// Signing in to Microsoft Fabric as the analyst (profiles with authMode 'signed-in-user'). Main runs the
// MSAL interactive flow; the renderer only shows who is signed in and, in the browser preview, opens the
// sign-in page it is told to (auth.openUrl), because main cannot open a browser tab there itself.

export const SignedInUserSchema = z.object({
  /** the account's user principal name, recorded as requested_by on runs */
  username: z.string(),
  /** the display name; null when Entra ID did not send one */
  name: z.string().nullable(),
});
export type SignedInUserInfo = z.infer<typeof SignedInUserSchema>;

export const AuthStatusSchema = z.object({
  profileId: z.string(),
  profileName: z.string(),
  authMode: z.enum(['demo', 'client-credentials', 'signed-in-user']),
  /** the signed-in analyst; null when nobody is signed in or the profile does not sign users in */
  user: SignedInUserSchema.nullable(),
  /** true while the sign-in page is open and the app waits for it */
  signingIn: z.boolean(),
  /** when the pending sign-in started (ISO time), for the elapsed time shown while waiting; null otherwise */
  signInStartedAt: z.iso.datetime().nullable(),
});
export type AuthStatus = z.infer<typeof AuthStatusSchema>;

export const authChannels = {
  'auth.status': channel('Who is signed in to Fabric for the active profile', noInput, AuthStatusSchema),
  'auth.signIn': channel(
    'Open the Microsoft sign-in page and wait until the analyst has signed in (or it fails)',
    noInput,
    AuthStatusSchema,
  ),
  'auth.cancelSignIn': channel(
    'Stop waiting for the Microsoft sign-in page (closed or abandoned tab): the pending auth.signIn fails with CANCELLED and the loopback listener is closed before this answers',
    noInput,
    AuthStatusSchema,
  ),
  'auth.signOut': channel(
    "Sign the analyst out and forget the profile's saved sign-in (keychain entry)",
    noInput,
    AuthStatusSchema,
  ),
};

export const authEvents = {
  'auth.changed': event('Someone signed in or out, or a sign-in started or ended', AuthStatusSchema),
  'auth.openUrl': event(
    'The browser preview must open this Microsoft sign-in page (the desktop app opens it itself)',
    z.object({ url: z.url({ protocol: /^https$/ }) }),
  ),
};
