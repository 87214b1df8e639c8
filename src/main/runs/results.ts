import { AppError } from '../../shared/contract/errors';
import type { Results } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import { kpisPath, readKpis } from './run-recorder';
import type { RunRepo } from './run-repo';

export const CURRENT_KPIS_PATH = 'Files/results/current/kpis.json';

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * KPIs from OneLake (the source of truth) or, when OneLake cannot be read, from the copy saved in
 * pipeline_runs.kpis at completion, always saying which and why.
 */
export class ResultsReader {
  constructor(private readonly deps: { onelake: OneLakeClient; runs: RunRepo }) {}

  async current(runId?: string): Promise<Results> {
    return runId === undefined ? this.currentResults() : this.ofRun(runId);
  }

  private async ofRun(runId: string): Promise<Results> {
    const run = await this.deps.runs.require(runId);
    const path = kpisPath(runId);
    try {
      const kpis = await readKpis(this.deps.onelake, path);
      return { runId, source: 'onelake', reason: `Read from ${path} in OneLake.`, path, kpis };
    } catch (e) {
      if (run.kpis) {
        return {
          runId,
          source: 'database',
          reason: `OneLake could not be read (${reasonOf(e)}); showing the copy saved in the database when the run completed.`,
          path: run.kpisSource?.replace(/^onelake:/, '') ?? null,
          kpis: run.kpis,
        };
      }
      if (e instanceof AppError && e.code === 'NOT_FOUND') {
        return {
          runId,
          source: 'none',
          reason: `Run ${runId} (${run.status}) has no kpis.json in OneLake and no copy in the database.`,
          path: null,
          kpis: null,
        };
      }
      throw e;
    }
  }

  private async currentResults(): Promise<Results> {
    try {
      const kpis = await readKpis(this.deps.onelake, CURRENT_KPIS_PATH);
      return {
        runId: kpis.run_id,
        source: 'onelake',
        reason: `Read from ${CURRENT_KPIS_PATH} in OneLake.`,
        path: CURRENT_KPIS_PATH,
        kpis,
      };
    } catch (e) {
      const runId = await this.deps.runs.currentRunId();
      const run = runId ? await this.deps.runs.get(runId) : null;
      if (run?.kpis) {
        return {
          runId: run.runId,
          source: 'database',
          reason: `${CURRENT_KPIS_PATH} could not be read (${reasonOf(e)}); showing the database copy of the latest completed or restored run.`,
          path: null,
          kpis: run.kpis,
        };
      }
      if (e instanceof AppError && e.code === 'NOT_FOUND') {
        return {
          runId: null,
          source: 'none',
          reason: 'No run has produced results yet.',
          path: null,
          kpis: null,
        };
      }
      throw e;
    }
  }
}
