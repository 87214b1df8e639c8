import {
  Badge,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { ColorScheme } from '../../../../shared/contract/ui-values';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { useAppStore } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { ConnectionProfiles } from './ConnectionProfiles';
import { KeychainStatusCard } from './KeychainStatusCard';
import { OfflineCopies } from './OfflineCopies';

/** One card of the page: a heading, an optional line under it, and its content. */
function SettingsSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper p="lg">
      <Title order={2} size="h4" mb={description ? 'xs' : 'md'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}

export function SettingsPage() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const info = useAppStore((s) => s.info);

  return (
    <>
      <PageHeader title="Settings" description={PAGE_META.settings.description} />
      <Stack gap="lg" maw={1100}>
        <SettingsSection
          title="Appearance"
          description="The portal remembers your choice. System follows your operating system's setting."
        >
          <SegmentedControl
            aria-label="Colour scheme"
            value={colorScheme}
            onChange={(v) => setColorScheme(v as ColorScheme)}
            data={[
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
              { value: 'auto', label: 'System' },
            ]}
          />
        </SettingsSection>

        <SettingsSection title="Active profile">
          <ResourceView resource={info} unavailable={(reason) => <Text c="dimmed">{reason}</Text>} rows={2}>
            {(i) => (
              <Table variant="vertical" layout="fixed" withTableBorder={false}>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={180}>Profile</Table.Th>
                    <Table.Td>
                      <Group gap="xs">
                        <Text fw={500}>{i.activeProfile.name}</Text>
                        <Badge
                          variant="light"
                          tt="none"
                          color={i.activeProfile.kind === 'demo' ? 'grape' : 'fabric'}
                        >
                          {i.activeProfile.kind === 'demo'
                            ? 'Built-in emulator, offline'
                            : 'Microsoft Fabric'}
                        </Badge>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Data folder</Table.Th>
                    <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {i.dataDir}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            )}
          </ResourceView>
        </SettingsSection>

        <SettingsSection title="Connection profiles">
          <ConnectionProfiles />
        </SettingsSection>

        <SettingsSection title="Secret storage">
          <KeychainStatusCard />
        </SettingsSection>

        <SettingsSection title="Offline copies">
          <OfflineCopies />
        </SettingsSection>
      </Stack>
    </>
  );
}
