import { Badge, Grid, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { Run, RunEvent } from '../../../../shared/contract/runs';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatAgo, formatWhen } from '../../format/time';
import { useAppStore, usePageStore } from '../../stores/context';
import { isTerminal } from '../../stores/run-status';
import { CancelRunButton } from './CancelRunButton';
import { runElapsedMs } from './duration';
import { ElapsedBar } from './ElapsedBar';
import { FailureAlert } from './FailureAlert';
import { StatusTimeline } from './StatusTimeline';
import { useNow } from './use-now';
import { waitingReasons } from './waiting-reason';
import { WaitingReasons } from './WaitingReasons';

const END_COLOR: Partial<Record<Run['status'], string>> = {
  Completed: 'teal',
  Failed: 'red',
  Lost: 'orange',
  Cancelled: 'gray',
  Deduped: 'gray',
};

/** The shown run: status, elapsed time against past runs, why it waits, how it failed, its details and steps. */
export function RunOverview({
  run,
  events,
  pinned,
}: {
  run: Run;
  /** null while the run's events load: the timeline waits for them rather than guess skipped steps */
  events: RunEvent[] | null;
  pinned: boolean;
}) {
  const stats = usePageStore('monitor', (s) => s.stats);
  const lock = usePageStore('monitor', (s) => s.lock);
  const offset = usePageStore('monitor', (s) => s.clockOffsetMs);
  const health = useAppStore((s) => s.health);
  const active = !isTerminal(run.status);
  const now = useNow(active, offset);
  const fabric = health.status === 'ready' ? health.value.fabric : null;
  const reasons = waitingReasons(run, lock, fabric, now);
  const heading = active ? 'Active run' : pinned ? 'Run' : 'Last run';
  const params = Object.entries(run.parameters);

  return (
    <Stack gap="md" data-testid="monitor-run" data-status={run.status} data-run-id={run.runId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Title order={2} size="h4">
            {heading}: {run.inputName}
          </Title>
          <Text size="sm" c="dimmed">
            {active
              ? 'Followed live: every status Fabric reports appears here by itself.'
              : `Ended ${formatAgo(run.finishedAt ?? run.statusChangedAt, new Date(now))}.`}
          </Text>
        </Stack>
        <RunStatusBadge status={run.status} />
      </Group>
      <ElapsedBar
        elapsedMs={runElapsedMs(run, now)}
        stats={stats.status === 'ready' ? stats.value : null}
        active={active}
        endColor={END_COLOR[run.status]}
      />
      <FailureAlert run={run} />
      <WaitingReasons reasons={reasons} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Table variant="vertical" layout="fixed" fz="sm" data-testid="monitor-run-details">
            <Table.Tbody>
              <Row label="Workbook" value={run.inputPath} />
              <Row label="Requested by" value={`${run.requestedBy} on ${run.requestedHost}`} />
              <Row
                label="Requested"
                value={`${formatWhen(run.createdAt)} (${formatAgo(run.createdAt, new Date(now))})`}
              />
              {run.finishedAt && <Row label="Ended" value={formatWhen(run.finishedAt)} />}
              <Table.Tr>
                <Table.Th w={130}>Parameters</Table.Th>
                <Table.Td>
                  {params.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      None besides the input
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {params.map(([k, v]) => (
                        <Badge key={k} variant="outline" tt="none" radius="sm" color="gray">
                          {k} = {v}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
              <Row label="Run id" value={run.runId} mono />
              <Row label="Fabric job" value={run.jobInstanceId ?? 'not assigned yet'} mono />
            </Table.Tbody>
          </Table>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {events === null ? (
            <Stack gap="sm" aria-busy="true" aria-label="Loading the status timeline">
              {[0, 1, 2, 3, 4].map((i) => (
                <Skeleton key={i} height={34} radius="sm" />
              ))}
            </Stack>
          ) : (
            <StatusTimeline run={run} events={events} nowMs={now} />
          )}
        </Grid.Col>
      </Grid>
      <CancelRunButton run={run} events={events ?? []} />
    </Stack>
  );
}

function Row({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th w={130}>{label}</Table.Th>
      <Table.Td ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}
