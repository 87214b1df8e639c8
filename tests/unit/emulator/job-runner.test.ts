import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/emulator/faults';
import { type JobInstance, JobRunner, type PipelineRunner } from '../../../src/emulator/job-runner';

const input = {
  workspaceId: 'w',
  itemId: 'p',
  jobType: 'Pipeline',
  parameters: {},
  ownerUpn: null,
  ownerObjectId: null,
};

function runner(opts: { dedupe?: boolean; run?: PipelineRunner } = {}): {
  r: JobRunner;
  faults: FaultController;
} {
  const faults = new FaultController();
  const r = new JobRunner({
    speed: 100,
    dedupe: opts.dedupe ?? false,
    faults,
    runPipeline: opts.run ?? (async () => ({ status: 'succeeded', metadata: {} as never })),
    lakehouseDir: '/nowhere',
    pipelineJobTypes: ['Pipeline'],
  });
  return { r, faults };
}

async function settle(job: JobInstance): Promise<void> {
  for (let i = 0; i < 500 && !['Completed', 'Failed', 'Cancelled', 'Deduped'].includes(job.status); i++) {
    await new Promise((res) => setTimeout(res, 2));
  }
}

describe('JobRunner (logic, injected engine)', () => {
  it('runs the engine and completes', async () => {
    const { r } = runner();
    const job = r.create(input);
    expect(job.status).toBe('NotStarted');
    await settle(job);
    expect(job.status).toBe('Completed');
    expect(job.endTimeUtc).not.toBeNull();
  });

  it('a thrown engine error fails the job with the message', async () => {
    const { r } = runner({ run: async () => Promise.reject(new Error('disk full')) });
    const job = r.create(input);
    await settle(job);
    expect(job.failureReason).toMatchObject({ errorCode: 'JobInstanceStatusFailed' });
    expect(job.failureReason?.message).toContain('disk full');
  });

  it('dedupes only while another run of the item is active', async () => {
    const { r, faults } = runner({ dedupe: true });
    faults.nextJob({ kind: 'hang' });
    const first = r.create(input);
    const second = r.create(input);
    expect(second.status).toBe('Deduped');
    expect(r.cancel(first.id)).toBe('accepted');
    await settle(first);
    expect(first.status).toBe('Cancelled');
    expect(r.create(input).status).toBe('NotStarted');
    expect(r.cancel(second.id)).toBe('terminal');
    expect(r.cancel('nope')).toBe('notfound');
    await r.stop();
  });

  it('lists newest first', async () => {
    const { r } = runner();
    const a = r.create(input);
    await new Promise((res) => setTimeout(res, 3));
    const b = r.create({ ...input, itemId: 'q' });
    expect(r.list().map((j) => j.id)).toEqual([b.id, a.id]);
    expect(r.list('p').map((j) => j.id)).toEqual([a.id]);
    await r.stop();
  });
});
