import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { DiagnosticCheck } from '../../../../shared/contract/diagnostics';
import { IconLockOpen } from '../../components/icons/icons';
import { ForceReleaseModal } from './ForceReleaseModal';
import { StatusIcon } from './status-icon';

/** One row per check: status mark, what was found, what to fix, and the action that fixes it when there is one. */
export function CheckList({ checks }: { checks: DiagnosticCheck[] }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Checks">
      {checks.map((c) => (
        <CheckRow key={c.id} check={c} />
      ))}
    </Stack>
  );
}

function CheckRow({ check }: { check: DiagnosticCheck }) {
  const [releasing, setReleasing] = useState(false);
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      data-testid={`check-${check.id}`}
      data-status={check.status}
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <StatusIcon status={check.status} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600}>{check.title}</Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {check.durationMs} ms
            </Text>
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {check.message}
          </Text>
          {check.hint && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              <Text span fw={600} inherit>
                Fix:{' '}
              </Text>
              {check.hint}
            </Text>
          )}
          {check.action === 'forceRelease' && (
            <Group mt="xs">
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconLockOpen size={14} />}
                onClick={() => setReleasing(true)}
              >
                Force release…
              </Button>
            </Group>
          )}
        </Stack>
      </Group>
      {check.action === 'forceRelease' && (
        <ForceReleaseModal opened={releasing} onClose={() => setReleasing(false)} detail={check.message} />
      )}
    </Paper>
  );
}
