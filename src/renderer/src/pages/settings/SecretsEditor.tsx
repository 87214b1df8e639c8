import { Badge, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { SecretStatus, UserSecretName } from '../../../../shared/contract/settings';
import { usePageStore } from '../../stores/context';

export const SECRET_LABEL: Record<UserSecretName, string> = {
  FABRIC_CLIENT_SECRET: 'Client secret',
  PG_PASSWORD: 'PostgreSQL password',
};

/** A saved profile's secrets: only whether each is set and where, with replace and clear; never the value. */
export function SecretsEditor({ profileId }: { profileId: string }) {
  const secretsStatus = usePageStore('settings', (s) => s.secretsStatus);
  const [statuses, setStatuses] = useState<SecretStatus[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    let live = true;
    void secretsStatus(profileId).then((r) => {
      if (!live) return;
      if (r.ok) setStatuses(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [profileId, secretsStatus]);

  if (error) return <Text c="red" size="sm">{`${error.message} ${error.hint ?? ''}`}</Text>;
  if (!statuses)
    return (
      <Text size="sm" c="dimmed">
        Reading the secret store…
      </Text>
    );
  return (
    <Stack gap="sm">
      {statuses.map((s) => (
        <SecretRow
          key={s.name}
          profileId={profileId}
          status={s}
          onChange={(n) => setStatuses((all) => all?.map((x) => (x.name === n.name ? n : x)) ?? null)}
        />
      ))}
    </Stack>
  );
}

function SecretRow({
  profileId,
  status,
  onChange,
}: {
  profileId: string;
  status: SecretStatus;
  onChange: (s: SecretStatus) => void;
}) {
  const setSecret = usePageStore('settings', (s) => s.setSecret);
  const clearSecret = usePageStore('settings', (s) => s.clearSecret);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = SECRET_LABEL[status.name];

  const apply = async (op: () => ReturnType<typeof setSecret>): Promise<void> => {
    setBusy(true);
    const r = await op();
    setBusy(false);
    if (r.ok) {
      onChange(r.value);
      setEditing(false);
      setValue('');
      setError(null);
    } else setError(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`);
  };

  return (
    <Stack gap={4} data-testid={`secret-${status.name}`}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {label}
          </Text>
          <Badge variant="light" tt="none" color={status.isSet ? 'green' : 'gray'}>
            {status.isSet
              ? `Set (${status.storage === 'keychain' ? 'OS keychain' : 'this session only'})`
              : 'Not set'}
          </Badge>
        </Group>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            onClick={() => setEditing((e) => !e)}
            aria-label={`${status.isSet ? 'Replace' : 'Set'} ${label}`}
          >
            {status.isSet ? 'Replace' : 'Set'}
          </Button>
          {status.isSet && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={busy && !editing}
              onClick={() => void apply(() => clearSecret(profileId, status.name))}
              aria-label={`Clear ${label}`}
            >
              Clear
            </Button>
          )}
        </Group>
      </Group>
      {editing && (
        <Group align="flex-end" wrap="nowrap">
          <PasswordInput
            style={{ flex: 1 }}
            label={`New ${label.toLowerCase()}`}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            autoComplete="new-password"
            data-autofocus
          />
          <Button
            loading={busy}
            disabled={value === ''}
            onClick={() => void apply(() => setSecret(profileId, status.name, value))}
          >
            Save secret
          </Button>
        </Group>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
