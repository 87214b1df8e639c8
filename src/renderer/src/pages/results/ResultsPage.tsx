import { Alert, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { Kpis } from '../../../../shared/artifacts';
import type { Results } from '../../../../shared/contract/runs';
import { LazyChart } from '../../components/charts/LazyChart';
import { OpenBundleButton } from '../../components/bundles/OpenBundleButton';
import { PageHeader } from '../../components/PageHeader';
import { usePageStore } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { ArtifactsPanel } from './ArtifactsPanel';
import { BundleOpenStatus } from './BundleOpenStatus';
import { ChartCard } from './ChartCard';
import { DataGrid } from './grid/DataGrid';
import { KpiCards } from './KpiCards';
import {
  revenueByCategoryChart,
  revenueByMonthChart,
  revenueByRegionChart,
  topProductsChart,
} from './results-chart-option';
import { RestoredNote } from './RestoredNote';
import { SourceBadge } from './SourceBadge';
import { ViewingBanner } from './ViewingBanner';

export function ResultsPage() {
  const current = usePageStore('results', (s) => s.current);
  const load = usePageStore('results', (s) => s.load);
  const viewing = usePageStore('results', (s) => s.viewing);
  const offline = usePageStore('results', (s) => s.offline);
  const showCurrent = usePageStore('results', (s) => s.showCurrent);

  useEffect(() => {
    void load();
  }, [load]);

  const header = (
    <PageHeader
      title="Results"
      description={
        viewing ? 'KPIs and cleaned sales data of the run named below.' : PAGE_META.results.description
      }
      actions={<OpenBundleButton />}
    />
  );
  if (viewing) {
    return (
      <>
        {header}
        <BundleOpenStatus />
        <ViewingBanner viewing={viewing} onBack={() => void showCurrent()} />
        {offline.status === 'ready' && offline.summary.kpis ? (
          <ResultsView results={null} kpis={offline.summary.kpis} />
        ) : offline.status === 'ready' ? (
          <Paper p="lg" data-testid="results-viewed-no-kpis">
            <Text>
              Run {viewing.runId} ended {offline.summary.metadata.status} and wrote no KPIs, so there is
              nothing to chart. Its files are listed in Settings → Offline copies.
            </Text>
          </Paper>
        ) : offline.status === 'error' ? (
          <ViewedRunError />
        ) : (
          <ViewedRunLoading runId={viewing.runId} />
        )}
      </>
    );
  }

  return (
    <>
      {header}
      <BundleOpenStatus />
      {current.status === 'error' && (
        <Alert color="red" title="The results could not be read" mb="lg" data-testid="results-error">
          <Text size="sm">{current.error.message}</Text>
          {current.error.hint && (
            <Text size="xs" c="dimmed">
              {current.error.hint}
            </Text>
          )}
          <Button size="xs" mt="sm" variant="light" onClick={() => void load()}>
            Try again
          </Button>
        </Alert>
      )}
      {current.status === 'ready' && current.value.kpis ? (
        <ResultsView results={current.value} kpis={current.value.kpis} />
      ) : (
        <EmptyResults loadingNow={current.status === 'loading'} />
      )}
    </>
  );
}

/** `results` null: a viewed run (its KPIs come from its offline copy, not from results.current). */
function ResultsView({ results, kpis }: { results: Results | null; kpis: Kpis }) {
  const previous = usePageStore('results', (s) => s.previous);
  const restored = usePageStore('results', (s) => (s.viewing === null ? s.restored : null));
  const offline = usePageStore('results', (s) => s.offline);
  const readOnly = usePageStore('results', (s) => s.viewing?.kind === 'bundle');
  const repair = usePageStore('results', (s) => s.repairOfflineCopy);
  const charts = useMemo(
    () => ({
      month: revenueByMonthChart(kpis),
      region: revenueByRegionChart(kpis),
      category: revenueByCategoryChart(kpis),
      products: topProductsChart(kpis),
    }),
    [kpis],
  );
  const period =
    kpis.first_order_date && kpis.last_order_date
      ? `Orders ${kpis.first_order_date} – ${kpis.last_order_date}`
      : null;

  return (
    <Stack gap={0}>
      <Group gap="sm" mb="md" wrap="wrap">
        {results && <SourceBadge results={results} />}
        <Text size="sm" c="dimmed" data-testid="results-run">
          Run <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{kpis.run_id}</span>
          {period && ` · ${period}`}
        </Text>
        {restored && restored.runId === kpis.run_id && <RestoredNote restore={restored} />}
      </Group>
      <KpiCards kpis={kpis} previous={previous} />
      {offline.status === 'error' && (
        <Alert color="red" title="The run’s files cannot be shown" mb="lg" data-testid="artifact-damaged">
          <Text size="sm">{offline.error.message}</Text>
          {offline.error.hint && (
            <Text size="xs" c="dimmed">
              {offline.error.hint}
            </Text>
          )}
          {!readOnly && (
            <Button size="xs" mt="sm" variant="light" onClick={() => void repair()}>
              Remove the offline copy and download it again
            </Button>
          )}
        </Alert>
      )}
      <ChartCard chart={charts.month} />
      <Grid gap="md" mt="md">
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <ChartCard chart={charts.region} height={260} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <ChartCard chart={charts.category} height={260} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <ChartCard chart={charts.products} height={260} />
        </Grid.Col>
      </Grid>
      <Grid gap="md" mt="md">
        <Grid.Col span={{ base: 12, xl: 9 }}>
          {offline.status === 'ready' ? (
            <DataGrid />
          ) : (
            <RowsPlaceholder downloading={offline.status !== 'error'} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }}>
          <ArtifactsPanel />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The viewed run cannot be shown: removed, damaged, or not downloadable now. */
function ViewedRunError() {
  const offline = usePageStore('results', (s) => s.offline);
  const viewing = usePageStore('results', (s) => s.viewing);
  const showCurrent = usePageStore('results', (s) => s.showCurrent);
  const retry = usePageStore('results', (s) => s.makeAvailableOffline);
  if (offline.status !== 'error') return null;
  const gone = offline.error.code === 'NOT_FOUND';
  return (
    <Alert
      color="red"
      title={gone ? 'This run is no longer on this computer' : 'This run cannot be shown'}
      data-testid="results-viewed-error"
    >
      <Text size="sm">{offline.error.message}</Text>
      {offline.error.hint && (
        <Text size="xs" c="dimmed">
          {offline.error.hint}
        </Text>
      )}
      <Group gap="sm" mt="sm">
        <Button size="xs" onClick={() => void showCurrent()}>
          Back to the current results
        </Button>
        {viewing?.kind !== 'bundle' && (
          <Button size="xs" variant="light" onClick={() => void retry()}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}

function ViewedRunLoading({ runId }: { runId: string }) {
  const offline = usePageStore('results', (s) => s.offline);
  const progress =
    offline.status === 'downloading' && offline.bytesTotal > 0
      ? ` (${Math.round((100 * offline.bytesDone) / offline.bytesTotal)} %)`
      : '';
  return (
    <Paper p="lg" data-testid="results-viewed-loading">
      <Text c="dimmed">
        Reading run {runId}
        {progress}… A run that is not on this computer yet is downloaded first.
      </Text>
    </Paper>
  );
}

function EmptyResults({ loadingNow }: { loadingNow: boolean }) {
  const option = useMemo(() => revenueByMonthChart(null).option, []);
  return (
    <Paper p="lg" data-testid="results-empty-state">
      <Title order={2} size="h4" mb="sm">
        Revenue by month
      </Title>
      <div className="chart-frame">
        <LazyChart option={option} height={320} ariaLabel="Revenue by month: no results yet" />
        <div className="chart-frame__overlay">
          <Stack gap={4} align="center">
            <Text c="dimmed" fw={500} size="lg" data-testid="results-empty">
              {loadingNow ? 'Reading the results…' : 'No results yet'}
            </Text>
            {!loadingNow && (
              <Text c="dimmed" size="sm" ta="center" maw={420}>
                KPIs, charts and the cleaned rows appear here after the first successful pipeline run. Start
                one from the Import page.
              </Text>
            )}
          </Stack>
        </div>
      </div>
    </Paper>
  );
}

/** Where the rows go until the run's files are in the offline cache (they are read from there). */
function RowsPlaceholder({ downloading }: { downloading: boolean }) {
  return (
    <Paper p="lg" data-testid="rows-placeholder">
      <Title order={2} size="h4" mb="sm">
        Cleaned rows
      </Title>
      <Text c="dimmed" size="sm">
        {downloading
          ? 'The run’s files are being copied to this computer; the rows appear when they are here.'
          : 'The rows cannot be shown until the offline copy is repaired (see above).'}
      </Text>
    </Paper>
  );
}
