import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connectivity } from '../../../shared/contract/connectivity';
import type { Portal } from '../portal';
import { invokeSafely } from './invoke';

export interface ConnectivityState {
  /** null until main has answered once */
  status: Connectivity | null;
  load(): Promise<void>;
  /** asks main to try the database again now */
  retry(): Promise<void>;
  /** subscribes to connectivity.changed; returns the unsubscribe function */
  connect(): () => void;
}

export type ConnectivityStore = StoreApi<ConnectivityState>;

/** Why a network action (start, cancel, restore, release the lock) cannot run now; null when it can. */
export function offlineReason(status: Connectivity | null): string | null {
  if (!status || status.online) return null;
  const synced = status.lastSyncAt ? ` Last sync ${formatTime(status.lastSyncAt)}.` : '';
  return `Offline: the database cannot be reached, so this needs to wait until the app reconnects.${synced}`;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function createConnectivityStore({ portal }: { portal: Portal }): ConnectivityStore {
  return createStore<ConnectivityState>()((set) => ({
    status: null,
    async load() {
      const r = await invokeSafely(portal, 'connectivity.status', {});
      if (r.ok) set({ status: r.value });
    },
    async retry() {
      const r = await invokeSafely(portal, 'connectivity.retry', {});
      if (r.ok) set({ status: r.value });
    },
    connect() {
      return portal.on('connectivity.changed', (status) => set({ status }));
    },
  }));
}
