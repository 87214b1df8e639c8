import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

/** A connection profile as the Settings page lists it (never with secrets). */
export interface ProfileListing {
  id: string;
  name: string;
  kind: 'demo' | 'fabric';
}

export interface SettingsState {
  profiles: Resource<ProfileListing[]>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(_deps: PageStoreDeps): SettingsStore {
  return createStore<SettingsState>()(() => ({
    profiles: unavailable('Editing connection profiles is not available in this version yet.'),
  }));
}
