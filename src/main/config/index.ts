import type { Logger } from '../log/logger';
import type { Redactor } from '../log/redact';
import { loadOsKeychain, type KeychainBackend } from './os-keychain';
import { ProfileStore } from './profiles';
import { KEYCHAIN_SERVICE, SecretStore } from './secret-store';
import { SettingsService } from './settings-service';

export { ProfileStore } from './profiles';
export { SecretStore, KEYCHAIN_SERVICE, type SecretName } from './secret-store';
export { SettingsService } from './settings-service';
export { parseSecretsToml, fromEnv } from './secrets-toml';
export { draftToProfileFields, type ImportedConfig } from './config-keys';

export interface ConfigServices {
  profiles: ProfileStore;
  secrets: SecretStore;
  settings: SettingsService;
}

export interface ConfigOptions {
  dataDir: string;
  logger: Logger;
  redactor: Redactor;
  /** tests pass their own; by default the OS keychain is loaded (a load failure means session-only secrets) */
  keychain?: KeychainBackend | Error;
  keychainTimeoutMs?: number;
}

/** Opens profiles.json and probes the keychain; used by the composition root and the CLI. */
export async function createConfigServices(opts: ConfigOptions): Promise<ConfigServices> {
  const { dataDir, logger, redactor } = opts;
  const keychain =
    opts.keychain ?? (await loadOsKeychain(KEYCHAIN_SERVICE).catch((e: unknown) => toError(e)));
  const [profiles, secrets] = await Promise.all([
    ProfileStore.open({ dataDir, logger }),
    SecretStore.open({ backend: keychain, redactor, logger, timeoutMs: opts.keychainTimeoutMs }),
  ]);
  const settings = new SettingsService({ profiles, secrets, redactor, logger });
  return { profiles, secrets, settings };
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
