import { describe, expect, it } from 'vitest';
import type { TablePage } from '../../../../src/shared/contract/artifacts';
import type { Result } from '../../../../src/shared/contract/result';
import {
  GridPages,
  PAGE_ROWS,
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
  it('fetches the visible pages first, prefetches one either side and serves rows by index', async () => {
    const t = deferredTable(1_000_000);
    const grid = new GridPages(t.fetch);
    grid.open(RUN, { sort: [], filters: [] });
    expect(t.requests.map((r) => r.request.offset)).toEqual([0, PAGE_ROWS]);
    await t.flush();
    expect(grid.getSnapshot()).toMatchObject({
      total: 1_000_000,
      unfilteredTotal: 1_000_000,
      pending: false,
    });
    expect(grid.row(0)).toEqual([0]);

    grid.want(600_010, 600_040);
    const visible = Math.floor(600_010 / PAGE_ROWS);
    expect(t.requests.map((r) => r.request.offset / PAGE_ROWS)).toEqual([visible, visible + 1, visible - 1]);
    expect(t.requests.every((r) => r.request.limit === PAGE_ROWS)).toBe(true);
    await t.flush();
    expect(grid.row(600_010)).toEqual([600_010]);
    expect(grid.row(600_040)).toEqual([600_040]);
  });

  it('drops answers for a query that is no longer current and keeps a bounded number of pages', async () => {
    const t = deferredTable(1_000_000);
    const grid = new GridPages(t.fetch);
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

    // Scrolling across 100 places keeps at most 60 pages (30,000 rows) in memory.
    for (let i = 0; i < 100; i++) {
      grid.want(i * 4_000, i * 4_000 + 20);
      await t.flush();
    }
    let kept = 0;
    for (let p = 0; p < 1_000; p++) if (grid.row(p * PAGE_ROWS)) kept++;
    expect(kept).toBeLessThanOrEqual(60);
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
});
