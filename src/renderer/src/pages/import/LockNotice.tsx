import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock } from '../../components/icons/icons';
import { formatAgo } from '../../format/time';
import { useAppStore, useStores } from '../../stores/context';
import { useNow } from '../monitor/use-now';

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who holds the run lock, for which run and since when, with the way to that run on Monitor. */
export function LockNotice() {
  const lock = useAppStore((s) => s.lock);
  const setPage = useAppStore((s) => s.setPage);
  const stores = useStores();
  // "since 3 min ago" keeps counting while the notice is shown.
  const now = useNow(lock.state === 'held', 0, 30_000);
  if (lock.state !== 'held') return null;
  // toLockStatus says "unknown run" when the lock names none: then Monitor shows the newest run.
  const runId = RUN_ID.test(lock.runId) ? lock.runId : null;
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
            {formatAgo(lock.since, new Date(now))} ({since.toLocaleString()})
          </time>
          .{' '}
          {lock.lapsed
            ? 'Its holder stopped renewing it; starting a run takes it over.'
            : 'A new run can start when it ends.'}
        </Text>
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            // That run, not whichever run Monitor was showing (it may have been pinned to another).
            stores.monitor.getState().showRun(runId);
            setPage('monitor');
          }}
          data-testid="import-lock-open-run"
          style={{ flexShrink: 0 }}
        >
          Open the run on Monitor
        </Button>
      </Group>
    </Alert>
  );
}
