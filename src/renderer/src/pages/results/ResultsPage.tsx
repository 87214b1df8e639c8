import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { Kpis } from '../../../../shared/artifacts';
import { LazyChart } from '../../components/charts/LazyChart';
import { PageHeader } from '../../components/PageHeader';
import { usePageStore } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { revenueByMonthOption } from './results-chart-option';

const money = (n: number | null) =>
  n === null ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: 2 });

const CARDS: { label: string; value: (k: Kpis) => string }[] = [
  { label: 'Total revenue', value: (k) => money(k.total_revenue) },
  { label: 'Orders', value: (k) => k.order_count.toLocaleString() },
  { label: 'Average order value', value: (k) => money(k.avg_order_value) },
  { label: 'Margin', value: (k) => (k.margin_pct === null ? '—' : `${k.margin_pct.toFixed(2)} %`) },
];

export function ResultsPage() {
  const current = usePageStore('results', (s) => s.current);
  const load = usePageStore('results', (s) => s.load);
  const kpis = current.status === 'ready' ? current.value.kpis : null;

  useEffect(() => {
    void load();
  }, [load]);
  const option = useMemo(() => revenueByMonthOption(kpis), [kpis]);

  return (
    <>
      <PageHeader title="Results" description={PAGE_META.results.description} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg" mb="lg">
        {CARDS.map((card) => (
          <Paper key={card.label} p="lg">
            <Text size="sm" c="dimmed" fw={500}>
              {card.label}
            </Text>
            <Text size="xl" fw={700} mt={4} c={kpis ? undefined : 'dimmed'}>
              {kpis ? card.value(kpis) : '—'}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Paper p="lg">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Revenue by month
          </Title>
          {kpis && (
            <Text size="sm" c="dimmed">
              Run {kpis.run_id}
            </Text>
          )}
        </Group>
        <div className="chart-frame">
          <LazyChart
            option={option}
            height={320}
            ariaLabel={kpis ? 'Revenue by month' : 'Revenue by month: no results yet'}
          />
          {!kpis && (
            <div className="chart-frame__overlay">
              <Text c="dimmed" fw={500} size="lg" data-testid="results-empty">
                No results yet
              </Text>
            </div>
          )}
        </div>
        <Text size="sm" c="dimmed" ta="center" mt="xs" data-testid="results-source">
          {current.status === 'ready' && current.value.source !== 'none'
            ? current.value.reason
            : current.status === 'error'
              ? current.error.message
              : 'KPIs and charts appear here after the first successful pipeline run.'}
        </Text>
      </Paper>
    </>
  );
}
