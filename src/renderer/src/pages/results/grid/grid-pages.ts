import type { AppErrorData } from '../../../../../shared/contract/errors';
import type {
  CellValue,
  ColumnType,
  TableFilter,
  TablePage,
  TableProgress,
  TableSort,
} from '../../../../../shared/contract/artifacts';
import type { Result } from '../../../../../shared/contract/result';

/**
 * Rows are kept in blocks of this size. Small blocks make the answer to a jump small (a screenful is one or
 * two blocks, fetched in one request): a 500-row page costs main, the socket and JSON.parse five times more
 * than the rows the user is waiting for.
 */
export const BLOCK_ROWS = 100;
/** The contract's MAX_PAGE_ROWS (a literal: the contract module would bring zod into the initial bundle). */
const MAX_REQUEST_ROWS = 500;
/** Blocks kept in memory (30,000 rows); the least recently used go first. */
const MAX_BLOCKS = 300;
/** Blocks prefetched on each side of the screen once it is filled (2 × 500 rows). */
const PREFETCH_BLOCKS = 5;
/**
 * Prefetching waits until the view has rested this long: while the user drags the scrollbar or jumps
 * around, prefetches for places already left would sit in main's queue ahead of the next screenful.
 */
const PREFETCH_IDLE_MS = 150;

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
  /** main reading the run's whole table, which a sort or filter waits for; null when not known to be */
  reading: { rowsDone: number; rowsTotal: number } | null;
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
  reading: null,
};

/** Kept when unchanged, so memoized rows do not re-render on every answer. */
function sameColumns(a: GridSnapshot['columns'], b: GridSnapshot['columns']): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]?.name && c.type === b[i]?.type);
}

/** Runs of consecutive block numbers, each at most `max` blocks long. */
function runsOf(blocks: number[], max: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const b of blocks) {
    const last = runs.at(-1);
    if (last && b === last[1] + 1 && b - last[0] < max) last[1] = b;
    else runs.push([b, b]);
  }
  return runs;
}

/**
 * The rows of the cleaned-data grid, fetched from main for the window the user looks at. The blocks on
 * screen are asked for at once, in one request, whatever else is in flight — so after a jump only the
 * latest place is waited for; answers for earlier places are kept when they arrive but never delay it.
 * Neighbouring blocks are prefetched only when the screen is filled (one request at a time), and answers
 * for a query that is no longer current are dropped, so a new sort or filter never shows stale rows.
 */
