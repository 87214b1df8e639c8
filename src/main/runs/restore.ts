import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import type { RestoreResult } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { Logger } from '../log/logger';
import type { RunLockRepo } from './lock-repo';
import { LOCKED_HINT, lockedMessage } from './lock-view';
import type { RunIdentity, RunTimings } from './run-deps';
import type { RunRepo } from './run-repo';

const RESULTS = 'Files/results';
const CURRENT = `${RESULTS}/current`;

/**
 * Makes a completed run's snapshot the current results again. Holds the run lock meanwhile (so no run can
 * swap current/ at the same time) and swaps by rename: the copy is written to current.tmp-<x>, then
 * current is renamed aside and the copy renamed into place, so readers see the old set or the new one.
 */
export class RunRestorer {
  constructor(
    private readonly deps: {
      runs: RunRepo;
      lock: RunLockRepo;
      onelake: OneLakeClient;
      identity: RunIdentity;
      timings: RunTimings;
      logger: Logger;
    },
  ) {}

  async restore(runId: string, reason?: string): Promise<RestoreResult> {
    const { runs, lock, onelake, identity } = this.deps;
    const run = await runs.require(runId);
    if (run.status !== 'Completed') {
      throw new AppError(
        'CONFLICT',
        `Run ${runId} ended ${run.status}; only a completed run can be restored.`,
      );
    }
    const active = await runs.active();
    const grant = await lock.acquire({
      holderId: identity.holderId,
      holderLabel: identity.label,
      runId,
      leaseSec: this.deps.timings.lockLeaseSec,
    });
    if ('heldBy' in grant) throw new AppError('LOCKED', lockedMessage(grant.heldBy), LOCKED_HINT);
    try {
      const other = active.find((r) => r.runId !== runId);
      if (other) {
        throw new AppError(
          'LOCKED',
          `Run ${other.runId} is still ${other.status}; results cannot be restored while a run is active.`,
          LOCKED_HINT,
        );
      }
      const source = `${RESULTS}/runs/${runId}`;
      const entries = (await onelake.list(source, { recursive: true })).filter((e) => !e.isDirectory);
      if (entries.length === 0) {
        throw new AppError(
          'NOT_FOUND',
          `The snapshot ${source}/ is empty or missing in OneLake; nothing to restore.`,
        );
      }
      const previousRunId = await runs.currentRunId();
      const x = randomUUID().slice(0, 8);
      const tmp = `${RESULTS}/current.tmp-${x}`;
      const old = `${RESULTS}/current.old-${x}`;
      const files: string[] = [];
      try {
        for (const e of entries) {
          const rel = e.path.slice(source.length + 1);
          const bytes = e.size > 0 ? await onelake.readRange(e.path, 0, e.size) : Buffer.alloc(0);
          await onelake.upload(`${tmp}/${rel}`, bytes);
          files.push(rel);
        }
        if (await onelake.exists(CURRENT)) await onelake.rename(CURRENT, old);
        await onelake.rename(tmp, CURRENT);
      } catch (e) {
        await onelake.delete(tmp, { recursive: true }).catch(() => undefined);
        throw e;
      }
      await onelake.delete(old, { recursive: true }).catch(() => undefined);
      const why = reason?.trim() || `Restored by ${identity.label}`;
      const restoredAt = await runs.recordRestore({
        runId,
        previousRunId,
        actor: identity.actor,
        host: identity.host,
        reason: why,
        data: { files },
      });
      await lock.appendEvent({
        runId,
        kind: 'results_restored',
        message: `Files/results/current now holds run ${runId} (${why})`,
        data: { previousRunId, files },
        token: grant.token,
      });
      this.deps.logger.info('Results restored', { runId, previousRunId });
      return { runId, previousRunId, restoredAt: restoredAt.toISOString(), files: files.sort() };
    } finally {
      await lock.release(grant.token, `restore of ${runId} finished`).catch(() => false);
    }
  }
}
