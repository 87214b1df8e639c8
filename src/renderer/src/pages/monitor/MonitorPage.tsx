import { Button, EmptyState, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { IconImport, IconInbox, IconMonitor } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { UnavailableNote } from '../../components/UnavailableNote';
import { LockIndicator } from '../../components/shell/LockIndicator';
import { formatWhen } from '../../format/time';
import { useAppStore, usePageStore } from '../../stores/context';
import type { ActiveRunSummary } from '../../stores/monitor';
import { PAGE_META } from '../page-meta';

export function MonitorPage() {
  const activeRun = usePageStore('monitor', (s) => s.activeRun);
  const lock = useAppStore((s) => s.lock);

  return (
    <>
      <PageHeader title="Monitor" description={PAGE_META.monitor.description} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper p="lg" h="100%">
            <Title order={2} size="h4" mb="md">
              Active run
            </Title>
            <ResourceView resource={activeRun} unavailable={(reason) => <NoActiveRun reason={reason} />}>
              {(run) => (run === null ? <NoActiveRun /> : <ActiveRun run={run} />)}
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
              <EmptyState
                size="sm"
                icon={<IconInbox size={22} />}
                title="No activity yet"
                description="Status changes of runs appear here as Fabric reports them."
              />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function NoActiveRun({ reason }: { reason?: string }) {
  const setPage = useAppStore((s) => s.setPage);
  return (
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
      {reason !== undefined && <UnavailableNote reason={reason} />}
    </EmptyState>
  );
}

function ActiveRun({ run }: { run: ActiveRunSummary }) {
  return (
    <Stack gap={4}>
      <Text fw={600}>{run.inputFile}</Text>
      <Text size="sm">Status: {run.status}</Text>
      <Text size="sm" c="dimmed">
        Run {run.runId}, started by {run.requestedBy} at {formatWhen(run.startedAt)}
      </Text>
    </Stack>
  );
}
