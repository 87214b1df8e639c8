import type { Run, RunEvent } from '../../../../src/shared/contract/runs';

export const RUN_ID = '7f3c9a1e-2b4d-4c6e-8f00-112233445566';

export function makeRun(patch: Partial<Run> = {}): Run {
  return {
    runId: RUN_ID,
    jobInstanceId: 'job-1',
    inputPath: 'Files/import/sales.xlsx',
    inputName: 'sales.xlsx',
    inputSize: 1000,
    inputSha256: null,
    parameters: {},
    requestedBy: 'ann@contoso.com',
    requestedHost: 'LAPTOP-ANN',
    status: 'InProgress',
    statusChangedAt: '2026-01-05T10:00:10.000Z',
    createdAt: '2026-01-05T10:00:00.000Z',
    startedAt: '2026-01-05T10:00:10.000Z',
    finishedAt: null,
    failure: null,
    kpisSource: null,
    hasKpis: false,
    ...patch,
  };
}

let nextId = 1;
export function makeEvent(patch: Partial<RunEvent> = {}): RunEvent {
  return {
    id: nextId++,
    runId: RUN_ID,
    at: '2026-01-05T10:00:00.000Z',
    actor: 'ann@contoso.com',
    host: 'LAPTOP-ANN',
    kind: 'status_changed',
    fromStatus: null,
    toStatus: null,
    message: null,
    data: null,
    ...patch,
  };
}

export const transition = (from: string, to: string, at: string): RunEvent =>
  makeEvent({ kind: 'status_changed', fromStatus: from, toStatus: to, at, message: `Fabric reports ${to}` });
