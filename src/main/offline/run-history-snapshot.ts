import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  RunDetailSchema,
  RunRestoreSchema,
  type RunDetail,
  type RunRestore,
} from '../../shared/contract/archive';
import {
  ResultsSchema,
  RunEventSchema,
  RunSchema,
  type Results,
  type Run,
  type RunEvent,
  type RunList,
  type RunListQuery,
} from '../../shared/contract/runs';
import { profileFolder } from '../artifacts/cache-paths';
import { writeFileAtomic } from '../config/atomic-file';
import { queryRuns } from './snapshot-query';

// The last known run history of each profile, kept in <dataDir>/offline/<profile>/run-history.json so the
// Archive and Results pages still answer when the database or Fabric cannot be reached. It is a copy of what
// the app was last told while online (never the source of truth), so a damaged file is set aside and the
// copy starts again empty rather than stopping the app.

// The whole history of a team's pipeline (years of runs) fits; beyond this the oldest runs are dropped.
const MAX_RUNS = 20_000;
const MAX_EVENTS_PER_RUN = 1_000;

const SnapshotFileSchema = z.object({
  formatVersion: z.literal(1),
  profileId: z.string(),
  lastSyncAt: z.string().nullable(),
  /** when a sync last paged through the whole run list (incremental syncs read only changed runs) */
  fullSyncAt: z.string().nullable().default(null),
  /** newest updatedAt a history sync has read: the next one asks for runs changed since (minus an overlap) */
  syncCursor: z.string().nullable().default(null),
  runs: z.record(z.string(), RunSchema),
  events: z.record(z.string(), z.array(RunEventSchema)),
  details: z.record(z.string(), RunDetailSchema),
  current: ResultsSchema.nullable(),
  results: z.record(z.string(), ResultsSchema),
  /** runs.restores answers, by run id ("*" for all runs) */
  restores: z
    .record(
      z.string(),
      z.object({ restores: z.array(RunRestoreSchema), currentRunId: z.string().nullable() }),
    )
    .default({}),
});
type SnapshotFile = z.infer<typeof SnapshotFileSchema>;

const empty = (profileId: string): SnapshotFile => ({
  formatVersion: 1,
  profileId,
  lastSyncAt: null,
  fullSyncAt: null,
  syncCursor: null,
  runs: {},
  events: {},
  details: {},
  current: null,
  results: {},
  restores: {},
});

// Objects from the contract may carry an `offline` marker; the snapshot stores the plain answer.
const plain = <T extends object>(value: T): Omit<T, 'offline'> => {
  const { offline: _offline, ...rest } = value as T & { offline?: unknown };
  return rest;
};

export interface Restores {
  restores: RunRestore[];
  currentRunId: string | null;
}

export interface RunHistorySnapshot {
  /** runs seen in a runs.list answer; `synced` marks a full refresh from the database */
  recordRuns(profileId: string, runs: readonly Run[], options?: { synced?: boolean }): Promise<void>;
  recordRun(profileId: string, run: Run): Promise<void>;
  recordEvents(profileId: string, runId: string, events: readonly RunEvent[]): Promise<void>;
  recordDetail(profileId: string, detail: RunDetail): Promise<void>;
  recordResults(profileId: string, runId: string | null, results: Results): Promise<void>;
  list(profileId: string, query: RunListQuery): Promise<Omit<RunList, 'offline'>>;
  get(profileId: string, runId: string): Promise<Run | null>;
  events(profileId: string, runId: string, limit: number): Promise<RunEvent[] | null>;
  detail(profileId: string, runId: string): Promise<RunDetail | null>;
  results(profileId: string, runId: string | null): Promise<Results | null>;
  recordRestores(profileId: string, runId: string | null, value: Restores): Promise<void>;
  restores(profileId: string, runId: string | null): Promise<Restores | null>;
  lastSyncAt(profileId: string): Promise<string | null>;
  /** a history sync ended: lastSyncAt is now; `full` when it paged through the whole list; `cursor` is
   * the newest updatedAt it read (kept when null) */
  markSynced(profileId: string, options: { full: boolean; cursor?: string | null }): Promise<void>;
  fullSyncAt(profileId: string): Promise<string | null>;
  syncCursor(profileId: string): Promise<string | null>;
  /** how many runs are saved, and the createdAt of the oldest (null when none) */
  coverage(profileId: string): Promise<{ count: number; oldestCreatedAt: string | null }>;
  /** drops saved runs (with their events, details and results) that a full read of the database did not
   * see; runs created after `seenUpTo` (the newest createdAt that read saw) are kept. Returns how many */
  removeUnseen(profileId: string, seen: ReadonlySet<string>, seenUpTo: string | null): Promise<number>;
  /** waits until every change so far is on disk */
  flush(): Promise<void>;
}

