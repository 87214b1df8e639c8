import type { Handlers } from '../ipc/router';
import { createConnectivityMonitor, isCredentialProblem, type ConnectivityMonitor } from './connectivity';
import { syncRunHistory, type HistorySyncResult } from './history-sync';
import { isUnreachable, withOfflineFallback } from './offline-runs';
import { createRunHistorySnapshot, type RunHistorySnapshot } from './run-history-snapshot';
import type { Connectivity } from '../../shared/contract/connectivity';
import type { Run } from '../../shared/contract/runs';

export type { ConnectivityMonitor } from './connectivity';
export type { RunHistorySnapshot } from './run-history-snapshot';
export type { HistorySyncResult } from './history-sync';
export { canConnect } from './reachability';

type OnlineChannels =
  | 'runs.list'
  | 'runs.get'
  | 'runs.events'
  | 'results.current'
  | 'runs.detail'
  | 'runs.restores'
  | 'runs.start'
  | 'runs.cancel'
  | 'runs.restore'
  | 'lock.forceRelease';

export interface OfflineServices {
  snapshot: RunHistorySnapshot;
  connectivity: ConnectivityMonitor;
  /** the given runs/archive handlers with the offline fallback, plus connectivity.status */
  handlers: Pick<Handlers, OnlineChannels | 'connectivity.status' | 'connectivity.retry'>;
  /** a run.changed push while online: keep the copy current */
  runChanged(run: Run): void;
  /** brings the run history up to date now (one sync at a time; a call during a sync joins it) */
  sync(): Promise<HistorySyncResult>;
  close(): Promise<void>;
}

/** Run history kept for offline use, the connectivity state and its reconnect loop. */
export function createOfflineServices(deps: {
  dataDir: string;
  activeProfileId: () => string;
  online: Pick<Handlers, OnlineChannels>;
  /** resolves when the run backend is open and its database answers */
  probe: () => Promise<void>;
  onChange: (state: Connectivity) => void;
  warn: (message: string) => void;
  backoff?: { firstMs: number; maxMs: number };
  /** probe once at start (default true; false when the backend is not warmed up either) */
  checkAtStart?: boolean;
  /** can Fabric be reached at all (null: not a question for this profile)? Asked when the database is
   * not, so the state says which of the two is gone */
  fabricReachable?: () => Promise<boolean | null>;
}): OfflineServices {
  const snapshot = createRunHistorySnapshot({ dataDir: deps.dataDir, warn: deps.warn });
  const ctx = { host: 'preview' as const, sender: 'offline-sync' };
  let wrapped: ReturnType<typeof withOfflineFallback> | null = null;
  let syncing: Promise<HistorySyncResult> | null = null;
  const sync = (): Promise<HistorySyncResult> => {
    syncing ??= (async () => {
      try {
        const result = await syncRunHistory({
          list: (query) => deps.online['runs.list'](query, ctx),
          snapshot,
          profileId: deps.activeProfileId(),
          // Saved details and restore lists of changed runs are asked again through the wrapped handlers.
          detail: async (runId) => wrapped?.['runs.detail']({ runId }, ctx),
          restores: async (runId) =>
            wrapped?.['runs.restores']({ ...(runId ? { runId } : {}), limit: 100 }, ctx),
        });
        // Through the wrapped handler, so the answer is recorded like any other answer.
        if (wrapped) await wrapped['results.current']({}, ctx);
        return result;
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  };
  const checkFabric = async (): Promise<void> => {
    const reachable = await deps.fabricReachable?.().catch(() => null);
    if (reachable !== undefined && reachable !== null) connectivity.reportFabric(reachable);
  };
  const probe = async (): Promise<void> => {
    try {
      await deps.probe();
    } catch (e) {
      await checkFabric();
      throw e;
    }
  };
  const connectivity = createConnectivityMonitor({
    probe,
    sync: async () => void (await sync()),
    lastSyncAt: () => snapshot.lastSyncAt(deps.activeProfileId()),
    onChange: deps.onChange,
    warn: deps.warn,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  });
  // At start, find out at once whether the database can be reached, so the banner shows before any page
  // asks for something (the backend is already opening in the background; this waits for that attempt).
  if (deps.checkAtStart !== false)
    void deps.probe().then(
      async () => {
        connectivity.reportOnline();
        // Online at start: keep the whole history readable for a later offline start.
        await sync().then(
          () => connectivity.refreshSyncTime(),
          (e: unknown) => deps.warn(`Run history sync at start failed: ${String(e)}`),
        );
      },
      async (e: unknown) => {
        const credentials = isCredentialProblem(e);
        if (!isUnreachable(e) && !credentials) return;
        connectivity.reportFailure(e);
        if (!credentials) await checkFabric();
      },
    );
  wrapped = withOfflineFallback(deps.online, {
    snapshot,
    connectivity,
    activeProfileId: deps.activeProfileId,
    ready: deps.probe,
  });
  return {
    snapshot,
    connectivity,
    handlers: {
      ...wrapped,
      'connectivity.status': async () => connectivity.get(),
      'connectivity.retry': async () => {
        connectivity.retryNow();
        return connectivity.get();
      },
    },
    sync,
    runChanged(run) {
      void snapshot.recordRun(deps.activeProfileId(), run).catch(() => undefined);
    },
    async close() {
      connectivity.close();
      await syncing?.catch(() => undefined);
      await snapshot.flush();
    },
  };
}
