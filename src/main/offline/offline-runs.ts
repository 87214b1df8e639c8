import { AppError, isAppError } from '../../shared/contract/errors';
import type { OfflineMarker } from '../../shared/contract/connectivity';
import type { Handlers } from '../ipc/router';
import { isCredentialProblem, type ConnectivityMonitor } from './connectivity';
import type { RunHistorySnapshot } from './run-history-snapshot';

// The runs and archive handlers with an offline fallback: every answer read from the database is copied
// into the run-history snapshot; when the database (or the run services) cannot be reached, the reading
// channels answer from that copy with an `offline` marker, and the channels that change something in
// Fabric or the database answer OFFLINE with the reason instead of waiting.

type ReadChannel =
  'runs.list' | 'runs.get' | 'runs.events' | 'results.current' | 'runs.detail' | 'runs.restores';
type NetworkChannel = 'runs.start' | 'runs.cancel' | 'runs.restore' | 'lock.forceRelease';
type Wrapped = Pick<Handlers, ReadChannel | NetworkChannel>;

const UNREACHABLE_CODES = new Set(['DB_UNAVAILABLE', 'OFFLINE', 'TIMEOUT']);
const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Did this failure come from not reaching the database or Fabric (rather than from the request)? */
export const isUnreachable = (e: unknown): boolean => {
  if (isAppError(e)) {
    // RunBackendHost wraps a backend that failed to open as INTERNAL "The run services could not start".
    return UNREACHABLE_CODES.has(e.code) || (e.code === 'INTERNAL' && /could not start/i.test(e.message));
  }
  return NETWORK_ERRNOS.has(String((e as { code?: unknown } | null)?.code));
};

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const ACTION_WORDS: Record<NetworkChannel, string> = {
  'runs.start': 'Starting a run',
  'runs.cancel': 'Cancelling a run',
  'runs.restore': 'Restoring a run',
  'lock.forceRelease': 'Releasing the run lock',
};

export interface OfflineRunsDeps {
  snapshot: RunHistorySnapshot;
  connectivity: ConnectivityMonitor;
  activeProfileId: () => string;
  /** the backend is ready (resolves) or cannot be opened (throws) */
  ready: () => Promise<unknown>;
}

