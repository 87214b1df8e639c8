import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index';
import { DEFAULT_SAMPLE_PATH } from '../../../src/emulator/seed';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import { FABRIC_SCOPE, fabricCall, pipelinePath, pollJob, tokenFor } from './support/fixture';

/** Whether src/main/ingest still holds the placeholder that throws "not implemented yet". */
async function engineIsPlaceholder(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'engine-probe-'));
  try {
    await runSalesPipeline({
      lakehouseDir: dir,
      inputPath: 'Files/import/none.xlsx',
      runId: 'probe',
      parameters: {},
      requestedBy: null,
    });
    return false;
  } catch (err) {
    return /not implemented yet/.test(err instanceof Error ? err.message : String(err));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('emulator runs the real local engine for a Pipeline job', { timeout: 150_000 }, () => {
  let emu: Emulator;
  let token: string;
  const calls: Array<{
    runId: string;
    inputPath: string;
    requestedBy: string | null;
    parameters: Record<string, string>;
  }> = [];

  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, seedSample: true });
    token = await tokenFor(emu, FABRIC_SCOPE);
  });
  afterAll(async () => emu.stop());

  it('passes the job parameters to runSalesPipeline and reports its outcome', async () => {
    const placeholder = await engineIsPlaceholder();
    const res = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, {
      token,
      body: {
        executionData: {
          parameters: {
            run_id: 'run-engine-1',
            input_path: 'Files/import/sales_orders_fact.xlsx',
            requested_by: emu.env.OWNER_UPN,
          },
        },
      },
    });
    expect(res.status).toBe(202);
    const { job } = await pollJob(emu, token, String(res.headers.location), undefined, 140_000);
    if (placeholder) {
      // The engine is still the placeholder: the job must fail and say why.
      expect(job.status).toBe('Failed');
      expect(job.failureReason?.errorCode).toBe('JobInstanceStatusFailed');
      expect(job.failureReason?.message).toContain('not implemented yet');
    } else if (existsSync(DEFAULT_SAMPLE_PATH)) {
      expect(job.failureReason).toBeNull();
      expect(job.status).toBe('Completed');
      expect(existsSync(join(emu.lakehouseDir, 'Files', 'results', 'runs', 'run-engine-1'))).toBe(true);
    } else {
      // The engine exists but the sample workbook does not yet: the engine's own failure must surface.
      expect(job.status).toBe('Failed');
      expect(job.failureReason?.message).toMatch(/sales_orders_fact\.xlsx|not found|does not exist|missing/i);
    }
  });

  it('hands run_id, input_path, requested_by, the other parameters and an AbortSignal to an injected runner', async () => {
    const custom = await startEmulator({
      speed: 20,
      pipelineRunner: async (req) => {
        calls.push({
          runId: req.runId,
          inputPath: req.inputPath,
          requestedBy: req.requestedBy,
          parameters: req.parameters,
        });
        await new Promise<void>((resolve) =>
          req.signal?.addEventListener('abort', () => resolve(), { once: true }),
        );
        throw new Error('aborted');
      },
    });
    try {
      const t = await tokenFor(custom, FABRIC_SCOPE);
      const res = await fabricCall(custom, 'POST', `${pipelinePath(custom)}/Pipeline/instances`, {
        token: t,
        body: {
          executionData: {
            parameters: { run_id: 'r9', input_path: 'Files/import/a.xlsx', requested_by: 'x@y', full: true },
          },
        },
      });
      const location = String(res.headers.location);
      await pollJob(custom, t, location, ['InProgress']);
      await fabricCall(custom, 'POST', `${location}/cancel`, { token: t });
      const { job } = await pollJob(custom, t, location);
      expect(job.status).toBe('Cancelled');
      expect(calls).toEqual([
        {
          runId: 'r9',
          inputPath: 'Files/import/a.xlsx',
          requestedBy: 'x@y',
          parameters: { run_id: 'r9', input_path: 'Files/import/a.xlsx', requested_by: 'x@y', full: 'true' },
        },
      ]);
    } finally {
      await custom.stop();
    }
  });

  it('a runner result of failed ends the job Failed with its error code', async () => {
    const custom = await startEmulator({
      speed: 20,
      pipelineRunner: async () => ({
        status: 'failed',
        error: { code: 'SchemaMismatch', message: 'column quantity is missing' },
        metadata: {} as never,
      }),
    });
    try {
      const t = await tokenFor(custom, FABRIC_SCOPE);
      const res = await fabricCall(custom, 'POST', `${pipelinePath(custom)}/Pipeline/instances`, {
        token: t,
      });
      const { job } = await pollJob(custom, t, String(res.headers.location));
      expect(job.status).toBe('Failed');
      expect(job.failureReason).toMatchObject({
        errorCode: 'SchemaMismatch',
        message: 'column quantity is missing',
      });
    } finally {
      await custom.stop();
    }
  });
});