export function createRunHistorySnapshot(deps: {
  dataDir: string;
  now?: () => Date;
  warn?: (message: string) => void;
}): RunHistorySnapshot {
  const now = deps.now ?? (() => new Date());
  const loaded = new Map<string, Promise<SnapshotFile>>();
  const dirty = new Set<string>();
  let writing: Promise<void> = Promise.resolve();

  const fileOf = (profileId: string): string =>
    join(deps.dataDir, 'offline', profileFolder(profileId), 'run-history.json');

  const load = (profileId: string): Promise<SnapshotFile> => {
    let p = loaded.get(profileId);
    if (!p) {
      p = read(profileId);
      loaded.set(profileId, p);
    }
    return p;
  };

  async function read(profileId: string): Promise<SnapshotFile> {
    const file = fileOf(profileId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return empty(profileId);
    }
    try {
      const parsed = SnapshotFileSchema.parse(JSON.parse(text));
      if (parsed.profileId === profileId) return parsed;
      throw new Error(`it belongs to profile ${parsed.profileId}`);
    } catch (e) {
      const aside = `${file}.damaged-${now().getTime()}`;
      await rename(file, aside).catch(() => undefined);
      deps.warn?.(
        `The offline run history ${file} could not be read (${e instanceof Error ? e.message.slice(0, 200) : String(e)}); it was moved to ${aside} and starts again empty.`,
      );
      return empty(profileId);
    }
  }

  // Writes are coalesced: one atomic write per profile after a burst of changes.
  const persist = (profileId: string): Promise<void> => {
    dirty.add(profileId);
    writing = writing.then(async () => {
      if (!dirty.delete(profileId)) return;
      const snap = await load(profileId);
      await writeFileAtomic(fileOf(profileId), JSON.stringify(snap)).catch((e: unknown) =>
        deps.warn?.(`The offline run history could not be saved: ${String(e)}`),
      );
    });
    return writing;
  };

  const drop = (snap: SnapshotFile, runId: string): void => {
    delete snap.runs[runId];
    delete snap.events[runId];
    delete snap.details[runId];
    delete snap.results[runId];
    delete snap.restores[runId];
  };

  const trim = (snap: SnapshotFile): void => {
    const ids = Object.keys(snap.runs);
    if (ids.length <= MAX_RUNS) return;
    const oldest = ids
      .map((id) => snap.runs[id]!)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
      .slice(0, ids.length - MAX_RUNS);
    for (const r of oldest) drop(snap, r.runId);
  };

  return {
    async recordRuns(profileId, runs, options) {
      const snap = await load(profileId);
      for (const r of runs) {
        snap.runs[r.runId] = plain(r);
        const detail = snap.details[r.runId];
        if (detail) detail.run = plain(r);
      }
      if (options?.synced) snap.lastSyncAt = now().toISOString();
      trim(snap);
      await persist(profileId);
    },
    async recordRun(profileId, run) {
      const snap = await load(profileId);
      snap.runs[run.runId] = plain(run);
      const detail = snap.details[run.runId];
      if (detail) detail.run = plain(run);
      trim(snap);
      await persist(profileId);
    },
    async recordEvents(profileId, runId, events) {
      const snap = await load(profileId);
      snap.events[runId] = events.slice(-MAX_EVENTS_PER_RUN);
      await persist(profileId);
    },
    async recordDetail(profileId, detail) {
      const snap = await load(profileId);
      const d = plain(detail);
      snap.details[d.run.runId] = { ...d, results: plain(d.results) };
      snap.runs[d.run.runId] = d.run;
      await persist(profileId);
    },
    async recordResults(profileId, runId, results) {
      const snap = await load(profileId);
      const r = plain(results);
      if (runId === null) snap.current = r;
      else snap.results[runId] = r;
      if (r.runId && r.kpis && runId === null) snap.results[r.runId] = r;
      await persist(profileId);
    },
    async list(profileId, query) {
      return queryRuns(Object.values((await load(profileId)).runs), query);
    },
    async get(profileId, runId) {
      return (await load(profileId)).runs[runId] ?? null;
    },
    async events(profileId, runId, limit) {
      const evs = (await load(profileId)).events[runId];
      return evs ? evs.slice(0, limit) : null;
    },
    async detail(profileId, runId) {
      return (await load(profileId)).details[runId] ?? null;
    },
    async results(profileId, runId) {
      const snap = await load(profileId);
      return runId === null ? snap.current : (snap.results[runId] ?? null);
    },
    async recordRestores(profileId, runId, value) {
      const snap = await load(profileId);
      const { restores, currentRunId } = value;
      snap.restores[runId ?? '*'] = { restores, currentRunId };
      await persist(profileId);
    },
    async restores(profileId, runId) {
      return (await load(profileId)).restores[runId ?? '*'] ?? null;
    },
    async lastSyncAt(profileId) {
      return (await load(profileId)).lastSyncAt;
    },
    async markSynced(profileId, options) {
      const snap = await load(profileId);
      snap.lastSyncAt = now().toISOString();
      if (options.full) snap.fullSyncAt = snap.lastSyncAt;
      if (options.cursor) snap.syncCursor = options.cursor;
      await persist(profileId);
    },
    async fullSyncAt(profileId) {
      return (await load(profileId)).fullSyncAt;
    },
    async syncCursor(profileId) {
      return (await load(profileId)).syncCursor;
    },
    async coverage(profileId) {
      const runs = Object.values((await load(profileId)).runs);
      let oldest: string | null = null;
      for (const r of runs)
        if (oldest === null || Date.parse(r.createdAt) < Date.parse(oldest)) oldest = r.createdAt;
      return { count: runs.length, oldestCreatedAt: oldest };
    },
    async removeUnseen(profileId, seen, seenUpTo) {
      const snap = await load(profileId);
      const upTo = seenUpTo === null ? Infinity : Date.parse(seenUpTo);
      let removed = 0;
      for (const r of Object.values(snap.runs)) {
        if (seen.has(r.runId) || Date.parse(r.createdAt) > upTo) continue;
        drop(snap, r.runId);
        removed++;
      }
      if (removed > 0) await persist(profileId);
      return removed;
    },
    async flush() {
      await writing;
    },
  };
}
