import { Text } from '@mantine/core';

/** Says why an action is disabled, right under it, instead of in a tooltip a disabled button cannot show. */
export function UnavailableNote({ reason }: { reason: string }) {
  return (
    <Text size="xs" c="dimmed" ta="center" data-testid="unavailable-note">
      {reason}
    </Text>
  );
}
