import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/emulator/faults';
import { JobRunner } from '../../../src/emulator/job-runner';
import { PIPELINE_JOB_TYPES } from '../../../src/emulator/jobs-api';
import { createWorkerPipelineRunner } from '../../../src/main/ingest/worker-pipeline-runner';
import { KpisSchema } from '../../../src/shared/artifacts';

// The Demo emulator's engine in a worker_threads Worker (from TypeScript source through tsx here; the
// built entry is exercised by tests/integration/demo/demo-run.test.ts through the built preview host).

const SAMPLE = resolve('resources/sample/sales_orders_fact.xlsx');
const INPUT = 'Files/import/sales_orders_fact.xlsx';
let lake: string;
/** how long a whole run of the sample took in the first test: the cancel test aims at its first quarter */
let fullRunMs = 2_000;

beforeAll(() => {
  lake = mkdtempSync(join(tmpdir(), 'worker-runner-'));
  mkdirSync(join(lake, 'Files/import'), { recursive: true });
  copyFileSync(SAMPLE, join(lake, INPUT));
});
afterAll(() => rmSync(lake, { recursive: true, force: true }));

const request = (runId: string, signal?: AbortSignal) => ({
  lakehouseDir: lake,
  inputPath: INPUT,
  runId,
  parameters: { input_path: INPUT, run_id: runId },
  requestedBy: 'tester@example.com',
  ...(signal ? { signal } : {}),
});

describe('worker pipeline runner', () => {
  it('runs the engine in a worker to success, writing the run folder and swapping current/', async () => {
    const runner = createWorkerPipelineRunner();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    const t0 = performance.now();
    const result = await runner(request('run-ok'));
    fullRunMs = performance.now() - t0;
    clearInterval(ticker);
    expect(result.status).toBe('succeeded');
    expect(result.metadata.run_id).toBe('run-ok');
    const kpis = KpisSchema.parse(
      JSON.parse(readFileSync(join(lake, 'Files/results/runs/run-ok/kpis.json'), 'utf8')),
    );
    expect(kpis.order_count).toBeGreaterThan(0);
    expect(existsSync(join(lake, 'Files/results/current/kpis.json'))).toBe(true);
    // The calling thread kept running its own timers while the engine worked.
    expect(ticks).toBeGreaterThan(0);
  }, 240_000);

  it('rejects with CANCELLED at once when the signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(createWorkerPipelineRunner()(request('run-pre', abort.signal))).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('abort terminates the worker: the emulator job ends Cancelled and the run never completes', async () => {
    const jobs = new JobRunner({
      speed: 10,
      dedupe: false,
      faults: new FaultController(),
      runPipeline: createWorkerPipelineRunner(),
      lakehouseDir: lake,
      pipelineJobTypes: PIPELINE_JOB_TYPES,
    });
    const job = jobs.create({
      workspaceId: 'w',
      itemId: 'p',
      jobType: 'Pipeline',
      parameters: { input_path: INPUT, run_id: 'run-cancel' },
      ownerUpn: null,
      ownerObjectId: null,
    });
    const until = async (ok: () => boolean): Promise<void> => {
      while (!ok()) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => job.status === 'InProgress');
    // Let the worker get going, but cancel well before a whole run could have finished: a fixed wait raced
    // the engine on a fast moment (it once wrote kpis.json before the cancel arrived).
    await new Promise((r) => setTimeout(r, Math.min(1_500, fullRunMs / 4)));
    expect(jobs.cancel(job.id)).toBe('accepted');
    await until(() => job.status !== 'InProgress');
    expect(job.status).toBe('Cancelled');
    expect(existsSync(join(lake, 'Files/results/runs/run-cancel/kpis.json'))).toBe(false);
    await jobs.stop();
  }, 120_000);
});
