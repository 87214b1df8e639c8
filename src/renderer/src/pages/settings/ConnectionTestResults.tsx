import { Alert, Group, Stack, Text } from '@mantine/core';
import type { ConnectionPart, ConnectionTest } from '../../../../shared/contract/diagnostics';
import { IconAlert } from '../../components/icons/icons';
import type { Resource } from '../../stores/resource';
import { StatusIcon } from '../diagnostics/status-icon';

const PART_LABEL: Record<ConnectionPart, string> = {
  token: 'Token',
  pipeline: 'Pipeline (Job Scheduler)',
  lakehouse: 'Lakehouse',
  database: 'Database',
  schema: 'Schema version',
};

/** One line per tested part: its mark, what was found or the error with its fix, and how long it took. */
export function ConnectionTestResults({ test, name }: { test: Resource<ConnectionTest>; name: string }) {
  if (test.status === 'loading') {
    return (
      <Text size="sm" c="dimmed" aria-live="polite">
        Testing {name}: token, pipeline, lakehouse, database and schema in parallel…
      </Text>
    );
  }
  if (test.status === 'error') {
    return (
      <Alert color="red" variant="light" title={test.error.message} icon={<IconAlert size={18} />}>
        {test.error.hint}
      </Alert>
    );
  }
  if (test.status === 'unavailable') return null;
  return (
    <Stack
      gap={6}
      data-testid={`connection-test-${test.value.profileId}`}
      aria-label={`Connection test of ${name}`}
    >
      {test.value.results.map((r) => (
        <Group
          key={r.part}
          align="flex-start"
          wrap="nowrap"
          gap="sm"
          data-testid={`part-${r.part}`}
          data-status={r.status}
        >
          <StatusIcon status={r.status} size={22} />
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600}>
                {PART_LABEL[r.part]}
              </Text>
              <Text size="xs" c="dimmed">
                {r.durationMs} ms
              </Text>
            </Group>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {r.message}
            </Text>
            {r.hint && (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {r.hint}
              </Text>
            )}
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
