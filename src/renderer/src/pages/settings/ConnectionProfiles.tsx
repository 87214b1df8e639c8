import { Alert, Badge, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { Profile, ProfilesList } from '../../../../shared/contract/settings';
import { IconAlert } from '../../components/icons/icons';
import { ResourceView } from '../../components/ResourceView';
import { usePageStore } from '../../stores/context';

/** Every profile, which one is active, and a way to switch; editing Fabric profiles comes with its form. */
export function ConnectionProfiles() {
  const profiles = usePageStore('settings', (s) => s.profiles);
  const loadProfiles = usePageStore('settings', (s) => s.loadProfiles);

  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);

  return (
    <ResourceView
      resource={profiles}
      unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
      onRetry={() => void loadProfiles()}
      rows={2}
    >
      {(list) => <ProfileTable list={list} />}
    </ResourceView>
  );
}

function ProfileTable({ list }: { list: ProfilesList }) {
  return (
    <Stack gap="md">
      {list.notices.map((n) => (
        <Alert
          key={n.message}
          color="yellow"
          variant="light"
          icon={<IconAlert size={18} />}
          title={n.message}
        >
          {n.keptAs !== undefined && <Text size="sm">The unreadable file was kept as {n.keptAs}.</Text>}
        </Alert>
      ))}
      <Table data-testid="profiles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Connects to</Table.Th>
            <Table.Th w={180} ta="right">
              <VisuallyHidden>Status</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.profiles.map((p) => (
            <ProfileRow key={p.id} profile={p} active={p.id === list.activeProfileId} />
          ))}
        </Table.Tbody>
      </Table>
      {list.profiles.length === 1 && (
        <Text size="sm" c="dimmed">
          Only the built-in Demo profile exists. Fabric connection profiles (tenant, workspace, lakehouse,
          database) will be added and edited here.
        </Text>
      )}
    </Stack>
  );
}

function ProfileRow({ profile, active }: { profile: Profile; active: boolean }) {
  const activating = usePageStore('settings', (s) => s.activating);
  const activate = usePageStore('settings', (s) => s.activate);

  const onActivate = async () => {
    const error = await activate(profile.id);
    if (error) {
      notifications.show({
        color: 'red',
        title: error.message,
        message: error.hint ?? 'The active profile was not changed.',
      });
    }
  };

  return (
    <Table.Tr>
      <Table.Td fw={500}>{profile.name}</Table.Td>
      <Table.Td c="dimmed">
        {profile.kind === 'demo'
          ? 'Built-in Fabric emulator and local database'
          : `Workspace ${profile.workspaceId}`}
      </Table.Td>
      <Table.Td ta="right">
        {active ? (
          <Badge variant="light" color="green" tt="none" size="md">
            Active
          </Badge>
        ) : (
          <Button
            size="xs"
            variant="default"
            loading={activating === profile.id}
            disabled={activating !== null}
            onClick={() => void onActivate()}
            aria-label={`Use profile ${profile.name}`}
          >
            Use this profile
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
