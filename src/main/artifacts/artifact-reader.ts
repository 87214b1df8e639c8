import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary, TablePage, TableProgress, TableQueryInput } from '../../shared/contract/artifacts';
import { TableQuerySchema } from '../../shared/contract/artifacts';
import { AppError, isAppError } from '../../shared/contract/errors';
import type { ArtifactCache, OpenedRun } from './artifact-cache';
import { ParquetReader } from './parquet-source';
import { readRunSummary } from './run-summary';
import type { TableEngine, TableEngineFactory } from './table-engine';
import { TableQueryEngine, type PageQuery } from './table-query';
import type { TableFile } from './table-source';

interface OpenTable {
  run: OpenedRun;
  file: TableFile;
  /** serves file-order pages until the whole table is decoded, then closed */
  parquet: ParquetReader | null;
  rowCount: number;
  engine: Promise<TableEngine>;
  loaded: TableEngine | null;
  release: () => void;
}

export interface ArtifactReaderDeps {
  cache: ArtifactCache;
  /** where whole tables are decoded and queried (a worker in the app, in-process in tests) */
  engines: TableEngineFactory;
  /** tables kept decoded at once (each may hold ~1 GB for 1M rows); the least recently used is closed */
  maxOpenTables?: number;
  /** told how far a whole table is read (sorted and filtered pages wait for it), then that it is ready */
  onTableProgress?: (p: TableProgress) => void;
}

/**
 * Reads cached (or bundled) runs: the JSON artifacts validated against the contract, and pages of the
 * cleaned rows. A page in file order comes straight from the parquet row groups while the whole table is
 * still being decoded in the background; sorted or filtered pages wait for the decoded table.
 */
export class ArtifactReader {
  private readonly tables = new Map<string, Promise<OpenTable>>();
  /** changes to a run's files under way (removal, re-import): its reads wait for them */
  private readonly changes = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ArtifactReaderDeps) {}

  /**
   * Changes a run's files (removes or replaces them) with the run closed. A page or summary asked meanwhile
   * waits and then reads what is there afterwards: without this, a page asked between the close and the
   * change re-opened the run, and its summary kept answering from memory after the files were gone.
   */
  async withRunClosed<T>(runId: string, change: () => Promise<T>): Promise<T> {
    const before = this.changes.get(runId) ?? Promise.resolve();
    const done = before.then(async () => {
      await this.close(runId);
      return change();
    });
    const settled = done.catch(() => undefined);
    this.changes.set(runId, settled);
    try {
      return await done;
    } finally {
      if (this.changes.get(runId) === settled) this.changes.delete(runId);
    }
  }

  async summary(runId: string): Promise<RunSummary> {
    await this.changes.get(runId);
    const open = this.tables.get(runId);
    const run = open ? (await open).run : await this.deps.cache.open(runId);
    return readRunSummary(run);
  }

  async query(input: TableQueryInput): Promise<TablePage> {
    const q = TableQuerySchema.parse(input);
    const table = await this.table(q.runId);
    const page: PageQuery = { offset: q.offset, limit: q.limit, sort: q.sort, filters: q.filters };
    const inFileOrder = q.sort.length === 0 && q.filters.length === 0;
    const parquet = table.parquet;
    if (inFileOrder && !table.loaded && parquet) {
      const offset = Math.min(q.offset, table.rowCount);
      const window = await parquet.window(offset, q.limit).catch((e: unknown) => {
        // Closed under the read because the decoded table just arrived: it answers instead.
        if (isAppError(e) && e.code === 'CANCELLED' && table.loaded) return null;
        throw e;
      });
      if (window) {
        const result = new TableQueryEngine(window).query({ ...page, offset: 0 });
        return { runId: q.runId, ...result, total: table.rowCount, offset, source: 'parquet' };
      }
    }
    let engine: TableEngine;
    try {
      engine = await table.engine;
    } catch (e) {
      // A table that failed to load (worker out of memory, damaged file) is opened afresh next time.
      await this.close(q.runId);
      throw e;
    }
    return { runId: q.runId, ...(await engine.query(page)), source: table.file.format };
  }

  /** Closes one table (or all) and its worker. */
  async close(runId?: string): Promise<void> {
    const ids = runId === undefined ? [...this.tables.keys()] : [runId];
    for (const id of ids) {
      const p = this.tables.get(id);
      this.tables.delete(id);
      if (!p) continue;
      const t = await p.catch(() => null);
      if (!t) continue;
      t.release();
      await t.parquet?.close();
      await t.engine.then((e) => e.close()).catch(() => undefined);
    }
  }

  private table(runId: string): Promise<OpenTable> {
    const existing = this.tables.get(runId);
    if (existing) {
      this.tables.delete(runId);
      this.tables.set(runId, existing);
      return existing;
    }
    const p = this.openTable(runId);
    this.tables.set(runId, p);
    p.catch(() => this.tables.get(runId) === p && this.tables.delete(runId));
    const max = this.deps.maxOpenTables ?? 2;
    while (this.tables.size > max) void this.close(this.tables.keys().next().value as string);
    return p;
  }

  private async openTable(runId: string): Promise<OpenTable> {
    await this.changes.get(runId);
    const run = await this.deps.cache.open(runId);
    const has = (name: string): boolean => run.manifest.files.some((f) => f.name === name);
    const csv: TableFile = { path: join(run.dir, 'sales_cleaned.csv'), format: 'csv' };
    let file: TableFile | null = has('sales_cleaned.parquet')
      ? { path: join(run.dir, 'sales_cleaned.parquet'), format: 'parquet' }
      : has('sales_cleaned.csv')
        ? csv
        : null;
    if (!file) {
      throw new AppError(
        'NOT_FOUND',
        `Run ${runId} has no cleaned data (the run ${run.manifest.files.length > 0 ? 'failed or wrote no rows' : 'is empty'}).`,
        'Its import profile and metadata are still shown in the summary.',
      );
    }
    let parquet: ParquetReader | null = null;
    if (file.format === 'parquet') {
      try {
        parquet = await ParquetReader.open(await readFile(file.path));
      } catch (e) {
        // A parquet that cannot be decoded (e.g. written by another tool) still has the CSV beside it.
        if (!has('sales_cleaned.csv') || !isAppError(e)) throw e;
        file = csv;
      }
    }
    const release = this.deps.cache.pin(runId);
    const tell = this.deps.onTableProgress;
    let rowsTotal = parquet?.rowCount ?? 0;
    const opened: OpenTable = {
      run,
      file,
      parquet,
      rowCount: rowsTotal,
      engine: this.deps.engines(file, (done, total) => {
        rowsTotal = total;
        tell?.({ runId, rowsDone: done, rowsTotal: total, state: 'reading' });
      }),
      loaded: null,
      release,
    };
    opened.engine.then(
      (e) => {
        opened.loaded = e;
        opened.rowCount = e.rowCount;
        tell?.({ runId, rowsDone: e.rowCount, rowsTotal: e.rowCount, state: 'ready' });
        // The decoded table answers every page from now on; the reader's copy of the file can go.
        void opened.parquet?.close();
      },
      () => tell?.({ runId, rowsDone: 0, rowsTotal, state: 'failed' }),
    );
    if (!parquet) {
      try {
        await opened.engine;
      } catch (e) {
        release();
        throw e;
      }
    }
    return opened;
  }
}
