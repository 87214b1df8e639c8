import { Alert, Stack, Text } from '@mantine/core';
import type { WaitingReason } from './waiting-reason';

/** Why the run waits and who follows it in Fabric. */
export function WaitingReasons({ reasons }: { reasons: WaitingReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="monitor-waiting" aria-live="polite">
      {reasons.map((r) => (
        <Alert
          key={r.key}
          color={r.tone === 'warning' ? 'yellow' : 'blue'}
          variant="light"
          p="sm"
          title={r.title}
          data-reason={r.key}
        >
          <Text size="sm">{r.detail}</Text>
        </Alert>
      ))}
    </Stack>
  );
}
