import type { AppErrorData } from '../../../../../shared/contract/errors';
import type {
  CellValue,
  ColumnType,
  TableFilter,
  TablePage,
  TableSort,
} from '../../../../../shared/contract/artifacts';
import type { Result } from '../../../../../shared/contract/result';

/** Rows per request: the contract's maximum page, so a screenful is one round trip. */
export const PAGE_ROWS = 500;
/** Pages kept in memory (30,000 rows); the least recently used go first. */
const MAX_PAGES = 60;
/** Requests in flight at once: enough to fill a jump to a new place, few enough to not queue stale work. */
const MAX_IN_FLIGHT = 3;

export interface GridQuery {
  sort: TableSort[];
  filters: TableFilter[];
}

export type FetchPage = (request: {
  runId: string;
  offset: number;
  limit: number;
  sort: TableSort[];
  filters: TableFilter[];
}) => Promise<Result<TablePage>>;

export interface GridSnapshot {
  runId: string | null;
  query: GridQuery;
  /** rows matching the filters; null before the first page answered */
  total: number | null;
  /** rows of the run without filters (for "n of total"); null until known */
  unfilteredTotal: number | null;
  columns: { name: string; type: ColumnType }[];
  error: AppErrorData | null;
  /** a query is being answered for the first time (new run, sort or filter) */
  pending: boolean;
  /** bumps whenever rows arrive, so views re-read `row()` */
  version: number;
}

const EMPTY: GridSnapshot = {
  runId: null,
  query: { sort: [], filters: [] },
  total: null,
  unfilteredTotal: null,
  columns: [],
  error: null,
  pending: false,
  version: 0,
};

/**
 * The rows of the cleaned-data grid, fetched from main page by page for the window the user looks at. Pages
 * for the visible rows are fetched first, one page either side is prefetched, and answers for a query that
 * is no longer current are dropped, so a fast scroll or a new sort never shows stale rows.
 */
export class GridPages {
  private snapshot: GridSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private pages = new Map<number, CellValue[][]>();
  private readonly inFlight = new Set<number>();
  private queue: number[] = [];
  private generation = 0;
  private wanted: [number, number] = [0, 0];

  constructor(private readonly fetchPage: FetchPage) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): GridSnapshot => this.snapshot;

  /** Shows a run's rows under a sort and filters; the previous rows are dropped. */
  open(runId: string | null, query: GridQuery): void {
    this.generation++;
    this.pages = new Map();
    this.inFlight.clear();
    this.queue = [];
    this.wanted = [0, 0];
    this.set({
      ...EMPTY,
      runId,
      query,
      columns: runId === this.snapshot.runId ? this.snapshot.columns : [],
      unfilteredTotal: runId === this.snapshot.runId ? this.snapshot.unfilteredTotal : null,
      pending: runId !== null,
      version: this.snapshot.version + 1,
    });
    if (runId !== null) this.want(0, 0);
  }

  setQuery(query: GridQuery): void {
    this.open(this.snapshot.runId, query);
  }

  /** Fetches again what failed (or everything, after the run's files were repaired). */
  retry(): void {
    this.open(this.snapshot.runId, this.snapshot.query);
  }

  row(index: number): CellValue[] | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_ROWS));
    return page?.[index % PAGE_ROWS];
  }

  /** The rows on screen changed: fetch their pages first, then the neighbours. */
  want(first: number, last: number): void {
    if (this.snapshot.runId === null) return;
    this.wanted = [first, last];
    const lo = Math.floor(Math.max(0, first) / PAGE_ROWS);
    const hi = Math.floor(Math.max(0, last) / PAGE_ROWS);
    const maxPage =
      this.snapshot.total === null ? hi + 1 : Math.max(0, Math.ceil(this.snapshot.total / PAGE_ROWS) - 1);
    const order: number[] = [];
    for (let p = lo; p <= hi; p++) order.push(p);
    order.push(hi + 1, lo - 1);
    this.queue = order.filter((p) => p >= 0 && p <= maxPage && !this.pages.has(p) && !this.inFlight.has(p));
    for (let p = lo; p <= hi; p++) this.touch(p);
    this.pump();
  }

  private touch(page: number): void {
    const rows = this.pages.get(page);
    if (!rows) return;
    this.pages.delete(page);
    this.pages.set(page, rows);
  }

  private pump(): void {
    // Pages on screen are asked for at once, whatever is in flight (older prefetches must not delay them);
    // only prefetches wait for a free slot.
    const [first, last] = this.wanted;
    const lo = Math.floor(first / PAGE_ROWS);
    const hi = Math.floor(last / PAGE_ROWS);
    this.queue = this.queue.filter((page) => {
      if (page < lo || page > hi) return true;
      void this.fetch(page);
      return false;
    });
    while (this.inFlight.size < MAX_IN_FLIGHT && this.queue.length > 0) {
      const page = this.queue.shift() as number;
      void this.fetch(page);
    }
  }

  private async fetch(page: number): Promise<void> {
    const { runId, query } = this.snapshot;
    if (runId === null || this.inFlight.has(page)) return;
    const generation = this.generation;
    this.inFlight.add(page);
    const result = await this.fetchPage({
      runId,
      offset: page * PAGE_ROWS,
      limit: PAGE_ROWS,
      sort: query.sort,
      filters: query.filters,
    });
    if (generation !== this.generation) return;
    this.inFlight.delete(page);
    if (!result.ok) {
      this.set({ ...this.snapshot, error: result.error, pending: false });
      return;
    }
    this.pages.set(page, result.value.rows);
    this.evict();
    const firstAnswer = this.snapshot.total === null;
    this.set({
      ...this.snapshot,
      total: result.value.total,
      unfilteredTotal: query.filters.length === 0 ? result.value.total : this.snapshot.unfilteredTotal,
      columns: result.value.columns,
      error: null,
      pending: false,
      version: this.snapshot.version + 1,
    });
    // The first answer tells how many pages exist: the window may now need pages it could not ask for.
    if (firstAnswer) this.want(...this.wanted);
    else this.pump();
  }

  private evict(): void {
    const [first, last] = this.wanted;
    const keepLo = Math.floor(first / PAGE_ROWS) - 1;
    const keepHi = Math.floor(last / PAGE_ROWS) + 1;
    for (const page of this.pages.keys()) {
      if (this.pages.size <= MAX_PAGES) break;
      if (page < keepLo || page > keepHi) this.pages.delete(page);
    }
  }

  private set(next: GridSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
