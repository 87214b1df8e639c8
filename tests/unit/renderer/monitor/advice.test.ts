import { describe, expect, it } from 'vitest';
import { cancelBlocker } from '../../../../src/renderer/src/pages/monitor/cancel-blocker';
import { failureAdvice } from '../../../../src/renderer/src/pages/monitor/failure-advice';
import { runEndNotice } from '../../../../src/renderer/src/pages/monitor/run-end-notice';
import { waitingReasons } from '../../../../src/renderer/src/pages/monitor/waiting-reason';
import type { LockStatus } from '../../../../src/shared/contract/runs';
import { makeEvent, makeRun, RUN_ID } from './fixtures';

const NOW = Date.parse('2026-01-05T10:01:00.000Z');
const lockWith = (monitor: LockStatus['monitor']): LockStatus => ({
  held: true,
  holderLabel: 'ann@LAPTOP-ANN',
  runId: RUN_ID,
  acquiredAt: '2026-01-05T10:00:00.000Z',
  heartbeatAt: '2026-01-05T10:00:50.000Z',
  leaseUntil: '2026-01-05T10:02:00.000Z',
  lapsed: false,
  fencingToken: 3,
  monitor,
  now: '2026-01-05T10:01:00.000Z',
});

describe('failure advice', () => {
  it('puts a known failure code in plain words with what to do, keeping Fabric’s message as detail', () => {
    const a = failureAdvice(
      makeRun({ status: 'Failed', failure: { code: 'MISSING_COLUMNS', message: 'No column "Net sales"' } }),
    );
    expect(a).toMatchObject({ title: expect.stringMatching(/lacks columns/), code: 'MISSING_COLUMNS' });
    expect(a?.advice).toMatch(/Import page/);
    expect(a?.detail).toBe('No column "Net sales"');
  });

  it('still explains an unknown code or a failure without reason, and nothing for a good run', () => {
    expect(
      failureAdvice(makeRun({ status: 'Failed', failure: { code: 'Weird', message: 'x' } }))?.title,
    ).toBe('The run failed');
    expect(failureAdvice(makeRun({ status: 'Failed', failure: null }))?.code).toBe('JobInstanceStatusFailed');
    expect(failureAdvice(makeRun({ status: 'Completed' }))).toBeNull();
  });
});

describe('why a run waits', () => {
  it('says the run is queued in Fabric and who polls it', () => {
    const run = makeRun({ status: 'NotStarted' });
    const reasons = waitingReasons(
      run,
      lockWith({ holderLabel: 'bob@LAPTOP-BOB', runId: RUN_ID, leaseUntil: '2026-01-05T10:01:20.000Z' }),
      { status: 'ok', message: 'Fabric answers.', checkedAt: null },
      NOW,
    );
    expect(reasons.map((r) => r.key)).toEqual(['queued', 'monitor']);
    expect(reasons[1]?.title).toContain('bob@LAPTOP-BOB');
  });

  it('warns of throttling and of a lapsed monitor lease, and says nothing for an ended run', () => {
    const run = makeRun({ status: 'InProgress' });
    const reasons = waitingReasons(
      run,
      lockWith({ holderLabel: 'bob@LAPTOP-BOB', runId: RUN_ID, leaseUntil: '2026-01-05T10:00:30.000Z' }),
      { status: 'degraded', message: 'Fabric answered 429 Too Many Requests.', checkedAt: null },
      NOW,
    );
    expect(reasons.map((r) => [r.key, r.tone])).toEqual([
      ['fabric', 'warning'],
      ['monitor-lapsed', 'warning'],
    ]);
    expect(reasons[0]?.title).toMatch(/throttling/);
    expect(
      waitingReasons(makeRun({ status: 'InProgress' }), lockWith(null), null, NOW).map((r) => r.key),
    ).toEqual(['monitor-none']);
    expect(waitingReasons(makeRun({ status: 'Completed' }), lockWith(null), null, NOW)).toEqual([]);
  });
});

describe('cancel', () => {
  it('is blocked with a reason for ended runs, runs without a Fabric job and runs already being cancelled', () => {
    expect(cancelBlocker(makeRun(), [])).toBeNull();
    expect(cancelBlocker(makeRun({ status: 'Completed' }), [])).toMatch(/already ended/);
    expect(cancelBlocker(makeRun({ status: 'triggering', jobInstanceId: null }), [])).toMatch(
      /not given the job an id/,
    );
    expect(cancelBlocker(makeRun(), [makeEvent({ kind: 'cancel_requested' })])).toMatch(/requested/);
  });
});

describe('run end notice', () => {
  it('notifies only a change from active to ended that this window saw', () => {
    expect(runEndNotice('InProgress', makeRun({ status: 'Completed' }))).toMatchObject({
      title: 'Run completed',
    });
    const failed = runEndNotice(
      'InProgress',
      makeRun({ status: 'Failed', failure: { code: 'MISSING_COLUMNS', message: 'x' } }),
    );
    expect(failed?.title).toBe('Run failed');
    expect(failed?.body).toMatch(/sales\.xlsx: The workbook lacks columns/);
    expect(runEndNotice(undefined, makeRun({ status: 'Completed' }))).toBeNull();
    expect(runEndNotice('Completed', makeRun({ status: 'Completed' }))).toBeNull();
    expect(runEndNotice('NotStarted', makeRun({ status: 'InProgress' }))).toBeNull();
  });
});
