import { composeApp } from '../../../src/main/compose';
import { silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import type { Result } from '../../../src/shared/contract/result';
import type { Run } from '../../../src/shared/contract/runs';
import { FAST_TIMINGS, until } from '../../integration/runs/harness';

// Runs made through the real composition root (PGlite + the in-process emulator running the engine) with
// fast timings on a data folder before the preview host opens it, so a page test starts with run history.

export interface RunToMake {
  /** a lakehouse path, e.g. Files/import/sales_feb.xlsx */
  inputPath: string;
  parameters?: Record<string, string>;
}

/**
 * Starts each run after the one before has completed; returns their run ids in order. Fails with the
 * router's error when a run is refused, or when one has not completed within timeoutMs.
 */
export async function makeCompletedRuns(
  dataDir: string,
  runs: readonly RunToMake[],
  options: { sender: string; timeoutMs?: number },
): Promise<string[]> {
  const app = await composeApp({
    host: 'preview',
    dataDir,
    logger: silentLogger,
    redactor: new Redactor(),
    version: '0.0.0-test',
    runs: { timings: FAST_TIMINGS },
  });
  const ctx = { host: 'preview' as const, sender: options.sender };
  const ids: string[] = [];
  try {
    for (const { inputPath, parameters } of runs) {
      const input = parameters ? { inputPath, parameters } : { inputPath };
      const r = (await app.router.dispatch('runs.start', input, ctx)) as Result<Run>;
      if (!r.ok) throw new Error(`runs.start: ${r.error.code} ${r.error.message}`);
      const { runId } = r.value;
      await until(
        async () => {
          const g = (await app.router.dispatch('runs.get', { runId }, ctx)) as Result<Run>;
          return g.ok && g.value.status === 'Completed';
        },
        `run of ${inputPath} to complete`,
        options.timeoutMs,
      );
      ids.push(runId);
    }
  } finally {
    await app.dispose();
  }
  return ids;
}
