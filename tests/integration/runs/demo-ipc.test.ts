import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput, EventPayload } from '../../../src/shared/contract';
import { useComposedApp } from '../../support/composed-app';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from './harness';

// The Demo profile end to end through the real composition root and router: PGlite in <dataDir>/demo/pgdata,
// the in-process emulator with its lakehouse in <dataDir>/demo/lakehouse, every runs/lock/files/results
// channel, and the run.changed / lock.changed push events.

const demo = useComposedApp({ tempPrefix: 'portal-demo-ipc-', timings: FAST_TIMINGS });
const call = demo.send;

describe('Demo profile: runs over IPC (PGlite + in-process emulator)', () => {
  it('lists the seeded sample, inspects it, runs it to Completed with push events, and reports health', async () => {
    const runEvents: EventPayload<'run.changed'>[] = [];
    const lockEvents: EventPayload<'lock.changed'>[] = [];
    const off1 = demo.app.events.on('run.changed', (p) => runEvents.push(p));
    const off2 = demo.app.events.on('lock.changed', (p) => lockEvents.push(p));

    const files = (await call('files.list', {})) as ChannelOutput<'files.list'>;
    expect(files.files.map((f) => f.path)).toContain(SAMPLE_INPUT);
    expect(existsSync(join(demo.dataDir, 'demo', 'pgdata'))).toBe(true);
    expect(
      existsSync(join(demo.dataDir, 'demo', 'lakehouse', 'Files', 'import', 'sales_orders_fact.xlsx')),
    ).toBe(true);

    const inspection = (await call('files.inspect', {
      path: SAMPLE_INPUT,
      maxRows: 5,
    })) as ChannelOutput<'files.inspect'>;
    expect(inspection.rows).toHaveLength(5);
    expect(inspection.missingRequired).toEqual([]);
    expect(inspection.profile.rules.length).toBeGreaterThan(0);

    const run = (await call('runs.start', {
      inputPath: SAMPLE_INPUT,
      parameters: { region: 'EMEA' },
    })) as ChannelOutput<'runs.start'>;
    expect(run.status).toBe('NotStarted');
    const done = await until(async () => {
      const r = (await call('runs.get', { runId: run.runId })) as ChannelOutput<'runs.get'>;
      return r.status === 'Completed' ? r : undefined;
    }, 'the demo run to complete');
    expect(done.hasKpis).toBe(true);
    await until(
      async () => runEvents.some((e) => e.run?.runId === run.runId && e.run.status === 'Completed'),
      'a run.changed for Completed',
    );
    await until(
      async () => lockEvents.some((e) => e.held && e.runId === run.runId),
      'a lock.changed while held',
    );
    await until(async () => lockEvents.some((e) => !e.held), 'a lock.changed after release');

    const list = (await call('runs.list', {
      status: ['Completed'],
      limit: 10,
    })) as ChannelOutput<'runs.list'>;
    expect(list.total).toBe(1);
    expect(list.runs[0]?.runId).toBe(run.runId);
    const none = (await call('runs.list', { text: 'no-such-thing' })) as ChannelOutput<'runs.list'>;
    expect(none.total).toBe(0);

    const events = (await call('runs.events', { runId: run.runId })) as ChannelOutput<'runs.events'>;
    expect(events.events.filter((e) => e.kind === 'status_changed').map((e) => e.toStatus)).toEqual([
      'NotStarted',
      'InProgress',
      'Completed',
    ]);
    const results = (await call('results.current', {})) as ChannelOutput<'results.current'>;
    expect(results).toMatchObject({ source: 'onelake', runId: run.runId });
    expect(results.kpis?.run_id).toBe(run.runId);

    const health = (await call('app.health', {})) as ChannelOutput<'app.health'>;
    expect(health.database.status).toBe('ok');
    await until(
      async () => ((await call('app.health', {})) as ChannelOutput<'app.health'>).onelake.status === 'ok',
      'onelake health',
    );
    expect(((await call('app.health', {})) as ChannelOutput<'app.health'>).fabric.status).toBe('ok');
    off1();
    off2();
  }, 240_000);

  it('restores an earlier run into Files/results/current and records it', async () => {
    const first = ((await call('runs.list', { status: ['Completed'] })) as ChannelOutput<'runs.list'>)
      .runs[0]!;
    const second = (await call('runs.start', { inputPath: SAMPLE_INPUT })) as ChannelOutput<'runs.start'>;
    // While the second run is active, a restore is refused.
    await expect(call('runs.restore', { runId: first.runId })).rejects.toMatchObject({ code: 'LOCKED' });
    await until(
      async () =>
        ((await call('runs.get', { runId: second.runId })) as ChannelOutput<'runs.get'>).status ===
        'Completed',
      'the second run',
    );
    await until(
      async () => !((await call('lock.status', {})) as ChannelOutput<'lock.status'>).held,
      'the lock',
    );
    expect(((await call('results.current', {})) as ChannelOutput<'results.current'>).runId).toBe(
      second.runId,
    );

    const restored = (await call('runs.restore', {
      runId: first.runId,
      reason: 'second run used the wrong file',
    })) as ChannelOutput<'runs.restore'>;
    expect(restored).toMatchObject({ runId: first.runId, previousRunId: second.runId });
    expect(restored.files).toContain('kpis.json');
    const current = (await call('results.current', {})) as ChannelOutput<'results.current'>;
    expect(current).toMatchObject({ runId: first.runId, source: 'onelake' });
    const resultsDir = join(demo.dataDir, 'demo', 'lakehouse', 'Files', 'results');
    expect(readdirSync(resultsDir).sort()).toEqual(['current', 'runs']);
    const kinds = (
      (await call('runs.events', { runId: first.runId })) as ChannelOutput<'runs.events'>
    ).events.map((e) => e.kind);
    expect(kinds).toContain('results_restored');
  }, 240_000);

  it('answers bad input with clear errors: unknown run, lock release without reason', async () => {
    await expect(call('runs.get', { runId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(call('lock.forceRelease', { reason: '  ' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('runs.start', { inputPath: 'Files/import/../secrets.xlsx' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
