import { Button, Group, Loader, Text } from '@mantine/core';
import { useNow } from '../monitor/use-now';
import { formatWait } from './sign-in-wait';

/**
 * The pending sign-in: how long the app has waited for Microsoft's page, and Cancel sign-in for a tab that
 * was closed or abandoned (otherwise only the 4-minute give-up would end the wait).
 */
export function SignInWaiting({
  startedAt,
  cancelling,
  onCancel,
}: {
  /** epoch ms the sign-in started (main's time when known, else the click; null: just now) */
  startedAt: number | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const now = useNow(true);
  return (
    <Group gap="sm" justify="space-between" wrap="nowrap" data-testid="sign-in-waiting">
      <Group gap="xs" wrap="nowrap">
        <Loader size="xs" aria-hidden />
        <Text size="sm">
          {/* Only the sentence is announced; the clock ticking every second would be read out each time. */}
          <span role="status">Waiting for the Microsoft sign-in page…</span>{' '}
          <span data-testid="sign-in-elapsed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatWait(startedAt === null ? 0 : now - startedAt)}
          </span>
        </Text>
      </Group>
      <Button size="xs" variant="default" loading={cancelling} onClick={onCancel} style={{ flexShrink: 0 }}>
        Cancel sign-in
      </Button>
    </Group>
  );
}
