import { Box, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Run } from '../../../../shared/contract/runs';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatWhen } from '../../format/time';
import { formatDuration, runElapsedMs } from './duration';

/** The newest runs; picking one shows it on the page. */
export function RecentRuns({
  runs,
  shownRunId,
  onPick,
}: {
  runs: Run[];
  shownRunId: string | null;
  onPick: (runId: string) => void;
}) {
  if (runs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No runs yet.
      </Text>
    );
  }
  return (
    <Stack gap={4} role="list" aria-label="Recent runs" data-testid="monitor-recent">
      {runs.map((run) => {
        const current = run.runId === shownRunId;
        return (
          <UnstyledButton
            key={run.runId}
            role="listitem"
            onClick={() => onPick(run.runId)}
            aria-current={current ? 'true' : undefined}
            aria-label={`${run.inputName}, ${run.status}, requested ${formatWhen(run.createdAt)} by ${run.requestedBy}`}
            data-testid="monitor-recent-run"
            data-run-id={run.runId}
            p="xs"
            style={{
              borderRadius: 'var(--mantine-radius-sm)',
              background: current ? 'var(--mantine-color-default-hover)' : undefined,
              borderLeft: `3px solid ${current ? 'var(--mantine-primary-color-filled)' : 'transparent'}`,
            }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={current ? 600 : 500} truncate="end">
                {run.inputName}
              </Text>
              <Box style={{ flexShrink: 0 }}>
                <RunStatusBadge status={run.status} />
              </Box>
            </Group>
            <Text size="xs" c="dimmed" truncate="end">
              {formatWhen(run.createdAt)} · {run.requestedBy}
              {run.finishedAt ? ` · ${formatDuration(runElapsedMs(run, 0))}` : ''}
            </Text>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
