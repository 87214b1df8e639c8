import { Table, Text } from '@mantine/core';
import type { InspectPreview } from '../../../../shared/contract/files';

/** The first rows as the pipeline reads them (dates as YYYY-MM-DD, text trimmed), compact and scrollable. */
export function RowsTable({ preview }: { preview: InspectPreview }) {
  if (preview.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        The sheet has a header but no data rows.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer
      minWidth={Math.max(640, preview.columns.length * 120)}
      maxHeight={360}
      type="native"
    >
      <Table stickyHeader striped fz="xs" verticalSpacing={4} horizontalSpacing="xs" data-testid="rows-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">Row</Table.Th>
            {preview.columns.map((c, i) => (
              <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                {c.name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((r) => (
            <Table.Tr key={r.row}>
              <Table.Td ta="right" c="dimmed">
                {r.row}
              </Table.Td>
              {r.values.map((v, i) => (
                <Table.Td
                  key={i}
                  ta={typeof v === 'number' ? 'right' : undefined}
                  c={v === null ? 'dimmed' : undefined}
                  style={{
                    whiteSpace: 'nowrap',
                    maxWidth: 240,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                  }}
                >
                  {v === null ? '—' : String(v)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
