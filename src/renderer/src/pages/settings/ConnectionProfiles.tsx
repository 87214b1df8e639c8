import { Alert, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, lazy, Suspense, useEffect, useState } from 'react';
import type { Profile, ProfilesList } from '../../../../shared/contract/settings';
import { IconAlert } from '../../components/icons/icons';
import { ResourceView } from '../../components/ResourceView';
import { usePageStore } from '../../stores/context';
import { ConnectionTestResults } from './ConnectionTestResults';
import { DeleteProfileModal } from './DeleteProfileModal';
import { ImportSecretsToml } from './ImportSecretsToml';
import { SignInStatus } from './SignInStatus';
import type { ProfileFormTarget } from './ProfileFormModal';

// The form validates with the contract's zod schemas; loading it on first use keeps zod out of the initial bundle.
const ProfileFormModal = lazy(() => import('./ProfileFormModal'));

/** Every profile, which one is active: switch, create, edit, delete, test, and import from the old portal. */
export function ConnectionProfiles() {
  const profiles = usePageStore('settings', (s) => s.profiles);
  const loadProfiles = usePageStore('settings', (s) => s.loadProfiles);
  const [editing, setEditing] = useState<ProfileFormTarget | null>(null);
  const [deleting, setDeleting] = useState<Profile | null>(null);

  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);

  return (
    <>
      <ResourceView
        resource={profiles}
        unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
        onRetry={() => void loadProfiles()}
        rows={2}
      >
        {(list) => (
          <Stack gap="md">
            <ProfileTable
              list={list}
              onEdit={(p) => p.kind === 'fabric' && setEditing({ source: { kind: 'profile', profile: p } })}
              onDelete={setDeleting}
            />
            <Group>
              <Button onClick={() => setEditing({ source: { kind: 'new' } })}>New Fabric profile</Button>
            </Group>
            <ImportSecretsToml onDraft={setEditing} />
          </Stack>
        )}
      </ResourceView>
      {editing && (
        <Suspense fallback={null}>
          <ProfileFormModal target={editing} onClose={() => setEditing(null)} />
        </Suspense>
      )}
      <DeleteProfileModal profile={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function ProfileTable({
  list,
  onEdit,
  onDelete,
}: {
  list: ProfilesList;
  onEdit: (p: Profile) => void;
  onDelete: (p: Profile) => void;
}) {
  const tests = usePageStore('settings', (s) => s.tests);
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
      <Table data-testid="profiles-table" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Connects to</Table.Th>
            <Table.Th ta="right">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.profiles.map((p) => {
            const test = tests[p.id];
            return (
              <Fragment key={p.id}>
                <ProfileRow
                  profile={p}
                  active={p.id === list.activeProfileId}
                  onEdit={() => onEdit(p)}
                  onDelete={() => onDelete(p)}
                />
                {p.id === list.activeProfileId && p.kind === 'fabric' && p.authMode === 'signed-in-user' && (
                  <Table.Tr>
                    <Table.Td colSpan={3} pt={0}>
                      <SignInStatus />
                    </Table.Td>
                  </Table.Tr>
                )}
                {test && (
                  <Table.Tr>
                    <Table.Td colSpan={3} pt={0}>
                      <ConnectionTestResults test={test} name={p.name} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      {list.profiles.length === 1 && (
        <Text size="sm" c="dimmed">
          Only the built-in Demo profile exists. Add a Fabric profile (tenant, workspace, lakehouse, database)
          below, or import the old portal's secrets.toml.
        </Text>
      )}
    </Stack>
  );
}

function ProfileRow({
  profile,
  active,
  onEdit,
  onDelete,
}: {
  profile: Profile;
  active: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const activating = usePageStore('settings', (s) => s.activating);
  const activate = usePageStore('settings', (s) => s.activate);
  const testConnection = usePageStore('settings', (s) => s.testConnection);
  const testing = usePageStore('settings', (s) => s.tests[profile.id]?.status === 'loading');

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
    <Table.Tr data-testid={`profile-${profile.id}`}>
      <Table.Td fw={500}>
        <Group gap="xs">
          {profile.name}
          {active && (
            <Badge variant="light" color="green" tt="none">
              Active
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {profile.kind === 'demo'
          ? 'Built-in Fabric emulator and local database'
          : `Workspace ${profile.workspaceId} · ${profile.postgres.host}`}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            loading={testing}
            onClick={() => void testConnection(profile.id)}
            aria-label={`Test connection of ${profile.name}`}
          >
            Test connection
          </Button>
          {profile.kind === 'fabric' && (
            <>
              <Button
                size="xs"
                variant="default"
                onClick={onEdit}
                aria-label={`Edit profile ${profile.name}`}
              >
                Edit
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={onDelete}
                aria-label={`Delete profile ${profile.name}`}
              >
                Delete
              </Button>
            </>
          )}
          {!active && (
            <Button
              size="xs"
              loading={activating === profile.id}
              disabled={activating !== null}
              onClick={() => void onActivate()}
              aria-label={`Use profile ${profile.name}`}
            >
              Use this profile
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