export class GridPages {
  private snapshot: GridSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private blocks = new Map<number, CellValue[][]>();
  private readonly inFlight = new Set<number>();
  private prefetching = false;
  private prefetchTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private wanted: [number, number] = [0, 0];

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly prefetchIdleMs = PREFETCH_IDLE_MS,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): GridSnapshot => this.snapshot;

  /** Shows a run's rows under a sort and filters; the previous rows are dropped. */
  open(runId: string | null, query: GridQuery): void {
    this.generation++;
    this.blocks = new Map();
    this.inFlight.clear();
    this.prefetching = false;
    if (this.prefetchTimer !== null) clearTimeout(this.prefetchTimer);
    this.prefetchTimer = null;
    this.wanted = [0, 0];
    this.set({
      ...EMPTY,
      runId,
      query,
      columns: runId === this.snapshot.runId ? this.snapshot.columns : [],
      unfilteredTotal: runId === this.snapshot.runId ? this.snapshot.unfilteredTotal : null,
      pending: runId !== null,
      version: this.snapshot.version + 1,
      reading: runId === this.snapshot.runId ? this.snapshot.reading : null,
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

  /** main's table.progress: how far the shown run's whole table is read */
  tableProgress(p: TableProgress): void {
    if (p.runId !== this.snapshot.runId) return;
    const reading = p.state === 'reading' ? { rowsDone: p.rowsDone, rowsTotal: p.rowsTotal } : null;
    this.set({ ...this.snapshot, reading });
  }

  row(index: number): CellValue[] | undefined {
    return this.blocks.get(Math.floor(index / BLOCK_ROWS))?.[index % BLOCK_ROWS];
  }

  /** The rows on screen (with the view's overscan) changed: fetch what is missing of them now. */
  want(first: number, last: number): void {
    if (this.snapshot.runId === null) return;
    this.wanted = [Math.max(0, first), Math.max(0, last)];
    const [lo, hi] = this.visibleBlocks();
    const missing: number[] = [];
    for (let b = lo; b <= hi; b++) {
      if (this.blocks.has(b)) this.touch(b);
      else if (!this.inFlight.has(b)) missing.push(b);
    }
    for (const [a, b] of runsOf(missing, MAX_REQUEST_ROWS / BLOCK_ROWS)) void this.fetch(a, b, false);
    this.prefetch();
  }

  private visibleBlocks(): [number, number] {
    const [first, last] = this.wanted;
    const lo = Math.floor(first / BLOCK_ROWS);
    const hi = Math.min(Math.floor(last / BLOCK_ROWS), this.lastBlock());
    return [Math.min(lo, hi), hi];
  }

  private lastBlock(): number {
    const total = this.snapshot.total;
    // Before the first answer the size is unknown: only the first block is asked for.
    return total === null ? 0 : Math.max(0, Math.ceil(total / BLOCK_ROWS) - 1);
  }

  /** Neighbours of the screen, once the view rested, one request at a time, nothing on screen missing. */
  private prefetch(): void {
    if (this.prefetchTimer !== null) clearTimeout(this.prefetchTimer);
    this.prefetchTimer = null;
    if (this.prefetchIdleMs <= 0) return this.prefetchNow();
    this.prefetchTimer = setTimeout(() => {
      this.prefetchTimer = null;
      this.prefetchNow();
    }, this.prefetchIdleMs);
  }

  private prefetchNow(): void {
    if (this.prefetching || this.snapshot.total === null) return;
    const [lo, hi] = this.visibleBlocks();
    for (let b = lo; b <= hi; b++) if (!this.blocks.has(b)) return;
    const max = this.lastBlock();
    const after: number[] = [];
    const before: number[] = [];
    for (let b = hi + 1; b <= Math.min(max, hi + PREFETCH_BLOCKS); b++)
      if (!this.blocks.has(b) && !this.inFlight.has(b)) after.push(b);
    for (let b = Math.max(0, lo - PREFETCH_BLOCKS); b < lo; b++)
      if (!this.blocks.has(b) && !this.inFlight.has(b)) before.push(b);
    // Scrolling goes down more often than up: below first.
    const run = runsOf(after, PREFETCH_BLOCKS)[0] ?? runsOf(before, PREFETCH_BLOCKS).at(-1);
    if (run) void this.fetch(run[0], run[1], true);
  }

  private touch(block: number): void {
    const rows = this.blocks.get(block);
    if (!rows) return;
    this.blocks.delete(block);
    this.blocks.set(block, rows);
  }

  private async fetch(firstBlock: number, lastBlock: number, isPrefetch: boolean): Promise<void> {
    const { runId, query } = this.snapshot;
    if (runId === null) return;
    const generation = this.generation;
    for (let b = firstBlock; b <= lastBlock; b++) this.inFlight.add(b);
    if (isPrefetch) this.prefetching = true;
    const result = await this.fetchPage({
      runId,
      offset: firstBlock * BLOCK_ROWS,
      limit: (lastBlock - firstBlock + 1) * BLOCK_ROWS,
      sort: query.sort,
      filters: query.filters,
    });
    if (generation !== this.generation) return;
    for (let b = firstBlock; b <= lastBlock; b++) this.inFlight.delete(b);
    if (isPrefetch) this.prefetching = false;
    if (!result.ok) {
      this.set({ ...this.snapshot, error: result.error, pending: false });
      return;
    }
    const rows = result.value.rows;
    for (let b = firstBlock; b <= lastBlock; b++) {
      const slice = rows.slice((b - firstBlock) * BLOCK_ROWS, (b - firstBlock + 1) * BLOCK_ROWS);
      if (slice.length > 0) this.blocks.set(b, slice);
    }
    this.evict();
    const firstAnswer = this.snapshot.total === null;
    this.set({
      ...this.snapshot,
      total: result.value.total,
      unfilteredTotal: query.filters.length === 0 ? result.value.total : this.snapshot.unfilteredTotal,
      columns: sameColumns(this.snapshot.columns, result.value.columns)
        ? this.snapshot.columns
        : result.value.columns,
      error: null,
      pending: false,
      version: this.snapshot.version + 1,
    });
    // The first answer tells how many rows exist: the window may now need blocks it could not ask for.
    if (firstAnswer) this.want(...this.wanted);
    else this.prefetch();
  }

  private evict(): void {
    if (this.blocks.size <= MAX_BLOCKS) return;
    const [lo, hi] = this.visibleBlocks();
    for (const block of this.blocks.keys()) {
      if (this.blocks.size <= MAX_BLOCKS) break;
      if (block < lo - PREFETCH_BLOCKS || block > hi + PREFETCH_BLOCKS) this.blocks.delete(block);
    }
  }

  private set(next: GridSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
