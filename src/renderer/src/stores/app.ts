import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, Health } from '../../../shared/contract/app';
import type { ColorScheme, Page, UiState } from '../../../shared/contract/ui-values';
import type { Portal } from '../portal';
import { invokeSafely } from './invoke';
import { toLockStatus, type LockStatus } from './lock-status';
import { loading, ready, type Resource } from './resource';
import type { UiStatePersister } from './ui-state-persister';

export interface AppState {
  page: Page;
  colorScheme: ColorScheme;
  prefs: UiState['prefs'];
  info: Resource<AppInfo>;
  health: Resource<Health>;
  healthRefreshing: boolean;
  lock: LockStatus;
  setPage(page: Page): void;
  setColorScheme(colorScheme: ColorScheme): void;
  /** a `null` value forgets the preference */
  setPref(page: Page, key: string, value: string | null): void;
  loadInfo(): Promise<void>;
  refreshHealth(): Promise<void>;
  /** asks main for the run lock; `lock.changed` keeps it current afterwards */
  loadLock(): Promise<void>;
  /** subscribes to push events from main; returns the unsubscribe function */
  connect(): () => void;
}

export type AppStore = StoreApi<AppState>;

export interface AppStoreDeps {
  portal: Portal;
  initial: UiState;
  persister: UiStatePersister;
}

export function createAppStore({ portal, initial, persister }: AppStoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    page: initial.lastPage,
    colorScheme: initial.colorScheme,
    prefs: initial.prefs,
    info: loading,
    health: loading,
    healthRefreshing: false,
    lock: { state: 'unknown' },

    setPage(page) {
      if (get().page === page) return;
      set({ page });
      void persister.save({ lastPage: page });
    },

    setColorScheme(colorScheme) {
      if (get().colorScheme === colorScheme) return;
      set({ colorScheme });
      void persister.save({ colorScheme });
    },

    setPref(page, key, value) {
      const pagePrefs = { ...get().prefs[page] };
      if (value === null) delete pagePrefs[key];
      else pagePrefs[key] = value;
      set({ prefs: { ...get().prefs, [page]: pagePrefs } });
      void persister.save({ prefs: { [page]: { [key]: value } } });
    },

    async loadInfo() {
      const result = await invokeSafely(portal, 'app.info', {});
      set({ info: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    async refreshHealth() {
      set({ healthRefreshing: true });
      try {
        const result = await invokeSafely(portal, 'app.health', {});
        set({ health: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
      } finally {
        set({ healthRefreshing: false });
      }
    },

    async loadLock() {
      const result = await invokeSafely(portal, 'lock.status', {});
      set({
        lock: result.ok ? toLockStatus(result.value) : { state: 'unknown', reason: result.error.message },
      });
    },

    connect() {
      const offHealth = portal.on('health.changed', (health) => set({ health: ready(health) }));
      // The header must always name the active profile, also right after a switch.
      const offProfiles = portal.on('profiles.changed', () => {
        // Another profile means another database, hence another lock.
        void get().loadInfo();
        void get().loadLock();
      });
      const offLock = portal.on('lock.changed', (reading) => set({ lock: toLockStatus(reading) }));
      // lock.changed and health.changed pushed while the socket was down are lost: read both again.
      const offReconnect =
        portal.onReconnect?.(() => {
          void get().loadLock();
          void get().refreshHealth();
        }) ?? (() => undefined);
      return () => {
        offHealth();
        offProfiles();
        offLock();
        offReconnect();
      };
    },
  }));
}
