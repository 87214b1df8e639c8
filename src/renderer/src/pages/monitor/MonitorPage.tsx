import { Button, EmptyState, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { IconImport, IconMonitor } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { LockIndicator } from '../../components/shell/LockIndicator';
import { formatWhen } from '../../format/time';
import { useAppStore, usePageStore } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { EventLog } from './EventLog';
import { NotifyButton } from './NotifyButton';
import { RecentRuns } from './RecentRuns';
import { RunOverview } from './RunOverview';

export function MonitorPage() {
  const latest = usePageStore('monitor', (s) => s.latest);
  const events = usePageStore('monitor', (s) => s.events);
  const recent = usePageStore('monitor', (s) => s.recent);
  const pinnedRunId = usePageStore('monitor', (s) => s.pinnedRunId);
  const load = usePageStore('monitor', (s) => s.load);
  const showRun = usePageStore('monitor', (s) => s.showRun);
  const shownRunId = latest.status === 'ready' ? (latest.value?.runId ?? null) : null;
  const eventList = events.status === 'ready' ? events.value : null;

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader
        title="Monitor"
        description={PAGE_META.monitor.description}
        actions={
          <>
            {pinnedRunId !== null && (
              <Button variant="default" onClick={() => showRun(null)} data-testid="monitor-follow-newest">
                Follow the newest run
              </Button>
            )}
            <NotifyButton />
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Paper p="lg">
              <ResourceView
                resource={latest}
                unavailable={() => <NoRun />}
                onRetry={() => void load()}
                rows={5}
              >
                {(run) =>
                  run === null ? (
                    <NoRun />
                  ) : (
                    <RunOverview run={run} events={eventList} pinned={pinnedRunId !== null} />
                  )
                }
              </ResourceView>
            </Paper>
            {shownRunId !== null && (
              <Paper p="lg" component="section" aria-labelledby="monitor-events-title">
                <Title order={2} size="h4" mb="sm" id="monitor-events-title">
                  Event log
                </Title>
                <ResourceView resource={events} unavailable={() => null} onRetry={() => void load()} rows={4}>
                  {(list) => <EventLog events={list} />}
                </ResourceView>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Paper p="lg" component="section" aria-labelledby="monitor-lock-title">
              <Title order={2} size="h4" mb="sm" id="monitor-lock-title">
                Run lock
              </Title>
              <LockPanel />
            </Paper>
            <Paper p="lg" component="section" aria-labelledby="monitor-recent-title">
              <Title order={2} size="h4" mb="sm" id="monitor-recent-title">
                Recent runs
              </Title>
              <ResourceView resource={recent} unavailable={() => null} onRetry={() => void load()} rows={3}>
                {(runs) => <RecentRuns runs={runs} shownRunId={shownRunId} onPick={(id) => showRun(id)} />}
              </ResourceView>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function LockPanel() {
  const lock = useAppStore((s) => s.lock);
  const reading = usePageStore('monitor', (s) => s.lock);
  const monitor = reading?.monitor ?? null;
  return (
    <>
      <LockIndicator status={lock} />
      <Text size="sm" c="dimmed" mt="sm">
        One run at a time: the lock is taken when a run starts and released when it ends, whoever started it.
      </Text>
      {monitor && (
        <Text size="sm" mt="xs" data-testid="monitor-lease">
          Fabric is polled for the active run by <b>{monitor.holderLabel}</b> (lease until{' '}
          {formatWhen(monitor.leaseUntil)}).
        </Text>
      )}
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
        title="No run yet"
        description="Start a run from the Import page: pick a workbook and run the pipeline. Its progress shows here by itself, step by step."
        data-testid="monitor-empty"
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
