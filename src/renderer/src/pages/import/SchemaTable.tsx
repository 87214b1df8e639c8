import { Badge, Progress, Table, Text, VisuallyHidden } from '@mantine/core';
import type { ImportProfile } from '../../../../shared/artifacts';
import type { InspectPreview } from '../../../../shared/contract/files';

/** Header, contract mapping, inferred type and empty cells of every column (types once every row was read). */
export function SchemaTable({
  preview,
  profile,
}: {
  preview: InspectPreview | null;
  profile: ImportProfile | null;
}) {
  const rowsIn = profile?.rows_in ?? 0;
  const columns = profile
    ? profile.columns
    : (preview?.columns ?? []).map((c) => ({ ...c, inferred_type: null, null_count: null }));
  return (
    <Table.ScrollContainer minWidth={640} maxHeight={360} type="native">
      <Table stickyHeader data-testid="schema-table" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th>Maps to</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Empty cells</Table.Th>
            <Table.Th w={140}>
              <VisuallyHidden>Share of empty cells</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map((c) => {
            const share = c.null_count === null || rowsIn === 0 ? null : c.null_count / rowsIn;
            return (
              <Table.Tr key={`${c.name}-${c.canonical ?? ''}`} data-testid="schema-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.canonical === null ? (
                    <Text size="sm" c="dimmed">
                      extra column
                    </Text>
                  ) : (
                    <Text size="sm" ff="monospace">
                      {c.canonical}
                      {c.required && (
                        <Badge ml={6} size="xs" variant="light">
                          required
                        </Badge>
                      )}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.inferred_type === null ? (
                    <Text size="sm" c="dimmed">
                      reading…
                    </Text>
                  ) : (
                    <Badge
                      variant="outline"
                      color={
                        c.inferred_type === 'mixed' ? 'orange' : c.inferred_type === 'empty' ? 'gray' : 'blue'
                      }
                    >
                      {c.inferred_type}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{c.null_count === null ? '–' : c.null_count.toLocaleString()}</Text>
                </Table.Td>
                <Table.Td>
                  {share !== null && (
                    <Progress
                      value={share * 100}
                      color={c.required && share > 0 ? 'red' : 'gray'}
                      size="sm"
                      aria-label={`${c.name}: ${(share * 100).toFixed(1)}% empty`}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
