import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import {
  DEMO_PROFILE_ID,
  USER_SECRET_NAMES,
  type FabricProfile,
  type FabricProfileFieldsInput,
  type KeychainStatus,
  type Profile,
  type ProfilesList,
  type SecretsImport,
  type SecretStatus,
  type UserSecretName,
} from '../../shared/contract/settings';
import type { Logger } from '../log/logger';
import type { Redactor } from '../log/redact';
import type { ImportedConfig } from './config-keys';
import type { ProfileStore } from './profiles';
import type { SecretStore } from './secret-store';
import { parseSecretsToml } from './secrets-toml';

export interface SettingsServiceDeps {
  profiles: ProfileStore;
  secrets: SecretStore;
  redactor: Redactor;
  logger: Logger;
  /** how long imported secrets wait in memory for the profiles.save that commits them */
  importTtlMs?: number;
  now?: () => number;
}

export interface SaveProfileRequest {
  id?: string;
  profile: FabricProfileFieldsInput;
  secrets?: Partial<Record<UserSecretName, string>>;
  importId?: string;
}

type Secrets = ImportedConfig['secrets'];

const MAX_PENDING_IMPORTS = 10;

/**
 * The Settings page's operations over the profile file and the secret store. Imported secrets stay here in
 * main between profiles.importSecretsToml and profiles.save, so the renderer only ever learns their names.
 */
export class SettingsService {
  private readonly pending = new Map<string, { secrets: Secrets; expiresAt: number }>();
  private readonly secretListeners = new Set<(profileId: string) => void>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.ttl = deps.importTtlMs ?? 30 * 60_000;
    this.now = deps.now ?? Date.now;
  }

  /** Told when a profile's secrets were stored or cleared (a backend using them must open again). */
  onSecretsChanged(listener: (profileId: string) => void): () => void {
    this.secretListeners.add(listener);
    return () => this.secretListeners.delete(listener);
  }

  private secretsChanged(profileId: string): void {
    for (const l of this.secretListeners) l(profileId);
  }

  listProfiles(): ProfilesList {
    return this.deps.profiles.list();
  }

  activeProfile(): Profile {
    return this.deps.profiles.active();
  }

  async saveProfile(req: SaveProfileRequest): Promise<{ profile: FabricProfile; secrets: SecretStatus[] }> {
    const imported = req.importId === undefined ? {} : this.takeImport(req.importId);
    const profile = await this.deps.profiles.save(req.profile, req.id);
    const secrets: Secrets = { ...imported, ...req.secrets };
    for (const name of USER_SECRET_NAMES) {
      const value = secrets[name];
      if (value !== undefined) await this.deps.secrets.set(profile.id, name, value);
    }
    if (req.importId !== undefined) this.pending.delete(req.importId);
    if (USER_SECRET_NAMES.some((name) => secrets[name] !== undefined)) this.secretsChanged(profile.id);
    this.deps.logger.info('Profile saved', {
      scope: 'config',
      profileId: profile.id,
      secretsSet: Object.keys(secrets),
    });
    return { profile, secrets: await this.deps.secrets.statusFor(profile.id) };
  }

  async deleteProfile(id: string): Promise<{ activeProfileId: string }> {
    await this.deps.profiles.delete(id);
    try {
      await this.deps.secrets.clearProfile(id);
    } catch (e) {
      // The profile is gone either way; leftover keychain entries are harmless and named in the log.
      this.deps.logger.warn('Secrets of a deleted profile could not be removed', {
        scope: 'config',
        profileId: id,
        err: e,
      });
    }
    return { activeProfileId: this.deps.profiles.list().activeProfileId };
  }

  async activateProfile(id: string): Promise<{ profile: Profile }> {
    return { profile: await this.deps.profiles.activate(id) };
  }

  async secretsStatus(profileId: string): Promise<SecretStatus[]> {
    this.deps.profiles.get(profileId);
    return this.deps.secrets.statusFor(profileId);
  }

  async setSecret(profileId: string, name: UserSecretName, value: string): Promise<SecretStatus> {
    this.fabricProfile(profileId);
    await this.deps.secrets.set(profileId, name, value);
    this.secretsChanged(profileId);
    return this.deps.secrets.secretStatus(profileId, name);
  }

  async clearSecret(profileId: string, name: UserSecretName): Promise<SecretStatus> {
    this.fabricProfile(profileId);
    await this.deps.secrets.clear(profileId, name);
    this.secretsChanged(profileId);
    return this.deps.secrets.secretStatus(profileId, name);
  }

  importSecretsToml(content: string): SecretsImport {
    const result = parseSecretsToml(content);
    for (const value of Object.values(result.secrets)) this.deps.redactor.addSecret(value);
    const importId = randomUUID();
    this.prune();
    this.pending.set(importId, { secrets: result.secrets, expiresAt: this.now() + this.ttl });
    return {
      importId,
      draft: result.draft,
      secretsFound: USER_SECRET_NAMES.filter((n) => result.secrets[n] !== undefined),
      warnings: result.warnings,
    };
  }

  async keychainStatus(recheck = false): Promise<KeychainStatus> {
    return recheck ? this.deps.secrets.probe() : this.deps.secrets.status();
  }

  private fabricProfile(profileId: string): void {
    if (profileId === DEMO_PROFILE_ID) {
      throw new AppError(
        'VALIDATION',
        'The Demo profile has no secrets.',
        'Choose or create a Fabric profile.',
      );
    }
    this.deps.profiles.get(profileId);
  }

  private takeImport(importId: string): Secrets {
    const entry = this.pending.get(importId);
    if (!entry || entry.expiresAt < this.now()) {
      this.pending.delete(importId);
      throw new AppError(
        'VALIDATION',
        `The imported secrets are no longer held (the import is older than ${Math.round(this.ttl / 60_000)} minutes or the app restarted). Nothing was saved.`,
        'Import the secrets.toml again, then save.',
      );
    }
    return entry.secrets;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(id);
    while (this.pending.size >= MAX_PENDING_IMPORTS) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
  }
}
