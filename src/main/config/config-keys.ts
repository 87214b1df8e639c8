import {
  FabricProfileFieldsSchema,
  type FabricProfileFields,
  type ProfileDraft,
  type UserSecretName,
} from '../../shared/contract/settings';
import { validationError } from './validation-error';

// The flat key names of the old Streamlit portal's secrets.toml, which are also the environment variables
// the CLI reads. Each maps to one place in a profile draft, or to a secret.

type DraftTarget =
  | { kind: 'field'; field: Exclude<keyof ProfileDraft, 'endpoints' | 'postgres'> }
  | { kind: 'endpoint'; field: keyof NonNullable<ProfileDraft['endpoints']> }
  | { kind: 'postgres'; field: keyof NonNullable<ProfileDraft['postgres']> }
  | { kind: 'secret'; name: UserSecretName };

interface KeyDef {
  target: DraftTarget;
  /** required keys produce a "missing" warning; optional ones are only mentioned as optional */
  required: boolean;
}

export const CONFIG_KEYS = {
  FABRIC_TENANT_ID: { target: { kind: 'field', field: 'tenantId' }, required: true },
  FABRIC_CLIENT_ID: { target: { kind: 'field', field: 'clientId' }, required: true },
  FABRIC_CLIENT_SECRET: { target: { kind: 'secret', name: 'FABRIC_CLIENT_SECRET' }, required: true },
  FABRIC_WORKSPACE_ID: { target: { kind: 'field', field: 'workspaceId' }, required: true },
  FABRIC_PIPELINE_ID: { target: { kind: 'field', field: 'pipelineId' }, required: true },
  FABRIC_LAKEHOUSE_ID: { target: { kind: 'field', field: 'lakehouseId' }, required: true },
  OWNER_UPN: { target: { kind: 'field', field: 'ownerUpn' }, required: false },
  OWNER_OBJECT_ID: { target: { kind: 'field', field: 'ownerObjectId' }, required: false },
  FABRIC_AUTH_MODE: { target: { kind: 'field', field: 'authMode' }, required: false },
  FABRIC_AUTHORITY_URL: { target: { kind: 'endpoint', field: 'authorityUrl' }, required: false },
  FABRIC_API_URL: { target: { kind: 'endpoint', field: 'fabricApiUrl' }, required: false },
  ONELAKE_URL: { target: { kind: 'endpoint', field: 'onelakeUrl' }, required: false },
  FABRIC_CA_CERT: { target: { kind: 'endpoint', field: 'caCertPath' }, required: false },
  PG_HOST: { target: { kind: 'postgres', field: 'host' }, required: true },
  PG_PORT: { target: { kind: 'postgres', field: 'port' }, required: false },
  PG_DATABASE: { target: { kind: 'postgres', field: 'database' }, required: true },
  PG_USER: { target: { kind: 'postgres', field: 'user' }, required: true },
  PG_PASSWORD: { target: { kind: 'secret', name: 'PG_PASSWORD' }, required: true },
  PG_SSLMODE: { target: { kind: 'postgres', field: 'sslMode' }, required: false },
} as const satisfies Record<string, KeyDef>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

export const isConfigKey = (k: string): k is ConfigKey => Object.hasOwn(CONFIG_KEYS, k);

/** What an import found: a draft for the Settings form, the secrets (kept in main) and what to tell the user. */
export interface ImportedConfig {
  draft: ProfileDraft;
  secrets: Partial<Record<UserSecretName, string>>;
  warnings: string[];
}

/** Builds the draft from resolved key values and adds "missing" and "invalid value" warnings. */
export function buildImport(
  values: Map<ConfigKey, string>,
  name: string,
  warnings: string[],
): ImportedConfig {
  const draft: ProfileDraft = { name };
  const secrets: ImportedConfig['secrets'] = {};
  for (const [key, value] of values) {
    const t: DraftTarget = CONFIG_KEYS[key].target;
    if (t.kind === 'secret') secrets[t.name] = value;
    else if (t.kind === 'endpoint') draft.endpoints = { ...draft.endpoints, [t.field]: value };
    else if (t.kind === 'postgres') draft.postgres = { ...draft.postgres, [t.field]: value };
    else if (t.field === 'authMode') {
      if (value === 'client-credentials' || value === 'signed-in-user') draft.authMode = value;
      else warnings.push(`${key} must be client-credentials or signed-in-user; it was ignored.`);
    } else draft[t.field] = value;
  }

  for (const key of CONFIG_KEY_NAMES) {
    if (values.has(key)) continue;
    if (CONFIG_KEYS[key].required) warnings.push(`${key} was not found; fill it in before saving.`);
  }

  // Check the values that are present with the same rules as profiles.save, naming the key the user wrote.
  const check = FabricProfileFieldsSchema.safeParse(draft);
  if (!check.success) {
    for (const issue of check.error.issues) {
      const key = keyForPath(issue.path.map(String));
      if (key !== undefined && values.has(key)) warnings.push(`${key}: ${issue.message}.`);
    }
  }
  return { draft, secrets, warnings };
}

function keyForPath(path: string[]): ConfigKey | undefined {
  return CONFIG_KEY_NAMES.find((key) => {
    const t: DraftTarget = CONFIG_KEYS[key].target;
    if (t.kind === 'secret') return false;
    if (t.kind === 'field') return path.length === 1 && path[0] === t.field;
    return (
      path.length === 2 &&
      path[0] === (t.kind === 'endpoint' ? 'endpoints' : 'postgres') &&
      path[1] === t.field
    );
  });
}

/** For the CLI: the draft as a complete profile, or a validation error naming what is missing or wrong. */
export function draftToProfileFields(draft: ProfileDraft, source: string): FabricProfileFields {
  const parsed = FabricProfileFieldsSchema.safeParse(draft);
  if (!parsed.success) throw validationError(`The settings from ${source} are incomplete`, parsed.error);
  return parsed.data;
}
