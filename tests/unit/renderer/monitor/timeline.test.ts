import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../../src/renderer/src/pages/monitor/run-timeline';
import { makeEvent, makeRun, transition } from './fixtures';

const T0 = Date.parse('2026-01-05T10:00:00.000Z');

describe('status timeline', () => {
  it('gives every step of a completed run its time and duration until the next step', () => {
    const run = makeRun({ status: 'Completed', finishedAt: '2026-01-05T10:01:00.000Z' });
    const events = [
      makeEvent({ kind: 'run_requested', at: '2026-01-05T10:00:00.000Z' }),
      transition('triggering', 'NotStarted', '2026-01-05T10:00:02.000Z'),
      transition('NotStarted', 'InProgress', '2026-01-05T10:00:05.000Z'),
      transition('InProgress', 'Completed', '2026-01-05T10:01:00.000Z'),
    ];
    const steps = buildTimeline(run, events, T0 + 120_000);
    expect(steps.map((s) => [s.key, s.state, s.durationMs])).toEqual([
      ['requested', 'done', 0],
      ['triggering', 'done', 2_000],
      ['NotStarted', 'done', 3_000],
      ['InProgress', 'done', 55_000],
      ['end', 'done', null],
    ]);
    expect(steps[4]?.label).toBe('Completed');
    expect(steps[4]?.at).toBe('2026-01-05T10:01:00.000Z');
  });

  it('counts the current step up to now and leaves the end pending', () => {
    const run = makeRun({ status: 'NotStarted', statusChangedAt: '2026-01-05T10:00:02.000Z' });
    const steps = buildTimeline(
      run,
      [transition('triggering', 'NotStarted', '2026-01-05T10:00:02.000Z')],
      T0 + 9_000,
    );
    const queued = steps.find((s) => s.key === 'NotStarted');
    expect(queued).toMatchObject({ state: 'current', durationMs: 7_000 });
    expect(steps.find((s) => s.key === 'InProgress')?.state).toBe('pending');
    expect(steps.at(-1)).toMatchObject({ key: 'end', state: 'pending', at: null });
  });

  it('marks a queue step Fabric skipped (first poll already InProgress) as skipped, not pending', () => {
    const run = makeRun({ status: 'Failed', finishedAt: '2026-01-05T10:00:30.000Z' });
    const events = [
      transition('triggering', 'InProgress', '2026-01-05T10:00:03.000Z'),
      transition('InProgress', 'Failed', '2026-01-05T10:00:30.000Z'),
    ];
    const steps = buildTimeline(run, events, T0 + 60_000);
    expect(steps.find((s) => s.key === 'NotStarted')?.state).toBe('skipped');
    expect(steps.find((s) => s.key === 'InProgress')?.durationMs).toBe(27_000);
    expect(steps.at(-1)?.label).toBe('Failed');
  });

  it('places the end of a run whose final transition event is missing at its finish time', () => {
    const run = makeRun({ status: 'Lost', jobInstanceId: null, finishedAt: '2026-01-05T10:02:00.000Z' });
    const steps = buildTimeline(run, [], T0);
    expect(steps.at(-1)).toMatchObject({ label: 'Lost', at: '2026-01-05T10:02:00.000Z', state: 'done' });
    // Fabric never had the job: queued and running were not reached (not "skipped").
    expect(steps.filter((s) => s.state === 'not-reached').map((s) => s.key)).toEqual([
      'NotStarted',
      'InProgress',
    ]);
    expect(steps.find((s) => s.key === 'triggering')?.durationMs).toBe(120_000);
  });
});
