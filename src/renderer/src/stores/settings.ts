import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionTest } from '../../../shared/contract/diagnostics';
import type { ChannelInput } from '../../../shared/contract/index';
import type { Result } from '../../../shared/contract/result';
import type {
  KeychainStatus,
  ProfilesList,
  SecretsImport,
  SecretStatus,
  UserSecretName,
} from '../../../shared/contract/settings';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';
import type { AppErrorData } from '../../../shared/contract/errors';

export interface SettingsState {
  profiles: Resource<ProfilesList>;
  /** the profile being activated, while main switches to it */
  activating: string | null;
  keychain: Resource<KeychainStatus>;
  /** the last connection test per profile id; loading while it runs */
  tests: Record<string, Resource<ConnectionTest>>;
  loadProfiles(): Promise<void>;
  /** answers the error to show, or null when the switch succeeded */
  activate(profileId: string): Promise<AppErrorData | null>;
  save(input: ChannelInput<'profiles.save'>): Promise<Result<{ id: string }>>;
  remove(profileId: string): Promise<AppErrorData | null>;
  secretsStatus(profileId: string): Promise<Result<SecretStatus[]>>;
  setSecret(profileId: string, name: UserSecretName, value: string): Promise<Result<SecretStatus>>;
  clearSecret(profileId: string, name: UserSecretName): Promise<Result<SecretStatus>>;
  importSecretsToml(content: string): Promise<Result<SecretsImport>>;
  loadKeychain(recheck?: boolean): Promise<void>;
  testConnection(profileId: string): Promise<void>;
  /** follows profile changes made elsewhere (another window, the CLI); returns the unsubscribe function */
  connect(): () => void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore({ portal }: PageStoreDeps): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    profiles: loading,
    activating: null,
    keychain: loading,
    tests: {},

    async loadProfiles() {
      const result = await invokeSafely(portal, 'profiles.list', {});
      set({ profiles: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    async activate(profileId) {
      set({ activating: profileId });
      try {
        const result = await invokeSafely(portal, 'profiles.activate', { id: profileId });
        return result.ok ? null : result.error;
      } finally {
        set({ activating: null });
      }
    },

    async save(input) {
      const result = await invokeSafely(portal, 'profiles.save', input);
      return result.ok ? { ok: true, value: { id: result.value.profile.id } } : result;
    },

    async remove(profileId) {
      const result = await invokeSafely(portal, 'profiles.delete', { id: profileId });
      return result.ok ? null : result.error;
    },

    secretsStatus: (profileId) => invokeSafely(portal, 'secrets.status', { profileId }),
    setSecret: (profileId, name, value) => invokeSafely(portal, 'secrets.set', { profileId, name, value }),
    clearSecret: (profileId, name) => invokeSafely(portal, 'secrets.clear', { profileId, name }),
    importSecretsToml: (content) => invokeSafely(portal, 'profiles.importSecretsToml', { content }),

    async loadKeychain(recheck = false) {
      if (recheck || get().keychain.status !== 'ready') set({ keychain: loading });
      const result = await invokeSafely(portal, 'config.keychainStatus', { recheck });
      set({ keychain: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    async testConnection(profileId) {
      set({ tests: { ...get().tests, [profileId]: loading } });
      const result = await invokeSafely(portal, 'profiles.testConnection', { profileId });
      set({
        tests: {
          ...get().tests,
          [profileId]: result.ok ? ready(result.value) : { status: 'error', error: result.error },
        },
      });
    },

    connect() {
      return portal.on('profiles.changed', (list) => set({ profiles: ready(list) }));
    },
  }));
}
