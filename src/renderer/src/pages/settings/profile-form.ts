import {
  DEFAULT_ENDPOINTS,
  FabricProfileFieldsSchema,
  type FabricProfile,
  type FabricProfileFieldsInput,
  type ProfileDraft,
} from '../../../../shared/contract/settings';

/** The form's values: every field as the text the user typed, so validation sees exactly that. */
export interface ProfileFormValues {
  name: string;
  tenantId: string;
  clientId: string;
  workspaceId: string;
  pipelineId: string;
  lakehouseId: string;
  ownerUpn: string;
  ownerObjectId: string;
  authMode: 'client-credentials' | 'signed-in-user';
  authorityUrl: string;
  fabricApiUrl: string;
  onelakeUrl: string;
  caCertPath: string;
  pgHost: string;
  pgPort: string;
  pgDatabase: string;
  pgUser: string;
  pgSslMode: string;
}

export type ProfileField = keyof ProfileFormValues;

export const EMPTY_FORM: ProfileFormValues = {
  name: '',
  tenantId: '',
  clientId: '',
  workspaceId: '',
  pipelineId: '',
  lakehouseId: '',
  ownerUpn: '',
  ownerObjectId: '',
  authMode: 'client-credentials',
  ...DEFAULT_ENDPOINTS,
  caCertPath: '',
  pgHost: '',
  pgPort: '5432',
  pgDatabase: '',
  pgUser: '',
  pgSslMode: 'require',
};

export function formFromProfile(p: FabricProfile): ProfileFormValues {
  return {
    name: p.name,
    tenantId: p.tenantId,
    clientId: p.clientId,
    workspaceId: p.workspaceId,
    pipelineId: p.pipelineId,
    lakehouseId: p.lakehouseId,
    ownerUpn: p.ownerUpn ?? '',
    ownerObjectId: p.ownerObjectId ?? '',
    authMode: p.authMode,
    authorityUrl: p.endpoints.authorityUrl,
    fabricApiUrl: p.endpoints.fabricApiUrl,
    onelakeUrl: p.endpoints.onelakeUrl,
    caCertPath: p.endpoints.caCertPath ?? '',
    pgHost: p.postgres.host,
    pgPort: String(p.postgres.port),
    pgDatabase: p.postgres.database,
    pgUser: p.postgres.user,
    pgSslMode: p.postgres.sslMode,
  };
}

/** An imported secrets.toml draft over the defaults: what the import did not find stays default or empty. */
export function formFromDraft(d: ProfileDraft): ProfileFormValues {
  const pick = (v: string | number | undefined, fallback: string): string =>
    v === undefined ? fallback : String(v);
  return {
    ...EMPTY_FORM,
    name: pick(d.name, 'Imported profile'),
    tenantId: pick(d.tenantId, ''),
    clientId: pick(d.clientId, ''),
    workspaceId: pick(d.workspaceId, ''),
    pipelineId: pick(d.pipelineId, ''),
    lakehouseId: pick(d.lakehouseId, ''),
    ownerUpn: pick(d.ownerUpn, ''),
    ownerObjectId: pick(d.ownerObjectId, ''),
    authMode: d.authMode ?? 'client-credentials',
    authorityUrl: pick(d.endpoints?.authorityUrl, EMPTY_FORM.authorityUrl),
    fabricApiUrl: pick(d.endpoints?.fabricApiUrl, EMPTY_FORM.fabricApiUrl),
    onelakeUrl: pick(d.endpoints?.onelakeUrl, EMPTY_FORM.onelakeUrl),
    caCertPath: pick(d.endpoints?.caCertPath, ''),
    pgHost: pick(d.postgres?.host, ''),
    pgPort: pick(d.postgres?.port, EMPTY_FORM.pgPort),
    pgDatabase: pick(d.postgres?.database, ''),
    pgUser: pick(d.postgres?.user, ''),
    pgSslMode: pick(d.postgres?.sslMode, EMPTY_FORM.pgSslMode),
  };
}

/** The profiles.save input for these values (main validates it again with the same schema). */
export function toProfileInput(v: ProfileFormValues): FabricProfileFieldsInput {
  return {
    name: v.name,
    tenantId: v.tenantId,
    clientId: v.clientId,
    workspaceId: v.workspaceId,
    pipelineId: v.pipelineId,
    lakehouseId: v.lakehouseId,
    ownerUpn: v.ownerUpn,
    ownerObjectId: v.ownerObjectId,
    authMode: v.authMode,
    endpoints: {
      authorityUrl: v.authorityUrl,
      fabricApiUrl: v.fabricApiUrl,
      onelakeUrl: v.onelakeUrl,
      caCertPath: v.caCertPath,
    },
    postgres: {
      host: v.pgHost,
      port: v.pgPort as unknown as number,
      database: v.pgDatabase,
      user: v.pgUser,
      sslMode: v.pgSslMode as FabricProfileFieldsInput['postgres']['sslMode'],
    },
  };
}

const PATH_TO_FIELD: Record<string, ProfileField> = {
  'endpoints.authorityUrl': 'authorityUrl',
  'endpoints.fabricApiUrl': 'fabricApiUrl',
  'endpoints.onelakeUrl': 'onelakeUrl',
  'endpoints.caCertPath': 'caCertPath',
  'postgres.host': 'pgHost',
  'postgres.port': 'pgPort',
  'postgres.database': 'pgDatabase',
  'postgres.user': 'pgUser',
  'postgres.sslMode': 'pgSslMode',
};

/** The contract's message for each invalid field (the first one per field), keyed by form field. */
export function fieldErrors(v: ProfileFormValues): Partial<Record<ProfileField, string>> {
  const parsed = FabricProfileFieldsSchema.safeParse(toProfileInput(v));
  if (parsed.success) return {};
  const out: Partial<Record<ProfileField, string>> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const field = PATH_TO_FIELD[path] ?? (path as ProfileField);
    if (field in v && out[field] === undefined) out[field] = issue.message;
  }
  return out;
}
