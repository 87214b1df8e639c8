import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { formatAgo, formatWhen } from '../../format/time';
import type { LockStatus } from '../../stores/lock-status';
import { IconLock, IconLockOpen } from '../icons/icons';

/** The run lock: free, held (by whom, for which run, since when) or unknown until run tracking reports. */
export function LockIndicator({ status }: { status: LockStatus }) {
  const { text, tip, color } = describe(status);
  return (
    <Tooltip label={tip}>
      <Badge
        data-testid="run-lock"
        data-state={status.state}
        tabIndex={0}
        size="lg"
        variant="light"
        color={color}
        tt="none"
        leftSection={status.state === 'held' ? <IconLock size={14} /> : <IconLockOpen size={14} />}
      >
        {text}
        {/* The tooltip's details, also for screen readers, which do not see the tooltip. */}
        <VisuallyHidden>. {tip}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}

function describe(status: LockStatus): { text: string; tip: string; color: string } {
  switch (status.state) {
    case 'unknown':
      return {
        text: 'Lock: unknown',
        tip: status.reason ?? 'The run lock is not reported yet: run tracking is not connected.',
        color: 'gray',
      };
    case 'free':
      return { text: 'Lock: free', tip: 'No run is in progress; anyone may start one.', color: 'green' };
    case 'held':
      return status.lapsed
        ? {
            text: `Lock: lapsed (${status.holder})`,
            tip: `${status.holder} took the lock for run ${status.runId} at ${formatWhen(status.since)} but stopped renewing it. The next run started takes it over.`,
            color: 'yellow',
          }
        : {
            text: `Lock: ${status.holder}`,
            tip: `Held by ${status.holder} for run ${status.runId} since ${formatWhen(status.since)} (${formatAgo(status.since)}). Other runs wait until it ends.`,
            color: 'orange',
          };
  }
}
