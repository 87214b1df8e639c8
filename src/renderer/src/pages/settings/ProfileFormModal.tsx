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
import type { FabricProfile, ProfileDraft, UserSecretName } from '../../../../shared/contract/settings';
import { IconAlert } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';
import {
  EMPTY_FORM,
  fieldErrors,
  formFromDraft,
  formFromProfile,
  toProfileInput,
  type ProfileField,
  type ProfileFormValues,
} from './profile-form';
import { SECRET_LABEL, SecretsEditor } from './SecretsEditor';

// Loaded on demand (React.lazy in ConnectionProfiles): validation needs the contract's zod schemas, which must
// stay out of the initial bundle.

export interface ProfileFormTarget {
  /** a new profile, a saved one to edit, or a secrets.toml import's draft */
  source:
    { kind: 'new' } | { kind: 'profile'; profile: FabricProfile } | { kind: 'draft'; draft: ProfileDraft };
  /** from a secrets.toml import: main holds these secrets until the profile is saved */
  importId?: string;
  secretsFound?: UserSecretName[];
  warnings?: string[];
}

const editId = (t: ProfileFormTarget): string | undefined =>
  t.source.kind === 'profile' ? t.source.profile.id : undefined;
const formName = (t: ProfileFormTarget): string => (t.source.kind === 'profile' ? t.source.profile.name : '');

function initialValues(t: ProfileFormTarget): ProfileFormValues {
  if (t.source.kind === 'profile') return formFromProfile(t.source.profile);
  if (t.source.kind === 'draft') return formFromDraft(t.source.draft);
  return EMPTY_FORM;
}

const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Create or edit a Fabric profile; each field shows the contract's message as the user types. */
export default function ProfileFormModal({
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
      title={target && editId(target) ? `Edit profile ${formName(target)}` : 'New Fabric profile'}
    >
      {target && (
        <ProfileForm key={editId(target) ?? target.importId ?? 'new'} target={target} onDone={onClose} />
      )}
    </Modal>
  );
}

function ProfileForm({ target, onDone }: { target: ProfileFormTarget; onDone: () => void }) {
  const save = usePageStore('settings', (s) => s.save);
  const id = editId(target);
  const [values, setValues] = useState(() => initialValues(target));
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
      ...(id !== undefined ? { id } : {}),
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
          {id !== undefined ? (
            <SecretsEditor profileId={id} />
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
              {id !== undefined ? 'Save changes' : 'Create profile'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
