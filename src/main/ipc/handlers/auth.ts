import type { AuthService } from '../../auth/auth-service';
import type { Handlers } from '../router';

type AuthChannel = 'auth.status' | 'auth.signIn' | 'auth.cancelSignIn' | 'auth.signOut';

export const authHandlers = (services: { auth: AuthService }): Pick<Handlers, AuthChannel> => ({
  'auth.status': async () => services.auth.status(),
  'auth.signIn': async () => services.auth.signIn(),
  'auth.cancelSignIn': async () => services.auth.cancelSignIn(),
  'auth.signOut': async () => services.auth.signOut(),
});
