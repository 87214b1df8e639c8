import type { LockStatus, Run } from '../../shared/contract/runs';
import type { Db } from '../db/db';
import { systemClock } from '../fabric/http/clock';
import { ChangeFeed } from './change-feed';
import { ImportFiles } from './import-files';
import { RunLockRepo } from './lock-repo';
import { RunMonitor } from './monitor';
import { RunOrchestrator } from './orchestrator';
import { DEFAULT_RUN_TIMINGS, type RunServiceDeps, type RunTimings } from './run-deps';
import { RunRecorder } from './run-recorder';
import { RunRepo } from './run-repo';
import { ResultsReader } from './results';
import { RestoreHistory } from './restore-history';
import { RunDetails } from './run-details';
import { RunRestorer } from './restore';
import { RunTrigger } from './trigger';

export interface RunServices {
  orchestrator: RunOrchestrator;
  monitor: RunMonitor;
  results: ResultsReader;
  restorer: RunRestorer;
  details: RunDetails;
  files: ImportFiles;
  feed: ChangeFeed;
  runs: RunRepo;
  lock: RunLockRepo;
  timings: RunTimings;
  /** starts LISTEN and (unless told not to) the monitor loop */
  start(options?: { monitor?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface CreateRunServicesOptions extends RunServiceDeps {
  db: Db;
  onRunChanged?: (payload: { runId: string | null; run: Run | null }) => void;
  onLockChanged?: (status: LockStatus) => void;
  onHealth?: (part: 'database' | 'fabric', ok: boolean, message: string) => void;
}

/** The one entry of src/main/runs: every run service over one database and one profile's Fabric clients. */
export function createRunServices(o: CreateRunServicesOptions): RunServices {
  const timings: RunTimings = { ...DEFAULT_RUN_TIMINGS, ...o.timings };
  const clock = o.clock ?? systemClock;
  const logger = o.logger;
  const runs = new RunRepo(o.db);
  const lock = new RunLockRepo(o.db, {
    identity: { actor: o.identity.actor, host: o.identity.host },
    defaultLeaseSec: timings.lockLeaseSec,
  });
  const recorder = new RunRecorder({ runs, lock, onelake: o.fabric.onelake, logger });
  const trigger = new RunTrigger({ fabric: o.fabric, runs, lock, recorder, clock, logger });
  const orchestrator = new RunOrchestrator({
    runs,
    lock,
    trigger,
    fabric: o.fabric,
    inspector: o.inspector,
    identity: o.identity,
    timings,
    logger,
    ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}),
  });
  const monitor = new RunMonitor({
    runs,
    lock,
    recorder,
    trigger,
    fabric: o.fabric,
    identity: o.identity,
    timings,
    clock,
    logger,
    ...(o.onHealth ? { onHealth: o.onHealth } : {}),
  });
  const feed = new ChangeFeed({
    db: o.db,
    runs,
    lock,
    logger,
    onRunChanged: (p) => o.onRunChanged?.(p),
    onLockChanged: (s) => o.onLockChanged?.(s),
    onAnyChange: () => monitor.wake(),
    pollMs: timings.idleMs,
  });
  const results = new ResultsReader({ onelake: o.fabric.onelake, runs });
  const history = new RestoreHistory(o.db);
  const details = new RunDetails({ runs, history, results, onelake: o.fabric.onelake });
  const restorer = new RunRestorer({
    runs,
    lock,
    onelake: o.fabric.onelake,
    identity: o.identity,
    timings,
    logger,
  });
  const files = new ImportFiles({
    onelake: o.fabric.onelake,
    inspector: o.inspector,
    ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}),
  });

  return {
    orchestrator,
    monitor,
    results,
    restorer,
    details,
    files,
    feed,
    runs,
    lock,
    timings,
    async start(options = {}) {
      await feed.start();
      if (options.monitor !== false) monitor.start();
    },
    async stop() {
      await monitor.stop();
      await feed.stop();
    },
  };
}

export type { RunIdentity, RunFabric, RunTimings, RunInspector } from './run-deps';
export { DEFAULT_RUN_TIMINGS } from './run-deps';
export type { RunOrchestrator, StartRunRequest } from './orchestrator';
export type { RunMonitor } from './monitor';
