import { Paper, SegmentedControl, Skeleton, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { Run } from '../../../../shared/contract/runs';
import { PageHeader } from '../../components/PageHeader';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatWhen } from '../../format/time';
import { ARCHIVE_STATUS_FILTERS, type ArchiveStatusFilter } from '../../stores/archive';
import { usePagePref, usePageStore } from '../../stores/context';
import type { Resource } from '../../stores/resource';
import { PAGE_META } from '../page-meta';

const FILTER_LABEL: Record<ArchiveStatusFilter, string> = {
  all: 'All',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const COLUMNS = ['Run', 'Workbook', 'Started by', 'Started', 'Finished', 'Status'];

export function ArchivePage() {
  const runs = usePageStore('archive', (s) => s.runs);
  const load = usePageStore('archive', (s) => s.load);
  const [filter, setFilter] = usePagePref('archive', 'status', 'all', ARCHIVE_STATUS_FILTERS);

  // The filter is remembered (ui-state) and applied by main, so paging and totals stay right.
  useEffect(() => {
    void load(filter);
  }, [load, filter]);

  return (
    <>
      <PageHeader
        title="Archive"
        description={PAGE_META.archive.description}
        actions={
          <SegmentedControl
            aria-label="Show runs with status"
            data-testid="archive-filter"
            value={filter}
            onChange={(v) => setFilter(v as ArchiveStatusFilter)}
            data={ARCHIVE_STATUS_FILTERS.map((f) => ({ value: f, label: FILTER_LABEL[f] }))}
          />
        }
      />
      <Paper p={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table stickyHeader>
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <ArchiveRows runs={runs} filter={filter} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {runs.status === 'ready' && runs.value.total > runs.value.runs.length && (
        <Text size="sm" c="dimmed" mt="sm">
          Showing the newest {runs.value.runs.length} of {runs.value.total} runs.
        </Text>
      )}
    </>
  );
}

// Table rows for each state: a table body may only hold rows, so loading and errors render as rows too.
function ArchiveRows({
  runs,
  filter,
}: {
  runs: Resource<{ runs: Run[]; total: number }>;
  filter: ArchiveStatusFilter;
}) {
  switch (runs.status) {
    case 'loading':
      return [0, 1, 2].map((i) => (
        <Table.Tr key={i}>
          <Table.Td colSpan={COLUMNS.length}>
            <Skeleton height={20} />
          </Table.Td>
        </Table.Tr>
      ));
    case 'error':
      return <EmptyRow text={runs.error.message} detail={runs.error.hint ?? 'Try again in a moment.'} />;
    case 'unavailable':
      return <EmptyRow text="No runs recorded yet" detail={runs.reason} />;
    case 'ready':
      if (runs.value.runs.length > 0)
        return runs.value.runs.map((run) => <RunRow key={run.runId} run={run} />);
      return (
        <EmptyRow
          text={filter === 'all' ? 'No runs recorded yet' : `No ${FILTER_LABEL[filter].toLowerCase()} runs`}
        />
      );
  }
}

function EmptyRow({ text, detail }: { text: string; detail?: string }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={COLUMNS.length} py={48}>
        <Text ta="center" fw={500} data-testid="archive-empty">
          {text}
        </Text>
        <Text ta="center" size="sm" c="dimmed" mt={4}>
          {detail ??
            'Every pipeline run is recorded here with its outcome, for everyone using this database.'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function RunRow({ run }: { run: Run }) {
  return (
    <Table.Tr data-testid="archive-run">
      <Table.Td ff="monospace" title={run.runId}>
        {run.runId.slice(0, 8)}
      </Table.Td>
      <Table.Td>{run.inputName}</Table.Td>
      <Table.Td>{run.requestedBy}</Table.Td>
      <Table.Td>{formatWhen(run.startedAt ?? run.createdAt)}</Table.Td>
      <Table.Td>{run.finishedAt ? formatWhen(run.finishedAt) : '—'}</Table.Td>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
    </Table.Tr>
  );
}
