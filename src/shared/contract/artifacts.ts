import { z } from 'zod';
import { MAX_CACHE_LIMIT_BYTES, MIN_CACHE_LIMIT_BYTES } from './artifacts-values';
import { ImportProfileSchema, KpisSchema, RunMetadataSchema } from '../artifacts';
import { channel, event, input, list, noInput } from './define';
import { AppErrorDataSchema } from './errors';

// Cleaned data pages, the local offline cache of run artifacts and run bundles (.fdpbundle). Sorting and
// filtering happen in main; the renderer only ever receives one page (at most 500 rows).

const runId = z.uuid({ error: 'The run id must be a UUID' });
const columnName = z.string().min(1).max(200);
const scalar = z.union([z.string().max(1_000), z.number().finite()]);

export const MAX_PAGE_ROWS = 500;

export const TableFilterSchema = z.discriminatedUnion('op', [
  z.strictObject({ column: columnName, op: z.literal('eq'), value: scalar }),
  z.strictObject({ column: columnName, op: z.literal('contains'), value: z.string().min(1).max(200) }),
  z.strictObject({ column: columnName, op: z.literal('gt'), value: scalar }),
  z.strictObject({ column: columnName, op: z.literal('lt'), value: scalar }),
  z.strictObject({ column: columnName, op: z.literal('between'), value: z.tuple([scalar, scalar]) }),
  z.strictObject({ column: columnName, op: z.literal('in'), value: z.array(scalar).min(1).max(200) }),
]);
export type TableFilter = z.infer<typeof TableFilterSchema>;

export const TableSortSchema = z.strictObject({ column: columnName, dir: z.enum(['asc', 'desc']) });
export type TableSort = z.infer<typeof TableSortSchema>;

export const TableQuerySchema = input({
  runId,
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(100),
  sort: list(TableSortSchema, 4).default([]),
  filters: list(TableFilterSchema, 16).default([]),
});
export type TableQueryInput = z.input<typeof TableQuerySchema>;

