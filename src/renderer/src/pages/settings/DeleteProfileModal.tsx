import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { Profile } from '../../../../shared/contract/settings';
import { usePageStore } from '../../stores/context';

/** Deleting removes the profile and its secrets; say so and ask once. */
export function DeleteProfileModal({ profile, onClose }: { profile: Profile | null; onClose: () => void }) {
  const remove = usePageStore('settings', (s) => s.remove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const close = (): void => {
    setError(null);
    onClose();
  };
  return (
    <Modal
      opened={profile !== null}
      onClose={close}
      title={`Delete profile ${profile?.name ?? ''}?`}
      centered
    >
      <Stack gap="md">
        <Text size="sm">
          The profile and its secrets (client secret, PostgreSQL password) are removed from this computer.
          Runs and results in Fabric and the database are not touched.
        </Text>
        {error && (
          <Alert color="red" variant="light" title={error.message}>
            {error.hint}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            Keep it
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={async () => {
              if (!profile) return;
              setBusy(true);
              const e = await remove(profile.id);
              setBusy(false);
              if (e) setError(e);
              else close();
            }}
          >
            Delete profile
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
