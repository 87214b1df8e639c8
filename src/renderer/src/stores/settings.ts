import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProfilesList } from '../../../shared/contract/settings';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';
import type { AppErrorData } from '../../../shared/contract/errors';

export interface SettingsState {
  profiles: Resource<ProfilesList>;
  /** the profile being activated, while main switches to it */
  activating: string | null;
  loadProfiles(): Promise<void>;
  /** answers the error to show, or null when the switch succeeded */
  activate(profileId: string): Promise<AppErrorData | null>;
  /** follows profile changes made elsewhere (another window, the CLI); returns the unsubscribe function */
  connect(): () => void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore({ portal }: PageStoreDeps): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    profiles: loading,
    activating: null,

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

    connect() {
      return portal.on('profiles.changed', (list) => set({ profiles: ready(list) }));
    },
  }));
}
