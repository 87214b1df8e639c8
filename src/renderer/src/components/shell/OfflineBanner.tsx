import { Alert, Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatTime } from '../../stores/connectivity';
import { useAppStore, useStores } from '../../stores/context';
import { IconRefresh } from '../icons/icons';
import { useConnectivity } from './use-connectivity';

/** Seconds until the next reconnect attempt, ticking once a second while the banner shows. */
function useSecondsUntil(iso: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [iso]);
  if (!iso) return null;
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1_000));
}

/**
 * Shown above every page while the database cannot be reached: the pages then show the run history saved
 * at the last sync, and actions that need the network are disabled. It goes away by itself on reconnect.
 */
export function OfflineBanner() {
  const status = useConnectivity();
  const { connectivity } = useStores();
  const setPage = useAppStore((a) => a.setPage);
  const [retrying, setRetrying] = useState(false);
  const seconds = useSecondsUntil(status?.online === false ? status.nextAttemptAt : null);
  if (!status || status.online) return null;

  const retry = async (): Promise<void> => {
    setRetrying(true);
    try {
      await connectivity.getState().retry();
    } finally {
      setRetrying(false);
    }
  };

  // Credentials only Settings can mend (a client secret missing or refused by Entra): say "signed out" and lead
  // there; the app reconnects by itself as soon as the secret is stored.
  const signedOut = status.cause === 'credentials';
  const history = status.lastSyncAt ? `at the last sync, ${formatTime(status.lastSyncAt)}` : 'while online';

  return (
    <Alert
      color="orange"
      variant="light"
      mb="md"
      role="status"
      aria-live="polite"
      title={signedOut ? 'Signed out' : `Offline${status.since ? ` since ${formatTime(status.since)}` : ''}`}
      data-testid="offline-banner"
      data-cause={status.cause ?? 'unreachable'}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ flex: '1 1 420px' }}>
          {signedOut && (
            <Text size="sm" fw={500} mb={4} data-testid="signed-out-reason">
              {status.reason ?? 'The profile has no credentials.'} Open Settings → Profiles to store the right
              ones; the app reconnects as soon as they are stored.
            </Text>
          )}
          <Text size="sm">
            Showing the run history saved {history}. Runs made available offline open as usual; starting,
            cancelling and restoring runs wait until the app {signedOut ? 'is signed in' : 'reconnects'}.
          </Text>
          {!signedOut && status.reason && (
            <Text size="xs" c="dimmed" mt={4}>
              Reason: {status.reason}
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="nowrap">
          {seconds !== null && (
            <Text size="xs" c="dimmed" aria-live="off">
              Next attempt in {seconds} s
            </Text>
          )}
          {signedOut && (
            <Button size="xs" onClick={() => setPage('settings')}>
              Open Settings
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={retrying}
            onClick={() => void retry()}
          >
            Reconnect now
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
