import type { Connectivity } from '../../shared/contract/connectivity';
import { isAppError } from '../../shared/contract/errors';

// Online/offline state of the active profile's database and Fabric, and the reconnect loop: while offline
// the app probes again with a growing pause (2 s doubling to 60 s), or at once when the OS says the network
// is back, and when a probe succeeds it syncs the run history and tells the renderer.

export interface ConnectivityOptions {
  /** resolves when the database (and the run services) answer; throws with the reason otherwise */
  probe: () => Promise<void>;
  /** after a reconnect: bring the local run history up to date */
  sync: () => Promise<void>;
  lastSyncAt: () => Promise<string | null>;
  onChange?: (state: Connectivity) => void;
  warn?: (message: string) => void;
  now?: () => Date;
  backoff?: { firstMs: number; maxMs: number };
}

export interface ConnectivityMonitor {
  get(): Connectivity;
  /** an answer came from the database: online (resyncs when it was offline) */
  reportOnline(): void;
  /**
   * the database or Fabric could not be reached, or the profile's credentials are missing or refused:
   * offline, and the reconnect loop starts
   */
  reportOffline(reason: string, part?: 'database' | 'fabric', cause?: Connectivity['cause']): void;
  /**
   * offline for this error: credentials only Settings can mend are Fabric's part (cause 'credentials'),
   * anything else is the database out of reach
   */
  reportFailure(e: unknown): void;
  /** Fabric reachability as seen by the health checks */
  reportFabric(reachable: boolean): void;
  /** the lastSyncAt changed (a list was refreshed from the database) */
  refreshSyncTime(): Promise<void>;
  /** probe now (the OS reports the network is back, or the user asked) */
  retryNow(): void;
  /**
   * probe now even while online (the active profile's secrets changed): a credential that is now missing or
   * refused says "signed out" at once rather than at the next page that asks; offline it is retryNow
   */
  recheck(): void;
  close(): void;
}

/**
 * The profile's credentials are missing, refused, or locked away in a keychain that does not answer (only
 * Settings or unlocking can mend that, not waiting).
 */
export const isCredentialProblem = (e: unknown): boolean =>
  isAppError(e) && (e.code === 'FABRIC_AUTH' || e.code === 'KEYCHAIN_UNAVAILABLE');

/** Credentials that only Settings (or unlocking the keychain) can mend, or anything else that may pass. */
export const causeOf = (e: unknown): NonNullable<Connectivity['cause']> =>
  isCredentialProblem(e) ? 'credentials' : 'unreachable';

export function createConnectivityMonitor(options: ConnectivityOptions): ConnectivityMonitor {
  const now = options.now ?? (() => new Date());
  const firstMs = options.backoff?.firstMs ?? 2_000;
  const maxMs = options.backoff?.maxMs ?? 60_000;
  let state: Connectivity = {
    online: true,
    database: 'unknown',
    fabric: 'unknown',
    since: null,
    lastSyncAt: null,
    reason: null,
    nextAttemptAt: null,
  };
  let timer: NodeJS.Timeout | null = null;
  let delay = firstMs;
  let probing = false;
  let closed = false;

  const set = (next: Partial<Connectivity>): void => {
    const merged = { ...state, ...next };
    if (JSON.stringify(merged) === JSON.stringify(state)) return;
    state = merged;
    options.onChange?.(state);
  };

  const schedule = (): void => {
    if (closed || timer || probing) return;
    const at = new Date(now().getTime() + delay);
    set({ nextAttemptAt: at.toISOString() });
    timer = setTimeout(() => {
      timer = null;
      void attempt();
    }, delay);
    timer.unref?.();
    delay = Math.min(delay * 2, maxMs);
  };

  const attempt = async (): Promise<void> => {
    if (closed || probing) return;
    probing = true;
    try {
      await options.probe();
    } catch (e) {
      probing = false;
      set({ reason: e instanceof Error ? e.message : String(e), cause: causeOf(e) });
      schedule();
      return;
    }
    probing = false;
    await goOnline();
  };

  const goOnline = async (): Promise<void> => {
    const wasOffline = !state.online;
    if (timer) clearTimeout(timer);
    timer = null;
    delay = firstMs;
    set({
      online: true,
      database: 'reachable',
      since: null,
      reason: null,
      cause: undefined,
      nextAttemptAt: null,
    });
    if (wasOffline) {
      await options.sync().catch((e: unknown) => options.warn?.(`Sync after reconnect failed: ${String(e)}`));
      await refresh();
    }
  };

  const reportOffline: ConnectivityMonitor['reportOffline'] = (
    reason,
    part = 'database',
    cause = 'unreachable',
  ) => {
    set({
      online: false,
      [part]: 'unreachable',
      since: state.online ? now().toISOString() : state.since,
      reason,
      cause,
    });
    schedule();
  };

  const reportFailure = (e: unknown): void =>
    reportOffline(
      e instanceof Error ? e.message : String(e),
      isCredentialProblem(e) ? 'fabric' : 'database',
      causeOf(e),
    );

  const retryNow = (): void => {
    if (state.online) return;
    if (timer) clearTimeout(timer);
    timer = null;
    delay = firstMs;
    void attempt();
  };

  const refresh = async (): Promise<void> => {
    set({ lastSyncAt: await options.lastSyncAt().catch(() => state.lastSyncAt) });
  };
  void refresh();

  return {
    get: () => state,
    reportOnline() {
      if (state.online && state.database === 'reachable') return;
      void goOnline();
    },
    reportOffline,
    reportFailure,
    reportFabric(reachable) {
      set({ fabric: reachable ? 'reachable' : 'unreachable' });
    },
    refreshSyncTime: refresh,
    retryNow,
    recheck() {
      if (!state.online) return retryNow();
      if (closed || probing) return;
      probing = true;
      // Only credentials turn an online app offline here; anything else is for the next call to find.
      void options.probe().then(
        () => {
          probing = false;
        },
        (e: unknown) => {
          probing = false;
          if (isCredentialProblem(e)) reportFailure(e);
        },
      );
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
