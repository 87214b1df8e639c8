import { Alert, Badge, Group, List, Progress, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ImportProfile } from '../../../../shared/artifacts';
import { IconAlert } from '../../components/icons/icons';

const pct = (n: number, of: number): string => (of === 0 ? '0%' : `${((n / of) * 100).toFixed(1)}%`);

/** Rows read, kept and rejected, and every contract rule with its count, severity and example rows. */
export function ValidationReport({ profile }: { profile: ImportProfile }) {
  const broken = profile.rules.filter((r) => r.count > 0);
  return (
    <Stack gap="md" data-testid="validation-report">
      {profile.missing_required.length > 0 && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlert size={18} />}
          title="Required columns are missing"
        >
          {profile.missing_required.join(', ')} — add them to row 1 of the sheet (names are matched ignoring
          case, spaces, - and _).
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Rows read" value={profile.rows_in.toLocaleString()} testId="kpi-rows-in" />
        <Figure
          label="Valid rows"
          value={profile.rows_valid.toLocaleString()}
          sub={pct(profile.rows_valid, profile.rows_in)}
          testId="kpi-rows-valid"
        />
        <Figure
          label="Rejected rows"
          value={profile.rows_rejected.toLocaleString()}
          sub={pct(profile.rows_rejected, profile.rows_in)}
          color={profile.rows_rejected > 0 ? 'red' : undefined}
          testId="kpi-rows-rejected"
        />
        <Figure
          label="Duplicates removed"
          value={profile.duplicates_removed.toLocaleString()}
          testId="kpi-duplicates"
        />
      </SimpleGrid>
      <RowShares profile={profile} />
      <Table data-testid="rules-table" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th>Example rows</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profile.rules.map((r) => (
            <Table.Tr key={r.id} data-testid="rule-row" data-rule={r.id} data-count={r.count}>
              <Table.Td>
                <Text size="sm">{r.description}</Text>
              </Table.Td>
              <Table.Td>
                {/* never truncated to "WARNI…" when the rule text takes the room */}
                <Badge
                  variant="light"
                  color={r.severity === 'error' ? 'red' : 'yellow'}
                  style={{ minWidth: 'max-content' }}
                >
                  {r.severity}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={r.count > 0 ? 600 : undefined} c={r.count === 0 ? 'dimmed' : undefined}>
                  {r.count.toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {r.example_rows.length === 0 ? '—' : r.example_rows.join(', ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {broken.length === 0 && profile.missing_required.length === 0 && (
        <Text size="sm" c="green" data-testid="rules-clean">
          Every row passes every rule.
        </Text>
      )}
      {profile.warnings.length > 0 && (
        <List size="sm" spacing={2}>
          {profile.warnings.map((w) => (
            <List.Item key={w}>{w}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** One bar: the share of rows kept, rejected and removed as duplicates. */
function RowShares({ profile }: { profile: ImportProfile }) {
  const total = profile.rows_in;
  if (total === 0) return null;
  const parts = [
    { label: 'valid', n: profile.rows_valid, color: 'teal' },
    { label: 'rejected', n: profile.rows_rejected, color: 'red' },
    { label: 'duplicates removed', n: profile.duplicates_removed, color: 'gray' },
  ].filter((p) => p.n > 0);
  return (
    <Progress.Root size={14} data-testid="row-shares">
      {parts.map((p) => (
        <Tooltip key={p.label} label={`${p.n.toLocaleString()} ${p.label} (${pct(p.n, total)})`}>
          <Progress.Section
            value={(p.n / total) * 100}
            color={p.color}
            aria-label={`${p.label}: ${pct(p.n, total)}`}
          />
        </Tooltip>
      ))}
    </Progress.Root>
  );
}

function Figure({
  label,
  value,
  sub,
  color,
  testId,
}: {
  label: string;
  value: string;
  sub?: string;
  color?: string;
  testId: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap={6} align="baseline">
        <Text size="xl" fw={700} c={color} data-testid={testId}>
          {value}
        </Text>
        {sub !== undefined && (
          <Text size="xs" c="dimmed">
            {sub}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
