import {
  Alert,
  Group,
  List,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMemo } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import { LazyChart } from '../../components/charts/LazyChart';
import { ResourceView } from '../../components/ResourceView';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatWhen } from '../../format/time';
import type { Resource } from '../../stores/resource';
import { compareKpis, differenceReasons, KPI_FIELDS, type KpiKey } from './archive-compare';
import { formatDelta, formatKpi, shortId } from './archive-format';
import { deltaColor } from './RestoreDialog';
import { trendOption } from './trend-chart-option';

const TREND_KEYS: KpiKey[] = ['total_revenue', 'order_count', 'units_sold', 'rows_rejected'];

export interface CompareModalProps {
  compare: Resource<RunDetail[]> | null;
  trendKey: KpiKey;
  onTrendKey(key: KpiKey): void;
  onClose(): void;
  onRetry(): void;
  onOpenRun(runId: string): void;
}

/** Two or more runs side by side: KPI differences against the oldest, why they differ, and a trend. */
export function CompareModal({
  compare,
  trendKey,
  onTrendKey,
  onClose,
  onRetry,
  onOpenRun,
}: CompareModalProps) {
  return (
    <Modal
      opened={compare !== null}
      onClose={onClose}
      title={
        <Title order={2} size="h4">
          Compare runs
        </Title>
      }
      size="min(1200px, 95vw)"
      data-testid="archive-compare"
    >
      {compare && (
        <ResourceView
          resource={compare}
          rows={6}
          onRetry={onRetry}
          unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
        >
          {(details) => (
            <CompareBody
              details={details}
              trendKey={trendKey}
              onTrendKey={onTrendKey}
              onOpenRun={onOpenRun}
            />
          )}
        </ResourceView>
      )}
    </Modal>
  );
}

function CompareBody({
  details,
  trendKey,
  onTrendKey,
  onOpenRun,
}: {
  details: RunDetail[];
  trendKey: KpiKey;
  onTrendKey(key: KpiKey): void;
  onOpenRun(runId: string): void;
}) {
  const rows = useMemo(() => compareKpis(details.map((d) => d.results.kpis)), [details]);
  const reasons = useMemo(() => differenceReasons(details), [details]);
  const field = KPI_FIELDS.find((f) => f.key === trendKey) ?? KPI_FIELDS[0]!;
  const option = useMemo(() => trendOption(details, field.key, field.label, field.format), [details, field]);

  return (
    <Stack gap="lg">
      <Table.ScrollContainer minWidth={200 + details.length * 180}>
        <Table verticalSpacing={6} data-testid="archive-compare-table" withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>KPI</Table.Th>
              {details.map((d, i) => (
                <Table.Th key={d.run.runId} ta="right">
                  <Stack gap={2} align="flex-end">
                    <UnstyledButton
                      ff="monospace"
                      fz="sm"
                      td="underline"
                      c="var(--mantine-primary-color-filled)"
                      onClick={() => onOpenRun(d.run.runId)}
                      aria-label={`Details of run ${shortId(d.run.runId)}`}
                    >
                      {shortId(d.run.runId)}
                    </UnstyledButton>
                    <Text size="xs" c="dimmed" fw={400}>
                      {formatWhen(d.run.createdAt)}
                      {i === 0 ? ' · base' : ''}
                    </Text>
                    <RunStatusBadge status={d.run.status} />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key} data-kpi={r.key} data-differs={r.differs}>
                <Table.Td fw={r.differs ? 600 : 400}>{r.label}</Table.Td>
                {r.values.map((v, i) => (
                  <Table.Td key={i} ta="right">
                    <Text size="sm" data-value>
                      {formatKpi(v, r.format)}
                    </Text>
                    {i > 0 && (
                      <Text size="xs" c={deltaColor(r.deltas[i]?.abs, r.better)} data-delta>
                        {formatDelta(r.deltas[i] ?? null, r.format)}
                      </Text>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h5" mb="xs">
          Why they differ
        </Title>
        {reasons.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="archive-compare-same">
            Same workbook content (sha256), same parameters and the same rejection counts: the runs had the
            same inputs.
          </Text>
        ) : (
          <List size="sm" spacing={4} data-testid="archive-compare-reasons">
            {reasons.map((r, i) => (
              <List.Item key={i}>{r.text}</List.Item>
            ))}
          </List>
        )}
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">
            Trend across the runs
          </Title>
          <SegmentedControl
            size="xs"
            aria-label="KPI shown in the trend"
            value={field.key}
            onChange={(v) => onTrendKey(v as KpiKey)}
            data={TREND_KEYS.map((k) => ({
              value: k,
              label: KPI_FIELDS.find((f) => f.key === k)?.label ?? k,
            }))}
          />
        </Group>
        {details.every((d) => !d.results.kpis) ? (
          <Alert variant="light" color="gray">
            None of these runs has KPIs to chart.
          </Alert>
        ) : (
          <LazyChart
            option={option}
            height={260}
            ariaLabel={`${field.label} across runs ${details.map((d) => shortId(d.run.runId)).join(', ')}`}
            onItemClick={(index) => {
              const run = details[index];
              if (run) onOpenRun(run.run.runId);
            }}
          />
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Click a point to open that run (or use the run ids above the table).
        </Text>
      </Paper>
    </Stack>
  );
}
