import { Button, EmptyState, Grid, Group, Paper, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { Run, RunEvent } from '../../../../shared/contract/runs';
import { IconImport, IconInbox, IconMonitor } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { LockIndicator } from '../../components/shell/LockIndicator';
import { formatAgo, formatWhen } from '../../format/time';
import { useAppStore, usePageStore } from '../../stores/context';
import { isTerminal } from '../../stores/run-status';
import { PAGE_META } from '../page-meta';

export function MonitorPage() {
  const latest = usePageStore('monitor', (s) => s.latest);
  const events = usePageStore('monitor', (s) => s.events);
  const load = usePageStore('monitor', (s) => s.load);
  const lock = useAppStore((s) => s.lock);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader title="Monitor" description={PAGE_META.monitor.description} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper p="lg" h="100%">
            <ResourceView resource={latest} unavailable={() => <NoRun />} onRetry={() => void load()}>
              {(run) => (run === null ? <NoRun /> : <RunCard run={run} />)}
            </ResourceView>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Paper p="lg">
              <Title order={2} size="h4" mb="sm">
                Run lock
              </Title>
              <LockIndicator status={lock} />
              <Text size="sm" c="dimmed" mt="sm">
                One run at a time: the lock is taken when a run starts and released when it ends, whoever
                started it.
              </Text>
            </Paper>
            <Paper p="lg">
              <Title order={2} size="h4" mb="sm">
                Recent activity
              </Title>
              <ResourceView resource={events} unavailable={() => <NoActivity />} rows={2}>
                {(list) => (list.length === 0 ? <NoActivity /> : <ActivityTimeline events={list} />)}
              </ResourceView>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function NoRun() {
  const setPage = useAppStore((s) => s.setPage);
  return (
    <>
      <Title order={2} size="h4" mb="md">
        Active run
      </Title>
      <EmptyState
        py="xl"
        variant="light"
        icon={<IconMonitor size={28} />}
        title="No run in progress"
        description="Start a run from the Import page: pick a workbook and run the pipeline. Its progress shows here."
      >
        <EmptyState.Actions>
          <Button variant="default" leftSection={<IconImport size={16} />} onClick={() => setPage('import')}>
            Go to Import
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </>
  );
}

function NoActivity() {
  return (
    <EmptyState
      size="sm"
      icon={<IconInbox size={22} />}
      title="No activity yet"
      description="Status changes of runs appear here as Fabric reports them."
    />
  );
}

function RunCard({ run }: { run: Run }) {
  const cancelling = usePageStore('monitor', (s) => s.cancelling);
  const cancel = usePageStore('monitor', (s) => s.cancel);
  const active = !isTerminal(run.status);

  const onCancel = async () => {
    const error = await cancel(run.runId);
    if (error)
      notifications.show({ color: 'red', title: error.message, message: error.hint ?? 'The run goes on.' });
  };

  return (
    <Stack gap="md" data-testid="monitor-run" data-status={run.status}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {active ? 'Active run' : 'Last run'}
          </Title>
          <Text size="sm" c="dimmed">
            {active ? 'Fabric is processing this run; the page follows it.' : 'No run is in progress.'}
          </Text>
        </Stack>
        <RunStatusBadge status={run.status} />
      </Group>
      <Table variant="vertical" layout="fixed">
        <Table.Tbody>
          <Row label="Workbook" value={run.inputName} />
          <Row label="Started by" value={`${run.requestedBy} (${run.requestedHost})`} />
          <Row
            label="Started"
            value={`${formatWhen(run.startedAt ?? run.createdAt)} (${formatAgo(run.startedAt ?? run.createdAt)})`}
          />
          {run.finishedAt && <Row label="Finished" value={formatWhen(run.finishedAt)} />}
          <Row label="Run id" value={run.runId} mono />
          {run.failure && <Row label="Failure" value={run.failure.message} />}
        </Table.Tbody>
      </Table>
      {active && (
        <Group>
          <Button variant="default" color="red" loading={cancelling} onClick={() => void onCancel()}>
            Cancel run
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Row({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th w={140}>{label}</Table.Th>
      <Table.Td ff={mono ? 'monospace' : undefined} style={{ wordBreak: 'break-all' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}

const MAX_EVENTS_SHOWN = 8;

function ActivityTimeline({ events }: { events: RunEvent[] }) {
  const recent = events.slice(-MAX_EVENTS_SHOWN).reverse();
  return (
    <Timeline bulletSize={12} lineWidth={2} active={0}>
      {recent.map((e) => (
        <Timeline.Item key={e.id} title={e.toStatus ? `${e.kind}: ${e.toStatus}` : e.kind}>
          {e.message && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {e.message}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatWhen(e.at)} · {e.actor}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