export const ColumnTypeSchema = z.enum(['string', 'integer', 'number', 'date']);
export type ColumnType = z.infer<typeof ColumnTypeSchema>;
export const CellValueSchema = z.union([z.string(), z.number(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

export const TablePageSchema = z.object({
  runId: z.string(),
  /** rows matching the filters */
  total: z.number(),
  offset: z.number(),
  columns: z.array(z.object({ name: z.string(), type: ColumnTypeSchema })),
  /** one array per row, values in column order; dates as YYYY-MM-DD */
  rows: z.array(z.array(CellValueSchema)),
  /** which artifact the rows were read from */
  source: z.enum(['parquet', 'csv']),
});
export type TablePage = z.infer<typeof TablePageSchema>;

/** How far main has read a run's whole cleaned table (which sorting and filtering wait for). */
export const TableProgressSchema = z.object({
  runId: z.string(),
  rowsDone: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative(),
  state: z.enum(['reading', 'ready', 'failed']),
});
export type TableProgress = z.infer<typeof TableProgressSchema>;

export const CacheOriginSchema = z.enum(['cache', 'bundle']);
export type CacheOrigin = z.infer<typeof CacheOriginSchema>;

export const RunSummarySchema = z.object({
  runId: z.string(),
  origin: CacheOriginSchema,
  kpis: KpisSchema.nullable(),
  profile: ImportProfileSchema.nullable(),
  metadata: RunMetadataSchema,
  files: z.array(z.object({ name: z.string(), size: z.number() })),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const CachedRunSchema = z.object({
  runId: z.string(),
  origin: CacheOriginSchema,
  /** the profile it was downloaded with; for a bundle, the profile it was exported from */
  profileId: z.string(),
  sizeBytes: z.number(),
  files: z.number(),
  downloadedAt: z.string(),
  lastOpenedAt: z.string().nullable(),
  /** finished_at of run_metadata.json */
  finishedAt: z.string().nullable(),
  status: z.enum(['succeeded', 'failed']).nullable(),
});
export type CachedRun = z.infer<typeof CachedRunSchema>;

export const CacheListSchema = z.object({
  runs: z.array(CachedRunSchema),
  totalBytes: z.number(),
  limitBytes: z.number(),
});
export type CacheList = z.infer<typeof CacheListSchema>;

export const MakeAvailableSchema = input({
  runIds: list(runId, 50).optional(),
  latest: z.number().int().min(1).max(50).optional(),
}).refine((v) => (v.runIds === undefined) !== (v.latest === undefined), {
  error: 'Give either runIds (a list of run ids) or latest (a number of runs), not both',
});

export const MakeAvailableResultSchema = z.object({
  runs: z.array(
    z.object({
      runId: z.string(),
      state: z.enum(['downloaded', 'already-cached', 'failed']),
      bytes: z.number(),
      error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
    }),
  ),
});
export type MakeAvailableResult = z.infer<typeof MakeAvailableResultSchema>;

export { MIN_CACHE_LIMIT_BYTES, MAX_CACHE_LIMIT_BYTES };

/** An absolute path chosen in a file dialog; bounded, no NUL. */
const filePath = z
  .string()
  .min(1)
  .max(4_096)
  .refine((p) => !p.includes('\u0000'), 'The path must not contain NUL characters');

/** A file of a run's artifacts folder, by its name in the cache manifest. */
const artifactName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'An artifact name is a plain file name (letters, digits, . _ -)');

export const SaveArtifactsSchema = input({ runId, files: list(artifactName, 50).optional() });

export const SaveArtifactsResultSchema = z.discriminatedUnion('kind', [
  /** Electron: copied into the folder chosen in the native dialog (names may get " (1)" when taken) */
  z.object({
    kind: z.literal('saved'),
    folder: z.string(),
    files: z.array(z.object({ name: z.string(), savedAs: z.string(), bytes: z.number() })),
  }),
  /** Electron: the dialog was closed without a folder */
  z.object({ kind: z.literal('cancelled') }),
  /** preview host: one-time addresses the browser downloads (each works once, for a few minutes) */
  z.object({
    kind: z.literal('download'),
    files: z.array(z.object({ name: z.string(), bytes: z.number(), url: z.string() })),
  }),
]);
export type SaveArtifactsResult = z.infer<typeof SaveArtifactsResultSchema>;

export const SaveProgressSchema = z.object({
  runId: z.string(),
  name: z.string(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  state: z.enum(['saving', 'done', 'failed']),
  error: AppErrorDataSchema.optional(),
});
export type SaveProgress = z.infer<typeof SaveProgressSchema>;

export const artifactsChannels = {
  'artifacts.query': channel(
    'One page of a run’s cleaned rows, sorted and filtered in main',
    TableQuerySchema,
    TablePageSchema,
  ),
  'artifacts.summary': channel(
    'KPIs, import profile and run metadata of a cached or bundled run',
    input({ runId }),
    RunSummarySchema,
  ),
  'artifacts.save': channel(
    'Save a run’s files (checked against their sha256) to a folder chosen in the native dialog, or as browser downloads in the preview host',
    SaveArtifactsSchema,
    SaveArtifactsResultSchema,
  ),
  'cache.list': channel(
    'Runs available offline, their sizes, the total and the limit',
    noInput,
    CacheListSchema,
  ),
  'cache.makeAvailable': channel(
    'Download runs (by id, or the latest N) into the offline cache',
    MakeAvailableSchema,
    MakeAvailableResultSchema,
  ),
  'cache.remove': channel(
    'Remove one run from the offline cache (or an opened bundle)',
    input({ runId, origin: CacheOriginSchema.default('cache') }),
    z.object({ removed: z.boolean(), freedBytes: z.number() }),
  ),
  'cache.setLimit': channel(
    'Set the offline cache size limit; the least recently opened runs are evicted to fit',
    input({ limitBytes: z.number().int().min(MIN_CACHE_LIMIT_BYTES).max(MAX_CACHE_LIMIT_BYTES) }),
    z.object({ limitBytes: z.number(), evicted: z.array(z.string()) }),
  ),
  'cache.verify': channel(
    'Check every cached file of a run against its sha256 now',
    input({ runId }),
    z.object({ runId: z.string(), ok: z.boolean(), damaged: z.array(z.string()) }),
  ),
  'bundles.export': channel(
    'Write a run as one self-contained .fdpbundle file',
    input({ runId, destPath: filePath.optional() }),
    z.object({ path: z.string(), bytes: z.number(), sha256: z.string() }),
  ),
  'bundles.open': channel(
    'Check a .fdpbundle file and import it (read-only) to view it like any other run',
    input({ path: filePath }),
    z.object({
      runId: z.string(),
      files: z.array(z.string()),
      exportedAt: z.string(),
      fromProfile: z.string(),
    }),
  ),
};

export const artifactsEvents = {
  'table.progress': event(
    'Rows of a run’s cleaned table read so far for sorting and filtering (after each slice), then ready',
    TableProgressSchema,
  ),
  'save.progress': event(
    'Bytes of one artifact saved to a folder or sent to the browser so far',
    SaveProgressSchema,
  ),
  'download.progress': event(
    'Bytes downloaded so far for one run being made available offline',
    z.object({
      runId: z.string(),
      bytesDone: z.number(),
      bytesTotal: z.number(),
      state: z.enum(['downloading', 'done', 'failed']),
    }),
  ),
};
