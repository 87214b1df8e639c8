import { Group, Paper, SegmentedControl, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { LazyChart } from '../../components/charts/LazyChart';
import type { ResultsChart } from './results-chart-option';

/** One chart of the results, switchable to the same numbers as a table. */
export function ChartCard({ chart, height = 300 }: { chart: ResultsChart; height?: number }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const titleId = `results-chart-${chart.id}`;
  return (
    <Paper p="lg" data-testid={`chart-card-${chart.id}`} aria-labelledby={titleId} component="section">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id={titleId}>
          {chart.title}
        </Title>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(v) => setView(v === 'table' ? 'table' : 'chart')}
          aria-label={`Show ${chart.title.toLowerCase()} as`}
          data={[
            { value: 'chart', label: 'Chart' },
            { value: 'table', label: 'Table' },
          ]}
        />
      </Group>
      {view === 'chart' ? (
        <LazyChart option={chart.option} height={height} ariaLabel={chart.description} />
      ) : (
        <div style={{ maxHeight: height, overflowY: 'auto' }}>
          <Table striped stickyHeader aria-labelledby={titleId} data-testid={`chart-table-${chart.id}`}>
            <Table.Thead>
              <Table.Tr>
                {chart.table.columns.map((c, i) => (
                  <Table.Th key={c} ta={i === 0 ? 'left' : 'right'}>
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chart.table.rows.map((row) => (
                <Table.Tr key={String(row[0])}>
                  {row.map((v, i) => (
                    <Table.Td key={i} ta={i === 0 ? 'left' : 'right'} ff={i === 0 ? undefined : 'monospace'}>
                      {v}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Paper>
  );
}
