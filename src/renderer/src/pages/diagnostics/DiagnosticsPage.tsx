import { Badge, Button, CopyButton, Group, Kbd, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { PAGES } from '../../../../shared/contract/ui-values';
import { IconCopy, IconRefresh } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { STATUS_WORD } from '../../components/shell/HealthIndicators';
import { formatAgo } from '../../format/time';
import { currentPlatform, modifierLabel } from '../../keyboard/shortcut-label';
import { useAppStore } from '../../stores/context';
import { PAGE_META, pageShortcutDigit } from '../page-meta';

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

  const report = JSON.stringify(
    {
      info: info.status === 'ready' ? info.value : info,
      health: health.status === 'ready' ? health.value : health,
      userAgent: navigator.userAgent,
      at: new Date().toISOString(),
    },
    null,
    2,
  );

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
              loading={refreshing}
              onClick={() => void refreshHealth()}
            >
              Check again
            </Button>
            <CopyButton value={report}>
              {({ copied, copy }) => (
                <Button leftSection={<IconCopy size={16} />} onClick={copy}>
                  {copied ? 'Copied' : 'Copy diagnostics'}
                </Button>
              )}
            </CopyButton>
          </>
        }
      />
      <Stack gap="lg">
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
