import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { ResourceView } from '../../components/ResourceView';
import { formatWhen } from '../../format/time';
import type { RestoreHistoryView } from '../../stores/archive';
import type { Resource } from '../../stores/resource';
import { shortId } from './archive-format';

/** Every "make run X current again", newest first, from run_restores (append-only). */
export function RestoreHistoryPanel({
  history,
  onOpenRun,
  onRetry,
}: {
  history: Resource<RestoreHistoryView>;
  onOpenRun(runId: string): void;
  onRetry(): void;
}) {
  const runLink = (runId: string) => (
    <Anchor component="button" ff="monospace" fz="sm" onClick={() => onOpenRun(runId)}>
      {shortId(runId)}
    </Anchor>
  );
  return (
    <Paper p="md" mt="lg" data-testid="archive-restore-history">
      <Title order={2} size="h4" mb="sm">
        Restore history
      </Title>
      <ResourceView
        resource={history}
        rows={2}
        onRetry={onRetry}
        unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
      >
        {({ restores }) =>
          restores.length === 0 ? (
            <Text size="sm" c="dimmed">
              No results have been restored yet. Open a completed run and choose “Restore as current” to make
              its results the current ones again.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Run made current</Table.Th>
                    <Table.Th>Replaced</Table.Th>
                    <Table.Th>By</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {restores.map((r) => (
                    <Table.Tr key={r.id} data-testid="archive-restore-row">
                      <Table.Td>{formatWhen(r.restoredAt)}</Table.Td>
                      <Table.Td>{runLink(r.runId)}</Table.Td>
                      <Table.Td>{r.previousRunId ? runLink(r.previousRunId) : '—'}</Table.Td>
                      <Table.Td>
                        {r.restoredBy} ({r.host})
                      </Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </ResourceView>
    </Paper>
  );
}