export function withOfflineFallback(online: Wrapped, deps: OfflineRunsDeps): Wrapped {
  const { snapshot, connectivity } = deps;
  const profile = deps.activeProfileId;

  const marker = async (): Promise<OfflineMarker> => {
    const c = connectivity.get();
    return {
      since: c.since ?? new Date().toISOString(),
      lastSyncAt: await snapshot.lastSyncAt(profile()),
      reason: c.reason ?? 'The database cannot be reached.',
    };
  };

  /**
   * The run services cannot even open for want of credentials (a client secret not in the keychain): the
   * database is then out of reach too, so reads answer from the copy. A credential refused by a call of an
   * open backend is that call's own error.
   */
  const credentialsKeepClosed = (): Promise<boolean> =>
    deps.ready().then(
      () => false,
      (e: unknown) => isCredentialProblem(e),
    );

  const notCached = (what: string, e: unknown): AppError =>
    new AppError(
      'OFFLINE',
      `${what} is not available offline: the app has no saved copy of it, and ${reasonOf(e).replace(/\.$/, '')}.`,
      'The app reconnects by itself. Runs listed or opened while online stay readable offline.',
      { cause: e },
    );

  /** Runs the online handler; on success records the answer, on an unreachable failure answers offline. */
  async function read<T extends object>(
    call: () => Promise<T>,
    record: (value: T) => Promise<void>,
    fallback: () => Promise<T | null>,
    what: string,
  ): Promise<T & { offline?: OfflineMarker }> {
    // While offline the reconnect loop does the asking: answering from the copy at once keeps every page
    // quick instead of each call waiting for the backend to fail again.
    if (!connectivity.get().online) {
      const saved = await fallback();
      if (saved) return { ...saved, offline: await marker() };
    }
    let value: T;
    try {
      value = await call();
    } catch (e) {
      if (!isUnreachable(e) && !(isCredentialProblem(e) && (await credentialsKeepClosed()))) throw e;
      connectivity.reportFailure(e);
      const saved = await fallback();
      if (!saved) throw notCached(what, e);
      return { ...saved, offline: await marker() };
    }
    connectivity.reportOnline();
    await record(value).catch(() => undefined);
    return value;
  }

  const network = <C extends NetworkChannel>(name: C): Wrapped[C] =>
    (async (input: never, ctx: never) => {
      const c = connectivity.get();
      if (!c.online) {
        // Ask the server again first: it may be back before the next scheduled probe.
        const failure = await deps.ready().then(
          () => null,
          (e: unknown) => e,
        );
        // Missing credentials are said as they are, with their way out (Settings), not as "offline".
        if (failure !== null && isCredentialProblem(failure)) throw failure;
        if (failure !== null) throw offlineAction(name, c.since, c.reason);
      }
      try {
        return await (online[name] as (i: never, x: never) => Promise<unknown>)(input, ctx);
      } catch (e) {
        // A timeout may have reached Fabric after all: say so as it is, never as "not done".
        if (!isUnreachable(e) || (isAppError(e) && e.code === 'TIMEOUT')) throw e;
        connectivity.reportFailure(e);
        throw offlineAction(name, connectivity.get().since, reasonOf(e));
      }
    }) as Wrapped[C];

  return {
    'runs.list': async (input, ctx) =>
      read(
        () => online['runs.list'](input, ctx),
        async (list) => {
          await snapshot.recordRuns(profile(), list.runs, { synced: true });
          await connectivity.refreshSyncTime();
        },
        async () => snapshot.list(profile(), input),
        'The run list',
      ),
    'runs.get': async (input, ctx) =>
      read(
        () => online['runs.get'](input, ctx),
        (run) => snapshot.recordRun(profile(), run),
        () => snapshot.get(profile(), input.runId),
        `Run ${input.runId}`,
      ),
    'runs.events': async (input, ctx) =>
      read(
        () => online['runs.events'](input, ctx),
        (v) => snapshot.recordEvents(profile(), input.runId, v.events),
        async () => {
          const events = await snapshot.events(profile(), input.runId, input.limit);
          return events ? { events } : null;
        },
        `The events of run ${input.runId}`,
      ),
    'runs.detail': async (input, ctx) =>
      read(
        () => online['runs.detail'](input, ctx),
        (d) => snapshot.recordDetail(profile(), d),
        () => snapshot.detail(profile(), input.runId),
        `The details of run ${input.runId}`,
      ),
    'results.current': async (input, ctx) =>
      read(
        () => online['results.current'](input, ctx),
        (r) => snapshot.recordResults(profile(), input.runId ?? null, r),
        () => snapshot.results(profile(), input.runId ?? null),
        input.runId ? `The results of run ${input.runId}` : 'The current results',
      ),
    'runs.restores': async (input, ctx) =>
      read(
        () => online['runs.restores'](input, ctx),
        (v) => snapshot.recordRestores(profile(), input.runId ?? null, v),
        () => snapshot.restores(profile(), input.runId ?? null),
        'The restore history',
      ),
    'runs.start': network('runs.start'),
    'runs.cancel': network('runs.cancel'),
    'runs.restore': network('runs.restore'),
    'lock.forceRelease': network('lock.forceRelease'),
  };
}

function offlineAction(name: NetworkChannel, since: string | null, reason: string | null): AppError {
  return new AppError(
    'OFFLINE',
    `${ACTION_WORDS[name]} needs the database and Fabric, and the app is offline${since ? ` since ${since}` : ''}: ${(reason ?? 'they cannot be reached').replace(/\.$/, '')}.`,
    'The app reconnects by itself; try again when the offline banner is gone.',
  );
}
