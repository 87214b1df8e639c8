import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src/main/ipc/event-bus';
import type { Logger } from '../../../src/main/log/logger';
import { watchRunEnds, type RunEndNote } from '../../../src/main/notify/run-end-notifier';
import type { Run } from '../../../src/shared/contract/runs';

const logger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => logger,
};

const run = (runId: string, status: Run['status'], failure: Run['failure'] = null): Run => ({
  runId,
  jobInstanceId: 'job',
  inputPath: 'Files/import/sales.xlsx',
  inputName: 'sales.xlsx',
  inputSize: 1,
  inputSha256: null,
  parameters: {},
  requestedBy: 'ann',
  requestedHost: 'LAPTOP',
  status,
  statusChangedAt: '2026-01-05T10:00:00.000Z',
  createdAt: '2026-01-05T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  failure,
  kpisSource: null,
  hasKpis: false,
});

const A = '7f3c9a1e-2b4d-4c6e-8f00-112233445566';
const B = '11111111-2222-4333-8444-555555555555';

describe('run-end notifications from main', () => {
  it('announces each run it saw active exactly once when it ends, with the failure in the body', () => {
    const bus = createEventBus({ logger });
    const notes: RunEndNote[] = [];
    const stop = watchRunEnds({ events: bus, show: (n) => notes.push(n) });
    bus.emit('run.changed', { runId: B, run: run(B, 'Completed') }); // first seen ended: silent
    bus.emit('run.changed', { runId: A, run: run(A, 'InProgress') });
    bus.emit('run.changed', {
      runId: A,
      run: run(A, 'Failed', { code: 'MISSING_COLUMNS', message: 'No column X' }),
    });
    bus.emit('run.changed', {
      runId: A,
      run: run(A, 'Failed', { code: 'MISSING_COLUMNS', message: 'No column X' }),
    });
    bus.emit('run.changed', { runId: null, run: null });
    expect(notes).toEqual([{ runId: A, title: 'Run failed', body: 'sales.xlsx: No column X' }]);
    stop();
    bus.emit('run.changed', { runId: B, run: run(B, 'InProgress') });
    bus.emit('run.changed', { runId: B, run: run(B, 'Completed') });
    expect(notes).toHaveLength(1);
  });
});
