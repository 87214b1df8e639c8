import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ImportProfile } from '../../../../shared/artifacts';
import type { ImportContext } from '../../../../shared/contract/files';
import { formatWhen } from '../../format/time';
import { diffProfiles, isUnchanged } from './profile-diff';

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;
const signed = (n: number): string => (n > 0 ? `+${n.toLocaleString()}` : n.toLocaleString());

/** What changed against the input of the last successful run: columns, types, rows, rejections, rules. */
export function BaselineComparison({ profile, context }: { profile: ImportProfile; context: ImportContext }) {
  const base = context.baseline;
  if (!base) {
    return (
      <Text size="sm" c="dimmed" data-testid="baseline-none">
        Nothing to compare with: {context.baselineNote ?? 'no run has completed yet.'}
      </Text>
    );
  }
  const d = diffProfiles(profile, base.profile);
  return (
    <Stack gap="md" data-testid="baseline-comparison">
      <Text size="sm" c="dimmed">
        Compared with <b>{base.inputName}</b>, the input of the last successful run{' '}
        <code>{base.runId.slice(0, 8)}</code>
        {base.finishedAt ? ` (finished ${formatWhen(base.finishedAt)})` : ''}.
      </Text>
      {isUnchanged(d) && (
        <Text size="sm" c="green" data-testid="baseline-unchanged">
          Same columns, same row count and the same rule results as the last successful run.
        </Text>
      )}
      <Table data-testid="baseline-table" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">Last successful run</Table.Th>
            <Table.Th ta="right">This workbook</Table.Th>
            <Table.Th ta="right">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr data-testid="baseline-rows">
            <Table.Td>Rows</Table.Td>
            <Table.Td ta="right">{d.rows.before.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{d.rows.after.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{signed(d.rows.after - d.rows.before)}</Table.Td>
          </Table.Tr>
          <Table.Tr data-testid="baseline-rejection">
            <Table.Td>Rejection rate</Table.Td>
            <Table.Td ta="right">{pct(d.rejectionRate.before)}</Table.Td>
            <Table.Td ta="right">{pct(d.rejectionRate.after)}</Table.Td>
            <Table.Td
              ta="right"
              c={
                d.rejectionRate.after > d.rejectionRate.before
                  ? 'red'
                  : d.rejectionRate.after < d.rejectionRate.before
                    ? 'green'
                    : undefined
              }
            >
              {`${d.rejectionRate.after >= d.rejectionRate.before ? '+' : ''}${((d.rejectionRate.after - d.rejectionRate.before) * 100).toFixed(1)} pt`}
            </Table.Td>
          </Table.Tr>
          {d.rules.map((r) => (
            <Table.Tr key={r.id} data-testid="baseline-rule">
              <Table.Td>{r.description}</Table.Td>
              <Table.Td ta="right">{r.before.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{r.after.toLocaleString()}</Table.Td>
              <Table.Td ta="right" c={r.after > r.before ? 'red' : 'green'}>
                {signed(r.after - r.before)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ColumnChanges label="Columns added" names={d.columnsAdded} color="blue" testId="baseline-added" />
      <ColumnChanges label="Columns missing" names={d.columnsMissing} color="red" testId="baseline-missing" />
      {d.typeChanges.length > 0 && (
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Type changed:
          </Text>
          {d.typeChanges.map((t) => (
            <Badge key={t.column} variant="light" color="orange">
              {t.column}: {t.before} → {t.after}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

function ColumnChanges({
  label,
  names,
  color,
  testId,
}: {
  label: string;
  names: string[];
  color: string;
  testId: string;
}) {
  if (names.length === 0) return null;
  return (
    <Group gap="xs" data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}:
      </Text>
      {names.map((n) => (
        <Badge key={n} variant="light" color={color}>
          {n}
        </Badge>
      ))}
    </Group>
  );
}
