import { Badge, Checkbox, Group, Skeleton, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { Run } from '../../../../shared/contract/runs';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatWhen } from '../../format/time';
import type { Resource } from '../../stores/resource';
import { shortId } from './archive-format';
import type { ArchiveQuery, ArchiveSortField } from './archive-query';

interface Column {
  label: string;
  sort?: ArchiveSortField;
}

const COLUMNS: Column[] = [
  { label: 'Run' },
  { label: 'Workbook', sort: 'inputName' },
  { label: 'Started by', sort: 'requestedBy' },
  { label: 'Requested', sort: 'createdAt' },
  { label: 'Finished', sort: 'finishedAt' },
  { label: 'Status', sort: 'status' },
];
const SPAN = COLUMNS.length + 1;

export interface RunTableProps {
  runs: Resource<{ runs: Run[]; total: number }>;
  query: ArchiveQuery;
  emptyText: string;
  emptyDetail?: string;
  selected: string[];
  selectable: boolean;
  currentRunId: string | null;
  restoredIds: ReadonlySet<string>;
  openRunId: string | null;
  onSort(field: ArchiveSortField): void;
  onToggle(runId: string): void;
  onOpen(runId: string): void;
}

/** The run history: sortable headers, a tick box per row for comparing, the run id opens the details. */
export function RunTable(props: RunTableProps) {
  const { query, onSort } = props;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table stickyHeader highlightOnHover verticalSpacing="xs" data-testid="archive-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <VisuallyHidden>Compare</VisuallyHidden>
            </Table.Th>
            {COLUMNS.map((c) => {
              const active = c.sort !== undefined && query.sort === c.sort;
              const ariaSort = active ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <Table.Th key={c.label} aria-sort={ariaSort}>
                  {c.sort ? (
                    <UnstyledButton
                      onClick={() => c.sort && onSort(c.sort)}
                      fw={600}
                      fz="sm"
                      aria-label={`Sort by ${c.label.toLowerCase()}`}
                      data-testid={`archive-sort-${c.sort}`}
                    >
                      {c.label}
                      <Text component="span" c={active ? undefined : 'dimmed'} ml={4} aria-hidden="true">
                        {active ? (query.direction === 'asc' ? '▲' : '▼') : '↕'}
                      </Text>
                    </UnstyledButton>
                  ) : (
                    c.label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Rows {...props} />
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

// A table body may only hold rows, so loading and errors render as rows too.
function Rows(props: RunTableProps) {
  const { runs } = props;
  switch (runs.status) {
    case 'loading':
      return [0, 1, 2, 3, 4].map((i) => (
        <Table.Tr key={i} aria-busy="true">
          <Table.Td colSpan={SPAN}>
            <Skeleton height={22} />
          </Table.Td>
        </Table.Tr>
      ));
    case 'error':
      return <EmptyRow text={runs.error.message} detail={runs.error.hint ?? 'Try again in a moment.'} />;
    case 'unavailable':
      return <EmptyRow text="No runs recorded yet" detail={runs.reason} />;
    case 'ready':
      if (runs.value.runs.length === 0) {
        return (
          <EmptyRow text={props.emptyText} {...(props.emptyDetail ? { detail: props.emptyDetail } : {})} />
        );
      }
      return runs.value.runs.map((run) => <RunRow key={run.runId} run={run} {...props} />);
  }
}

function EmptyRow({ text, detail }: { text: string; detail?: string }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={SPAN} py={48}>
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

function RunRow({ run, ...p }: RunTableProps & { run: Run }) {
  const checked = p.selected.includes(run.runId);
  const isCurrent = p.currentRunId === run.runId;
  return (
    <Table.Tr
      data-testid="archive-run"
      data-run-id={run.runId}
      bg={p.openRunId === run.runId ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Table.Td>
        <Checkbox
          aria-label={`Compare run ${shortId(run.runId)}`}
          checked={checked}
          disabled={!checked && !p.selectable}
          onChange={() => p.onToggle(run.runId)}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <UnstyledButton
            ff="monospace"
            fz="sm"
            c="var(--mantine-primary-color-filled)"
            td="underline"
            title={run.runId}
            aria-label={`Details of run ${shortId(run.runId)}`}
            onClick={() => p.onOpen(run.runId)}
            data-testid="archive-open-run"
          >
            {shortId(run.runId)}
          </UnstyledButton>
          {isCurrent && (
            <Badge size="xs" color="teal" variant="filled" data-testid="archive-current-badge">
              Current
            </Badge>
          )}
          {p.restoredIds.has(run.runId) && (
            <Badge size="xs" color="grape" variant="light" data-testid="archive-restored-badge">
              Restored
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{run.inputName}</Table.Td>
      <Table.Td>{run.requestedBy}</Table.Td>
      <Table.Td>{formatWhen(run.createdAt)}</Table.Td>
      <Table.Td>{run.finishedAt ? formatWhen(run.finishedAt) : '—'}</Table.Td>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
    </Table.Tr>
  );
}
