import { Badge } from '@mantine/core';
import type { RunStatusValue } from '../../../shared/contract/runs';

const LOOK: Record<RunStatusValue, { label: string; color: string }> = {
  requested: { label: 'Requested', color: 'gray' },
  triggering: { label: 'Starting', color: 'blue' },
  NotStarted: { label: 'Queued in Fabric', color: 'blue' },
  InProgress: { label: 'In progress', color: 'blue' },
  Completed: { label: 'Completed', color: 'green' },
  Failed: { label: 'Failed', color: 'red' },
  Cancelled: { label: 'Cancelled', color: 'gray' },
  Deduped: { label: 'Skipped (duplicate)', color: 'gray' },
  Lost: { label: 'Lost', color: 'orange' },
};

/** A run's status in words people use, coloured by outcome. */
export function RunStatusBadge({ status }: { status: RunStatusValue }) {
  const { label, color } = LOOK[status];
  return (
    <Badge variant="light" color={color} tt="none" size="md" data-status={status}>
      {label}
    </Badge>
  );
}
