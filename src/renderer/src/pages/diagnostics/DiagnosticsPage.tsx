import { Badge, Button, CopyButton, Group, Kbd, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { PAGES } from '../../../../shared/contract/ui-values';
import { IconCopy, IconRefresh } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { STATUS_WORD } from '../../components/shell/HealthIndicators';
import { formatAgo } from '../../format/time';
import { currentPlatform, modifierLabel } from '../../keyboard/shortcut-label';
import { useAppStore, usePageStore } from '../../stores/context';
import { PAGE_META, pageShortcutDigit } from '../page-meta';
import { CheckList } from './CheckList';
import { checkSummary } from './check-summary';
import { STATUS_COLOR } from './status-icon';

const PART_LABEL = {
  fabric: 'Fabric',
  onelake: 'OneLake',
  database: 'Database',
  keychain: 'Keychain',
} as const;
const STATUS_BADGE = { ok: 'green', degraded: 'yellow', down: 'red', unknown: 'gray' } as const;

export function DiagnosticsPage() {
  const info = useAppStore((s) => s.info);
  const health = useAppStore((s) => s.health);
  const refreshing = useAppStore((s) => s.healthRefreshing);
  const refreshHealth = useAppStore((s) => s.refreshHealth);
  const loadInfo = useAppStore((s) => s.loadInfo);

  const checks = usePageStore('diagnostics', (s) => s.checks);
  const running = usePageStore('diagnostics', (s) => s.running);
  const runChecks = usePageStore('diagnostics', (s) => s.run);
  const watch = usePageStore('diagnostics', (s) => s.watch);

  // The checks run by themselves when the page opens and again when the lock or the profiles change.
  useEffect(() => {
    void runChecks();
    return watch();
  }, [runChecks, watch]);

  const report = checks.status === 'ready' ? checks.value.report : '';
  const recheck = (): void => {
    void runChecks();
    void refreshHealth();
  };

  return (
    <>
      <PageHeader
        title="Diagnostics"
        description={PAGE_META.diagnostics.description}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              loading={running || refreshing}
              onClick={recheck}
            >
              Run checks again
            </Button>
            <CopyButton value={report}>
              {({ copied, copy }) => (
                <Button leftSection={<IconCopy size={16} />} onClick={copy} disabled={report === ''}>
                  {copied ? 'Report copied' : 'Copy report'}
                </Button>
              )}
            </CopyButton>
          </>
        }
      />
      <Stack gap="lg">
        <Paper p="lg" aria-busy={running}>
          <ResourceView
            resource={checks}
            unavailable={(r) => <Text c="dimmed">{r}</Text>}
            onRetry={() => void runChecks()}
            rows={6}
          >
            {(r) => {
              const summary = checkSummary(r.checks);
              return (
                <Stack gap="md">
                  <Group justify="space-between" align="baseline">
                    <Title order={2} size="h4">
                      Troubleshooting checks
                    </Title>
                    <Group gap="xs">
                      <Badge color={STATUS_COLOR[summary.worst]} variant="light" tt="none" size="lg">
                        {summary.text}
                      </Badge>
                      <Text size="xs" c="dimmed" aria-live="polite">
                        {running ? 'Checking…' : `Checked ${formatAgo(r.ranAt)}`}
                      </Text>
                    </Group>
                  </Group>
                  <CheckList checks={r.checks} />
                </Stack>
              );
            }}
          </ResourceView>
        </Paper>

        <Paper p="lg">
          <Title order={2} size="h4" mb="md">
            Connection health
          </Title>
          <ResourceView
            resource={health}
            unavailable={(r) => <Text c="dimmed">{r}</Text>}
            onRetry={() => void refreshHealth()}
            rows={4}
          >
            {(h) => (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={140}>Service</Table.Th>
                    <Table.Th w={170}>Status</Table.Th>
                    <Table.Th>Details</Table.Th>
                    <Table.Th w={140}>Checked</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(Object.keys(PART_LABEL) as (keyof typeof PART_LABEL)[]).map((key) => (
                    <Table.Tr key={key}>
                      <Table.Td fw={500}>{PART_LABEL[key]}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS_BADGE[h[key].status]} tt="none" size="md">
                          {STATUS_WORD[h[key].status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{h[key].message}</Table.Td>
                      <Table.Td c="dimmed">
                        {h[key].checkedAt ? formatAgo(h[key].checkedAt) : 'never'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </ResourceView>
        </Paper>

        <Group align="stretch" grow wrap="wrap" gap="lg">
          <Paper p="lg" miw={320}>
            <Title order={2} size="h4" mb="md">
              About this portal
            </Title>
            <ResourceView
              resource={info}
              unavailable={(r) => <Text c="dimmed">{r}</Text>}
              onRetry={() => void loadInfo()}
              rows={4}
            >
              {(i) => (
                <Table variant="vertical" layout="fixed">
                  <Table.Tbody>
                    <Row label="Version" value={i.version} />
                    <Row
                      label="Running as"
                      value={i.host === 'electron' ? 'Desktop app' : 'Browser preview'}
                    />
                    <Row label="Platform" value={i.platform} />
                    <Row label="Data folder" value={i.dataDir} mono />
                  </Table.Tbody>
                </Table>
              )}
            </ResourceView>
          </Paper>
          <Paper p="lg" miw={320}>
            <Title order={2} size="h4" mb="md">
              Keyboard shortcuts
            </Title>
            <ShortcutTable />
          </Paper>
        </Group>
      </Stack>
    </>
  );
}

function Row({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th w={140}>{label}</Table.Th>
      <Table.Td ff={mono ? 'monospace' : undefined} style={{ wordBreak: 'break-all' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}

function ShortcutTable() {
  const mod = modifierLabel(currentPlatform());
  return (
    <Table variant="vertical" layout="fixed">
      <Table.Tbody>
        {PAGES.map((p) => (
          <Table.Tr key={p}>
            <Table.Th w={140}>
              <Kbd>{mod}</Kbd> + <Kbd>{pageShortcutDigit(p)}</Kbd>
            </Table.Th>
            <Table.Td>Open {PAGE_META[p].label}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
