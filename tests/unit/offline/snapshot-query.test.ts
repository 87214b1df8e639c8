import { describe, expect, it } from 'vitest';
import { queryRuns } from '../../../src/main/offline/snapshot-query';
import { RunListQuerySchema, type Run } from '../../../src/shared/contract/runs';

const run = (n: number, over: Partial<Run> = {}): Run => ({
  runId: `00000000-0000-4000-8000-00000000000${n}`,
  jobInstanceId: null,
  inputPath: `Files/import/in${n}.xlsx`,
  inputName: `in${n}.xlsx`,
  inputSize: null,
  inputSha256: null,
  parameters: {},
  requestedBy: n % 2 ? 'Ann' : 'bob',
  requestedHost: 'h',
  status: n % 2 ? 'Completed' : 'Failed',
  statusChangedAt: `2026-01-0${n}T10:00:00Z`,
  createdAt: `2026-01-0${n}T10:00:00Z`,
  startedAt: null,
  finishedAt: null,
  failure: n % 2 ? null : { code: 'X', message: `broken column ${n}` },
  kpisSource: null,
  hasKpis: false,
  ...over,
});
const runs = [1, 2, 3, 4, 5].map((n) => run(n));
const q = (input: object) => RunListQuerySchema.parse(input);

describe('runs.list over the offline snapshot', () => {
  it('filters by changedSince like the database, keeping copies saved without updatedAt', () => {
    const changed = [
      run(1, { updatedAt: '2026-02-01T00:00:00.000Z' }),
      run(2, { updatedAt: '2026-01-02T10:00:00.000Z' }),
      run(3),
    ];
    const since = q({ changedSince: '2026-01-15T00:00:00Z' });
    expect(queryRuns(changed, since).runs.map((r) => r.inputName)).toEqual(['in3.xlsx', 'in1.xlsx']);
  });

  it('is newest first by default, with paging and the total of all matches', () => {
    const page = queryRuns(runs, q({ limit: 2, offset: 1 }));
    expect(page.runs.map((r) => r.inputName)).toEqual(['in4.xlsx', 'in3.xlsx']);
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
  });

  it('filters by status, requester (case-insensitive), date range and free text', () => {
    expect(queryRuns(runs, q({ status: ['Failed'] })).runs.map((r) => r.inputName)).toEqual([
      'in4.xlsx',
      'in2.xlsx',
    ]);
    expect(queryRuns(runs, q({ requestedBy: 'ANN' })).total).toBe(3);
    expect(
      queryRuns(runs, q({ from: '2026-01-02T00:00:00Z', to: '2026-01-04T10:00:00Z' })).runs.map(
        (r) => r.inputName,
      ),
    ).toEqual(['in3.xlsx', 'in2.xlsx']);
    expect(queryRuns(runs, q({ text: 'column 4' })).runs.map((r) => r.inputName)).toEqual(['in4.xlsx']);
    expect(queryRuns(runs, q({ text: 'nothing like this' })).total).toBe(0);
  });

  it('sorts ascending by another field, ties newest first', () => {
    const page = queryRuns(runs, q({ sort: 'status', direction: 'asc' }));
    expect(page.runs.map((r) => r.inputName)).toEqual([
      'in5.xlsx',
      'in3.xlsx',
      'in1.xlsx',
      'in4.xlsx',
      'in2.xlsx',
    ]);
  });
});
