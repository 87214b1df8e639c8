import { describe, expect, it, vi } from 'vitest';
import type { TablePage } from '../../../../src/shared/contract/artifacts';
import type { Result } from '../../../../src/shared/contract/result';
import {
  GridPages,
  BLOCK_ROWS,
  type FetchPage,
} from '../../../../src/renderer/src/pages/results/grid/grid-pages';

type Request = Parameters<FetchPage>[0];

/** A table of `total` rows whose only column is the row number; answers wait until the test releases them. */
function deferredTable(total: number) {
  const requests: { request: Request; answer: () => void }[] = [];
  const fetch: FetchPage = (request) =>
    new Promise<Result<TablePage>>((resolve) => {
      const filtered = request.filters.length > 0 ? Math.floor(total / 2) : total;
      const rows: number[][] = [];
      for (let i = request.offset; i < Math.min(filtered, request.offset + request.limit); i++)
        rows.push([i]);
      requests.push({
        request,
        answer: () =>
          resolve({
            ok: true,
            value: {
              runId: request.runId,
              total: filtered,
              offset: request.offset,
              columns: [{ name: 'n', type: 'integer' }],
              rows,
              source: 'parquet',
            },
          }),
      });
    });
  const flush = async () => {
    while (requests.length > 0) {
      requests.splice(0).forEach((r) => r.answer());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { fetch, requests, flush };
}

const RUN = '00000000-0000-4000-8000-000000000001';

describe('grid pages', () => {
  it('asks for exactly the blocks on screen first, in one request, then prefetches neighbours', async () => {
    const t = deferredTable(1_000_000);
    const grid = new GridPages(t.fetch, 0);
    grid.open(RUN, { sort: [], filters: [] });
    // Before the size is known only the first block is asked for.
    expect(t.requests.map((r) => [r.request.offset, r.request.limit])).toEqual([[0, BLOCK_ROWS]]);
    await t.flush();
    expect(grid.getSnapshot()).toMatchObject({
      total: 1_000_000,
      unfilteredTotal: 1_000_000,
      pending: false,
    });
    expect(grid.row(0)).toEqual([0]);

    // A screen across two blocks: one request for both, nothing else until it answered.
    grid.want(600_080, 600_120);
    expect(t.requests.map((r) => [r.request.offset, r.request.limit])).toEqual([[600_000, 2 * BLOCK_ROWS]]);
    t.requests.splice(0).forEach((r) => r.answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(grid.row(600_080)).toEqual([600_080]);
    expect(grid.row(600_120)).toEqual([600_120]);
    // The same columns keep their identity across answers (memoized rows do not re-render).
    const columns = grid.getSnapshot().columns;
    // Then the neighbours, one request at a time: below first, then above.
    expect(t.requests.map((r) => [r.request.offset, r.request.limit])).toEqual([[600_200, 5 * BLOCK_ROWS]]);
    t.requests.splice(0).forEach((r) => r.answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(t.requests.map((r) => [r.request.offset, r.request.limit])).toEqual([[599_500, 5 * BLOCK_ROWS]]);
    expect(grid.getSnapshot().columns).toBe(columns);
  });

  it('a jump asks for its rows at once, without waiting for requests of the place it left', async () => {
    const t = deferredTable(1_000_000);
    const grid = new GridPages(t.fetch, 0);
    grid.open(RUN, { sort: [], filters: [] });
    await t.flush();
    grid.want(10_000, 10_040);
    const left = t.requests.splice(0);
    expect(left).toHaveLength(1);
    grid.want(700_010, 700_050);
    expect(t.requests.map((r) => r.request.offset)).toEqual([700_000]);
    t.requests.splice(0).forEach((r) => r.answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(grid.row(700_050)).toEqual([700_050]);
    // The answer for the place left behind still arrives and is kept (same query), it just was not waited for.
    left.forEach((r) => r.answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(grid.row(10_000)).toEqual([10_000]);
  });

  it('prefetches only once the view rested, so passing places queue nothing in main', async () => {
    vi.useFakeTimers();
    try {
      const t = deferredTable(1_000_000);
      const grid = new GridPages(t.fetch, 150);
      grid.open(RUN, { sort: [], filters: [] });
      t.requests.splice(0).forEach((r) => r.answer());
      await vi.advanceTimersByTimeAsync(0);
      const asked: (typeof t.requests)[number][] = [];
      const offsets = () => {
        const now = t.requests.splice(0);
        asked.push(...now);
        return now.map((r) => r.request.offset);
      };
      for (const place of [100_000, 200_000, 300_000]) {
        grid.want(place, place + 40);
        await vi.advanceTimersByTimeAsync(0);
        expect(offsets()).toEqual([place]);
        await vi.advanceTimersByTimeAsync(100);
      }
      asked.forEach((r) => r.answer());
      await vi.advanceTimersByTimeAsync(100);
      expect(t.requests).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(100);
      // Rested at the last place: its neighbours, and nothing for the places passed.
      expect(offsets()).toEqual([300_100]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops answers for a query that is no longer current and keeps a bounded number of rows', async () => {
    const t = deferredTable(1_000_000);
    const grid = new GridPages(t.fetch, 0);
    grid.open(RUN, { sort: [], filters: [] });
    await t.flush();
    grid.want(5_000, 5_020);
    const stale = t.requests.splice(0);
    grid.setQuery({ sort: [], filters: [{ column: 'n', op: 'gt', value: 1 }] });
    stale.forEach((r) => r.answer());
    await new Promise((r) => setTimeout(r, 0));
    expect(grid.row(5_000)).toBeUndefined();
    expect(grid.getSnapshot()).toMatchObject({ total: null, pending: true, unfilteredTotal: 1_000_000 });
    await t.flush();
    expect(grid.getSnapshot()).toMatchObject({ total: 500_000, unfilteredTotal: 1_000_000 });

    // Scrolling across 100 places keeps at most 300 blocks (30,000 rows) in memory.
    for (let i = 0; i < 100; i++) {
      grid.want(i * 4_000, i * 4_000 + 20);
      await t.flush();
    }
    let kept = 0;
    for (let b = 0; b < 5_000; b++) if (grid.row(b * BLOCK_ROWS)) kept++;
    expect(kept).toBeLessThanOrEqual(300);
    expect(kept).toBeGreaterThan(100);
    expect(grid.row(99 * 4_000)).toEqual([99 * 4_000]);
  });

  it('reports an error from main and fetches again on retry', async () => {
    let fail = true;
    const t = deferredTable(10);
    const grid = new GridPages(async (req) =>
      fail
        ? {
            ok: false,
            error: {
              code: 'INPUT_INVALID',
              message: 'The offline copy is damaged.',
              hint: 'Download again.',
            },
          }
        : t.fetch(req),
    );
    grid.open(RUN, { sort: [], filters: [] });
    await new Promise((r) => setTimeout(r, 0));
    expect(grid.getSnapshot().error?.message).toBe('The offline copy is damaged.');
    fail = false;
    grid.retry();
    await t.flush();
    expect(grid.getSnapshot()).toMatchObject({ error: null, total: 10 });
    expect(grid.row(9)).toEqual([9]);
    expect(grid.row(10)).toBeUndefined();
  });

  it('tells how far main has read the shown run’s whole table, until it is ready', async () => {
    const t = deferredTable(1_000);
    const grid = new GridPages(t.fetch, 0);
    grid.open(RUN, { sort: [{ column: 'n', dir: 'desc' }], filters: [] });
    const other = '00000000-0000-4000-8000-000000000002';
    grid.tableProgress({ runId: other, rowsDone: 5, rowsTotal: 10, state: 'reading' });
    expect(grid.getSnapshot().reading).toBeNull();
    grid.tableProgress({ runId: RUN, rowsDone: 400, rowsTotal: 1_000, state: 'reading' });
    expect(grid.getSnapshot()).toMatchObject({ pending: true, reading: { rowsDone: 400, rowsTotal: 1_000 } });
    // A new sort of the same run keeps what is known of the reading; another run starts without it.
    grid.setQuery({ sort: [], filters: [] });
    expect(grid.getSnapshot().reading).toEqual({ rowsDone: 400, rowsTotal: 1_000 });
    grid.tableProgress({ runId: RUN, rowsDone: 1_000, rowsTotal: 1_000, state: 'ready' });
    expect(grid.getSnapshot().reading).toBeNull();
    grid.tableProgress({ runId: RUN, rowsDone: 10, rowsTotal: 1_000, state: 'reading' });
    grid.open(other, { sort: [], filters: [] });
    expect(grid.getSnapshot().reading).toBeNull();
    await t.flush();
  });
});
