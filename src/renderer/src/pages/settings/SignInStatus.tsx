import { Alert, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { AuthStatus } from '../../../../shared/contract/auth';
import { IconAlert } from '../../components/icons/icons';
import { getPortal } from '../../portal';
import { invokeSafely } from '../../stores/invoke';
import { SignInWaiting } from './SignInWaiting';

/**
 * The active signed-in-user profile's sign-in: who is signed in, with Sign in / Sign out. The desktop app
 * opens Microsoft's page in the default browser itself; the browser preview opens it in a tab it creates
 * on the click (a tab opened later, from a pushed event, would be stopped by the popup blocker).
 */
export function SignInStatus() {
  const portal = getPortal();
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [busy, setBusy] = useState<'in' | 'out' | 'cancel' | null>(null);
  /** when this window's Sign in was clicked, until main's status says when the sign-in started */
  const [clickedAt, setClickedAt] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const tab = useRef<Window | null>(null);
  const signInButton = useRef<HTMLButtonElement>(null);
  /** after a cancel, keyboard focus goes back to Sign in (the Cancel button it was on is gone) */
  const [refocus, setRefocus] = useState(0);

  useEffect(() => {
    void invokeSafely(portal, 'auth.status', {}).then((r) => (r.ok ? setStatus(r.value) : setError(r.error)));
    const offChanged = portal.on('auth.changed', setStatus);
    const offOpen = portal.on('auth.openUrl', ({ url }) => {
      const t = tab.current;
      tab.current = null;
      if (t && !t.closed) t.location.href = url;
      else window.open(url, '_blank', 'noopener');
    });
    return () => {
      offChanged();
      offOpen();
    };
  }, [portal]);

  useEffect(() => {
    if (refocus > 0) signInButton.current?.focus();
  }, [refocus]);

  const signIn = async () => {
    setError(null);
    setBusy('in');
    setClickedAt(Date.now());
    if (portal.host === 'preview') {
      tab.current = window.open('', '_blank');
      if (tab.current) tab.current.opener = null;
    }
    const r = await invokeSafely(portal, 'auth.signIn', {});
    setBusy(null);
    setClickedAt(null);
    if (r.ok) setStatus(r.value);
    else {
      tab.current?.close();
      tab.current = null;
      // A cancel the analyst asked for is no failure: the row simply says Not signed in again.
      if (r.error.code !== 'CANCELLED') setError(r.error);
    }
  };

  const cancelSignIn = async () => {
    setError(null);
    setBusy('cancel');
    const r = await invokeSafely(portal, 'auth.cancelSignIn', {});
    // A tab still blank (the page's address never came) is ours to close; one showing Microsoft's page
    // no longer answers to this window once it left for another site, so the analyst closes that one.
    tab.current?.close();
    tab.current = null;
    setBusy(null);
    setClickedAt(null);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
    setRefocus((n) => n + 1);
  };

  const signOut = async () => {
    setError(null);
    setBusy('out');
    const r = await invokeSafely(portal, 'auth.signOut', {});
    setBusy(null);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  };

  const user = status?.user ?? null;
  const waiting = busy === 'in' || busy === 'cancel' || status?.signingIn === true;
  const startedAt = status?.signInStartedAt ? Date.parse(status.signInStartedAt) : clickedAt;
  return (
    <div data-testid="sign-in-status">
      {user ? (
        <Group gap="sm" justify="space-between" wrap="nowrap">
          <Text size="sm">
            Signed in as <b>{user.name ?? user.username}</b>
            {user.name ? ` (${user.username})` : ''}. Runs you start are recorded as {user.username}.
          </Text>
          <Button
            size="xs"
            variant="default"
            loading={busy === 'out'}
            onClick={() => void signOut()}
            style={{ flexShrink: 0 }}
          >
            Sign out
          </Button>
        </Group>
      ) : waiting ? (
        <SignInWaiting
          startedAt={startedAt}
          cancelling={busy === 'cancel'}
          onCancel={() => void cancelSignIn()}
        />
      ) : (
        <Group gap="sm" justify="space-between" wrap="nowrap">
          <Text size="sm" c="dimmed">
            Not signed in. Sign in with your work account to start runs and read results from Fabric; until
            then past runs and offline copies can still be viewed.
          </Text>
          <Button ref={signInButton} size="xs" onClick={() => void signIn()} style={{ flexShrink: 0 }}>
            Sign in
          </Button>
        </Group>
      )}
      {error && (
        <Alert
          mt="xs"
          color="red"
          variant="light"
          icon={<IconAlert size={18} />}
          title={`Sign-in failed: ${error.message}`}
          data-testid="sign-in-error"
        >
          <Text size="sm">
            {error.hint ??
              'Click Sign in again and finish signing in on the Microsoft page. If it keeps failing, check the tenant and client ID of this profile (Edit).'}
          </Text>
        </Alert>
      )}
    </div>
  );
}
