import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../shared/contract/errors';
import { createConfigServices, draftToProfileFields, fromEnv, parseSecretsToml } from '../main/config';
import type { ImportedConfig } from '../main/config';
import { silentLogger } from '../main/log/logger';
import { Redactor } from '../main/log/redact';
import type { FabricConnection } from '../main/runs/backend';

export interface ConnectionSource {
  profile?: string;
  secretsToml?: string;
  env: NodeJS.ProcessEnv;
}

/** The app's data folder (profiles.json, install-id): --data-dir, $PORTAL_DATA_DIR or ~/.fabric-data-portal. */
export function cliDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.PORTAL_DATA_DIR ?? join(homedir(), '.fabric-data-portal');
}

/**
 * Where the CLI's settings come from: a saved profile (--profile, secrets from the keychain), an old
 * portal's secrets.toml (--secrets-toml), or the environment variables of that file (FABRIC_*, PG_*, plus
 * the endpoint overrides `npm run emulator` prints).
 */
export async function resolveConnection(src: ConnectionSource, dataDir: string): Promise<FabricConnection> {
  if (src.profile !== undefined) return fromSavedProfile(src.profile, dataDir);
  if (src.secretsToml !== undefined) {
    const text = await readFile(src.secretsToml, 'utf8').catch(() => {
      throw new AppError(
        'NOT_FOUND',
        `The file ${src.secretsToml} cannot be read.`,
        'Check the --secrets-toml path.',
      );
    });
    return fromImport(parseSecretsToml(text), src.secretsToml);
  }
  return fromImport(fromEnv(src.env), 'the environment');
}

function fromImport(imported: ImportedConfig, source: string): FabricConnection {
  if (!imported.draft.tenantId && !imported.draft.postgres) {
    throw new AppError(
      'VALIDATION',
      `No connection settings were found in ${source}.`,
      'Set FABRIC_TENANT_ID, FABRIC_CLIENT_ID, FABRIC_CLIENT_SECRET, FABRIC_WORKSPACE_ID, FABRIC_PIPELINE_ID, FABRIC_LAKEHOUSE_ID and PG_HOST, PG_DATABASE, PG_USER, PG_PASSWORD, or use --profile / --secrets-toml.',
    );
  }
  const fields = draftToProfileFields({ ...imported.draft, name: imported.draft.name ?? source }, source);
  return { fields, secrets: imported.secrets };
}

async function fromSavedProfile(nameOrId: string, dataDir: string): Promise<FabricConnection> {
  const config = await createConfigServices({ dataDir, logger: silentLogger, redactor: new Redactor() });
  const list = config.settings.listProfiles();
  const profile = list.profiles.find((p) => p.id === nameOrId || p.name === nameOrId);
  if (!profile) {
    const names = list.profiles.map((p) => `"${p.name}"`).join(', ');
    throw new AppError(
      'NOT_FOUND',
      `There is no saved profile "${nameOrId}" in ${dataDir}.`,
      `Saved profiles: ${names}.`,
    );
  }
  if (profile.kind === 'demo') {
    throw new AppError(
      'VALIDATION',
      'The Demo profile lives inside the app (its database and emulator run in the app process).',
      'Start `npm run emulator` and use the environment it prints, or a saved Fabric profile.',
    );
  }
  const secrets: FabricConnection['secrets'] = {};
  for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const) {
    const v = await config.secrets.get(profile.id, name);
    if (v !== null) secrets[name] = v;
  }
  return { fields: profile, secrets };
}
