import { z } from 'zod';
import { channel, event, id, input, noInput, text } from './define';

// Field rules live here, beside the channels, so the Settings form and main validate with the same
// messages. Each message names the field and what a valid value looks like.

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// user@domain.tld: Entra UPNs always have this shape; the domain part needs at least one dot.
const UPN_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Forms send "" for an optional field left empty; that means "not set", not an invalid value.
const blankToUndefined = (v: string): string | undefined => (v === '' ? undefined : v);

const guid = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .max(36)
    .regex(GUID_RE, `${label} must be a GUID like 00000000-0000-0000-0000-000000000000`);

function isHttpsUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' && u.hostname !== '';
  } catch {
    return false;
  }
}

const httpsUrl = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(2_000)
    .refine(
      isHttpsUrl,
      `${label} must be an https:// URL (plain http is refused because tokens travel over it)`,
    );

export const DEFAULT_ENDPOINTS = {
  authorityUrl: 'https://login.microsoftonline.com',
  fabricApiUrl: 'https://api.fabric.microsoft.com/v1',
  onelakeUrl: 'https://onelake.dfs.fabric.microsoft.com',
} as const;

export const DEMO_PROFILE_ID = 'demo';

export const AuthModeSchema = z.enum(['client-credentials', 'signed-in-user'], {
  error: 'Auth mode must be client-credentials or signed-in-user',
});
export type AuthMode = z.infer<typeof AuthModeSchema>;

export const PgSslModeSchema = z.enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full'], {
  error: 'PostgreSQL SSL mode must be one of disable, prefer, require, verify-ca, verify-full',
});
export type PgSslMode = z.infer<typeof PgSslModeSchema>;

export const EndpointsSchema = z.strictObject({
  authorityUrl: httpsUrl('Authority URL').default(DEFAULT_ENDPOINTS.authorityUrl),
  fabricApiUrl: httpsUrl('Fabric API URL').default(DEFAULT_ENDPOINTS.fabricApiUrl),
  onelakeUrl: httpsUrl('OneLake URL').default(DEFAULT_ENDPOINTS.onelakeUrl),
  /** a PEM file trusted in addition to the system CAs (the emulator's certificate, a corporate proxy's) */
  caCertPath: z.string().trim().max(4_096).transform(blankToUndefined).optional(),
});
export type Endpoints = z.output<typeof EndpointsSchema>;

