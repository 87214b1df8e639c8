import {
  Alert,
  Badge,
  Button,
  Fieldset,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { UserSecretName } from '../../../../shared/contract/settings';
import { IconAlert } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';
import { fieldErrors, toProfileInput, type ProfileField, type ProfileFormValues } from './profile-form';
import { SECRET_LABEL, SecretsEditor } from './SecretsEditor';

export interface ProfileFormTarget {
  /** set when editing a saved profile */
  id?: string;
  values: ProfileFormValues;
  /** from a secrets.toml import: main holds these secrets until the profile is saved */
  importId?: string;
  secretsFound?: UserSecretName[];
  warnings?: string[];
}

const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Create or edit a Fabric profile; each field shows the contract's message as the user types. */
export function ProfileFormModal({
  target,
  onClose,
}: {
  target: ProfileFormTarget | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      size="xl"
      title={target?.id ? `Edit profile ${target.values.name}` : 'New Fabric profile'}
    >
      {target && <ProfileForm key={target.id ?? target.importId ?? 'new'} target={target} onDone={onClose} />}
    </Modal>
  );
}

function ProfileForm({ target, onDone }: { target: ProfileFormTarget; onDone: () => void }) {
  const save = usePageStore('settings', (s) => s.save);
  const [values, setValues] = useState(target.values);
  const [touched, setTouched] = useState<Partial<Record<ProfileField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [secrets, setSecrets] = useState<Partial<Record<UserSecretName, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const errors = useMemo(() => fieldErrors(values), [values]);
  const invalid = Object.keys(errors).length;

  const field = (name: ProfileField) => ({
    value: values[name],
    onChange: (e: { currentTarget: { value: string } }) => {
      const v = e.currentTarget.value;
      setValues((all) => ({ ...all, [name]: v }));
      setTouched((t) => ({ ...t, [name]: true }));
    },
    onBlur: () => setTouched((t) => ({ ...t, [name]: true })),
    error: submitted || touched[name] ? errors[name] : undefined,
  });

  const submit = async (): Promise<void> => {
    setSubmitted(true);
    if (invalid > 0) return;
    setBusy(true);
    const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
    const r = await save({
      ...(target.id ? { id: target.id } : {}),
      profile: toProfileInput(values),
      ...(Object.keys(given).length > 0 ? { secrets: given } : {}),
      ...(target.importId ? { importId: target.importId } : {}),
    });
    setBusy(false);
    if (r.ok) onDone();
    else setError(r.error);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="md">
        {target.warnings && target.warnings.length > 0 && (
          <Alert
            color="yellow"
            variant="light"
            title="The import needs a look"
            icon={<IconAlert size={18} />}
          >
            <Stack gap={2}>
              {target.warnings.map((w) => (
                <Text key={w} size="sm">
                  {w}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <TextInput label="Profile name" required {...field('name')} data-autofocus />
        <Fieldset legend="Microsoft Entra and Fabric">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Tenant ID" required {...field('tenantId')} />
            <TextInput label="Client (application) ID" required {...field('clientId')} />
            <TextInput label="Workspace ID" required {...field('workspaceId')} />
            <TextInput label="Pipeline ID" required {...field('pipelineId')} />
            <TextInput label="Lakehouse ID" required {...field('lakehouseId')} />
            <Select
              label="Sign-in"
              data={[
                { value: 'client-credentials', label: 'Service principal (client secret)' },
                { value: 'signed-in-user', label: 'Signed-in user' },
              ]}
              value={values.authMode}
              allowDeselect={false}
              onChange={(v) =>
                v && setValues((all) => ({ ...all, authMode: v as ProfileFormValues['authMode'] }))
              }
            />
            <TextInput
              label="Owner UPN"
              description="Optional: shown as the pipeline owner"
              {...field('ownerUpn')}
            />
            <TextInput label="Owner object ID" description="Optional" {...field('ownerObjectId')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Endpoints">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Authority URL" {...field('authorityUrl')} />
            <TextInput label="Fabric API URL" {...field('fabricApiUrl')} />
            <TextInput label="OneLake URL" {...field('onelakeUrl')} />
            <TextInput
              label="Extra CA certificate (PEM file)"
              description="Optional: a corporate proxy's or the emulator's certificate"
              {...field('caCertPath')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="PostgreSQL (run tracking)">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Host" required {...field('pgHost')} />
            <TextInput label="Port" inputMode="numeric" {...field('pgPort')} />
            <TextInput label="Database" required {...field('pgDatabase')} />
            <TextInput label="User" required {...field('pgUser')} />
            <Select
              label="SSL mode"
              data={SSL_MODES}
              value={values.pgSslMode}
              allowDeselect={false}
              onChange={(v) => v && setValues((all) => ({ ...all, pgSslMode: v }))}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Secrets">
          {target.id ? (
            <SecretsEditor profileId={target.id} />
          ) : (
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                Secrets go to the OS keychain (or this session's memory when there is none) and are never
                shown again.
              </Text>
              {(['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const).map((name) =>
                target.secretsFound?.includes(name) ? (
                  <Group key={name} gap="xs">
                    <Text size="sm" fw={500}>
                      {SECRET_LABEL[name]}
                    </Text>
                    <Badge variant="light" color="green" tt="none">
                      Found in secrets.toml; saved with the profile
                    </Badge>
                  </Group>
                ) : (
                  <PasswordInput
                    key={name}
                    label={SECRET_LABEL[name]}
                    description="Optional now; you can set it later"
                    autoComplete="new-password"
                    value={secrets[name] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setSecrets((s) => ({ ...s, [name]: v }));
                    }}
                  />
                ),
              )}
            </Stack>
          )}
        </Fieldset>
        {error && (
          <Alert color="red" variant="light" title={error.message} icon={<IconAlert size={18} />}>
            {error.hint}
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="sm" c={submitted && invalid > 0 ? 'red' : 'dimmed'} aria-live="polite">
            {invalid > 0 ? `${invalid} field${invalid === 1 ? '' : 's'} to fix` : 'All fields valid'}
          </Text>
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {target.id ? 'Save changes' : 'Create profile'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
