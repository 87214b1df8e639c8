import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock } from '../../components/icons/icons';
import { formatAgo } from '../../format/time';
import { useAppStore } from '../../stores/context';

/** Who holds the run lock, for which run and since when, with the way to that run on Monitor. */
export function LockNotice() {
  const lock = useAppStore((s) => s.lock);
  const setPage = useAppStore((s) => s.setPage);
  if (lock.state !== 'held') return null;
  const since = new Date(lock.since);
  return (
    <Alert
      color={lock.lapsed ? 'yellow' : 'blue'}
      variant="light"
      icon={<IconLock size={18} />}
      title={lock.lapsed ? 'The run lock has lapsed' : 'A run is in progress'}
      mb="md"
      data-testid="import-lock"
    >
      <Group justify="space-between" align="center" wrap="nowrap">
        <Text size="sm">
          {lock.holder} holds the run lock for run <code>{lock.runId}</code> since{' '}
          <time dateTime={lock.since} title={since.toLocaleString()}>
            {formatAgo(lock.since)} ({since.toLocaleString()})
          </time>
          .{' '}
          {lock.lapsed
            ? 'Its holder stopped renewing it; starting a run takes it over.'
            : 'A new run can start when it ends.'}
        </Text>
        <Button size="xs" variant="default" onClick={() => setPage('monitor')}>
          Open the run on Monitor
        </Button>
      </Group>
    </Alert>
  );
}