export const PostgresSettingsSchema = z.strictObject(
  {
    host: z
      .string({ error: 'PostgreSQL host is required' })
      .trim()
      .min(1, 'PostgreSQL host is required')
      .max(255)
      .regex(
        /^[^\s/?#@]+$/,
        'PostgreSQL host must be a host name or IP address, without scheme, user or path',
      ),
    port: z.coerce
      .number({ error: 'PostgreSQL port must be a number' })
      .int('PostgreSQL port must be a whole number')
      .min(1, 'PostgreSQL port must be between 1 and 65535')
      .max(65_535, 'PostgreSQL port must be between 1 and 65535')
      .default(5432),
    database: z
      .string({ error: 'PostgreSQL database name is required' })
      .trim()
      .min(1, 'PostgreSQL database name is required')
      .max(63),
    user: z
      .string({ error: 'PostgreSQL user is required' })
      .trim()
      .min(1, 'PostgreSQL user is required')
      .max(63),
    sslMode: PgSslModeSchema.default('require'),
  },
  { error: 'PostgreSQL settings (host, port, database, user) are required' },
);
export type PostgresSettings = z.output<typeof PostgresSettingsSchema>;

const profileName = z
  .string({ error: 'Profile name is required' })
  .trim()
  .min(1, 'Profile name is required')
  .max(80, 'Profile name must be at most 80 characters');

/** The editable part of a Fabric profile: what the Settings form and the secrets.toml import fill in. */
export const FabricProfileFieldsSchema = z.strictObject({
  name: profileName,
  tenantId: guid('Tenant ID'),
  clientId: guid('Client (application) ID'),
  workspaceId: guid('Workspace ID'),
  pipelineId: guid('Pipeline ID'),
  lakehouseId: guid('Lakehouse ID'),
  ownerUpn: z
    .string()
    .trim()
    .max(320)
    .refine((v) => v === '' || UPN_RE.test(v), 'Owner UPN must look like user@contoso.com')
    .transform(blankToUndefined)
    .optional(),
  ownerObjectId: z
    .string()
    .trim()
    .max(36)
    .refine(
      (v) => v === '' || GUID_RE.test(v),
      'Owner object ID must be a GUID like 00000000-0000-0000-0000-000000000000',
    )
    .transform(blankToUndefined)
    .optional(),
  authMode: AuthModeSchema.default('client-credentials'),
  endpoints: EndpointsSchema.default(EndpointsSchema.parse({})),
  postgres: PostgresSettingsSchema,
});
export type FabricProfileFields = z.output<typeof FabricProfileFieldsSchema>;
export type FabricProfileFieldsInput = z.input<typeof FabricProfileFieldsSchema>;

export const FabricProfileSchema = FabricProfileFieldsSchema.extend({
  id: id(),
  kind: z.literal('fabric'),
  updatedAt: z.string(),
});
export type FabricProfile = z.output<typeof FabricProfileSchema>;

export const DemoProfileSchema = z.strictObject({
  id: z.literal(DEMO_PROFILE_ID),
  kind: z.literal('demo'),
  name: z.string(),
});
export type DemoProfile = z.output<typeof DemoProfileSchema>;

export const ProfileSchema = z.discriminatedUnion('kind', [DemoProfileSchema, FabricProfileSchema]);
export type Profile = z.output<typeof ProfileSchema>;

/** Secrets the user sets; the store also keeps the MSAL token cache, which never appears in the UI. */
export const USER_SECRET_NAMES = ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const;
export const UserSecretNameSchema = z.enum(USER_SECRET_NAMES);
export type UserSecretName = z.infer<typeof UserSecretNameSchema>;

export const SecretStorageSchema = z.enum(['keychain', 'session']);
export type SecretStorage = z.infer<typeof SecretStorageSchema>;

export const SecretStatusSchema = z.object({
  name: UserSecretNameSchema,
  isSet: z.boolean(),
  storage: SecretStorageSchema,
});
export type SecretStatus = z.infer<typeof SecretStatusSchema>;

export const KeychainStatusSchema = z.object({
  /** where secrets go now: the OS keychain, or this session's memory only */
  storage: SecretStorageSchema,
  /** the OS facility tried, e.g. "Secret Service (D-Bus)" */
  backend: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  checkedAt: z.string(),
});
export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;

export const ProfilesNoticeSchema = z.object({ message: z.string(), keptAs: z.string().optional() });
export type ProfilesNotice = z.infer<typeof ProfilesNoticeSchema>;

export const ProfilesListSchema = z.object({
  profiles: z.array(ProfileSchema),
  activeProfileId: z.string(),
  /** problems found reading profiles.json (a corrupt file kept aside, a profile that failed validation) */
  notices: z.array(ProfilesNoticeSchema),
});
export type ProfilesList = z.infer<typeof ProfilesListSchema>;

const secretValue = z.string().min(1, 'A secret cannot be empty; use secrets.clear to remove it').max(16_000);

/** What the import found: fields may be missing or invalid; the user completes them and calls profiles.save. */
export const ProfileDraftSchema = z.object({
  name: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  workspaceId: z.string().optional(),
  pipelineId: z.string().optional(),
  lakehouseId: z.string().optional(),
  ownerUpn: z.string().optional(),
  ownerObjectId: z.string().optional(),
  authMode: AuthModeSchema.optional(),
  endpoints: z
    .object({
      authorityUrl: z.string().optional(),
      fabricApiUrl: z.string().optional(),
      onelakeUrl: z.string().optional(),
      caCertPath: z.string().optional(),
    })
    .optional(),
  postgres: z
    .object({
      host: z.string().optional(),
      port: z.union([z.number(), z.string()]).optional(),
      database: z.string().optional(),
      user: z.string().optional(),
      sslMode: z.string().optional(),
    })
    .optional(),
});
export type ProfileDraft = z.infer<typeof ProfileDraftSchema>;

export const SecretsImportSchema = z.object({
  /** pass to profiles.save to store the secrets found; main holds them meanwhile, the renderer never sees them */
  importId: z.string(),
  draft: ProfileDraftSchema,
  secretsFound: z.array(UserSecretNameSchema),
  warnings: z.array(z.string()),
});
export type SecretsImport = z.infer<typeof SecretsImportSchema>;

export const settingsChannels = {
  'profiles.list': channel(
    'All profiles (the built-in Demo first), the active one and read problems',
    noInput,
    ProfilesListSchema,
  ),
  'profiles.save': channel(
    'Create (no id) or update a Fabric profile; secrets given here or from an import go to the secret store and are never returned',
    input({
      id: id().optional(),
      profile: FabricProfileFieldsSchema,
      secrets: z
        .strictObject({ FABRIC_CLIENT_SECRET: secretValue.optional(), PG_PASSWORD: secretValue.optional() })
        .optional(),
      importId: id().optional(),
    }),
    z.object({ profile: FabricProfileSchema, secrets: z.array(SecretStatusSchema) }),
  ),
  'profiles.delete': channel(
    'Delete a Fabric profile and its secrets; the Demo profile cannot be deleted',
    input({ id: id() }),
    z.object({ activeProfileId: z.string() }),
  ),
  'profiles.activate': channel(
    'Make a profile the active one',
    input({ id: id() }),
    z.object({ profile: ProfileSchema }),
  ),
  'secrets.status': channel(
    'Whether each secret of a profile is set and where it is kept (never the values)',
    input({ profileId: id() }),
    z.array(SecretStatusSchema),
  ),
  'secrets.set': channel(
    'Store one secret of a profile',
    input({ profileId: id(), name: UserSecretNameSchema, value: secretValue }),
    SecretStatusSchema,
  ),
  'secrets.clear': channel(
    'Remove one secret of a profile',
    input({ profileId: id(), name: UserSecretNameSchema }),
    SecretStatusSchema,
  ),
  'profiles.importSecretsToml': channel(
    "Read the old Streamlit portal's .streamlit/secrets.toml (content as text) into a profile draft; nothing is saved yet",
    input({ content: text(64 * 1024) }),
    SecretsImportSchema,
  ),
  'config.keychainStatus': channel(
    'Whether the OS keychain is in use or secrets are kept for this session only; recheck probes it again',
    input({ recheck: z.boolean().optional() }),
    KeychainStatusSchema,
  ),
};

export const settingsEvents = {
  'profiles.changed': event('Profiles were saved, deleted or another one activated', ProfilesListSchema),
};

/** Keys of the draft's required fields, for "missing" warnings and form highlighting. */
export const REQUIRED_PROFILE_FIELDS = [
  'tenantId',
  'clientId',
  'workspaceId',
  'pipelineId',
  'lakehouseId',
] as const;

export const MAX_SECRETS_TOML_BYTES = 64 * 1024;
