import { z } from 'zod';
import { ImportProfileSchema, KpisSchema } from '../artifacts';
import { OfflineMarkerSchema } from './connectivity';
import { channel, event, input, noInput, text } from './define';

// Pipeline runs, the run lock, the import folder and the current results. Times cross as ISO 8601 strings
// (database time), ids as UUIDs. Every list and string is bounded.

export const RUN_STATUS_VALUES = [
  'requested',
  'triggering',
  'NotStarted',
  'InProgress',
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
  'Lost',
] as const;
export const RunStatusSchema = z.enum(RUN_STATUS_VALUES);
export type RunStatusValue = z.infer<typeof RunStatusSchema>;

export const TERMINAL_RUN_STATUSES: readonly RunStatusValue[] = [
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
  'Lost',
];

/** Lakehouse path of an input workbook: under Files/import, no "..", ending in .xlsx. */
export const INPUT_PATH_RE = /^Files\/import\/[^\\:*?"<>|]{1,400}\.xlsx$/i;
export const isInputPath = (p: string): boolean =>
  INPUT_PATH_RE.test(p) &&
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  !/[\u0000-\u001f]/.test(p) &&
  !p.split('/').some((s) => s === '' || s === '.' || s === '..');
// Parameter names become @pipeline().parameters.<name> in Fabric: identifier-like, not our reserved ones.
export const PARAM_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const RESERVED_PARAMETERS = ['run_id', 'input_path', 'requested_by'] as const;

const inputPath = z
  .string()
  .max(1_024)
  .refine(
    isInputPath,
    'The input must be an .xlsx workbook under Files/import/, e.g. Files/import/sales.xlsx',
  );

const parameters = z
  .record(
    z.string().max(64).regex(PARAM_NAME_RE, 'Parameter names are letters, digits and _ (max 64)'),
    z.string().max(1_000),
  )
  .refine((p) => Object.keys(p).length <= 50, 'At most 50 parameters')
  .refine(
    (p) => !RESERVED_PARAMETERS.some((r) => Object.hasOwn(p, r)),
    `run_id, input_path and requested_by are set by the portal and cannot be given`,
  );

const iso = z.string();
const runId = z.uuid({ error: 'The run id must be a UUID' });

export const RunFailureSchema = z.object({ code: z.string(), message: z.string() });

export const RunSchema = z.object({
  runId: z.string(),
  jobInstanceId: z.string().nullable(),
  inputPath: z.string(),
  inputName: z.string(),
  inputSize: z.number().nullable(),
  inputSha256: z.string().nullable(),
  parameters: z.record(z.string(), z.string()),
  requestedBy: z.string(),
  requestedHost: z.string(),
  status: RunStatusSchema,
  statusChangedAt: iso,
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  failure: RunFailureSchema.nullable(),
  /** where pipeline_runs.kpis came from ("onelake:Files/results/runs/<id>/kpis.json"), null when not copied */
  kpisSource: z.string().nullable(),
  hasKpis: z.boolean(),
  /** database time of the run's last change (any field, or a restore naming it); absent in copies saved
   * before it existed */
  updatedAt: iso.optional(),
});
export type Run = z.infer<typeof RunSchema>;

export const RunEventSchema = z.object({
  id: z.number(),
  runId: z.string().nullable(),
  at: iso,
  actor: z.string(),
  host: z.string(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  message: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type RunEvent = z.infer<typeof RunEventSchema>;

export const LockStatusSchema = z.object({
  held: z.boolean(),
  holderLabel: z.string().nullable(),
  runId: z.string().nullable(),
  acquiredAt: iso.nullable(),
  heartbeatAt: iso.nullable(),
  leaseUntil: iso.nullable(),
  /** a holder exists but its lease ran out: the next start takes the lock over */
  lapsed: z.boolean(),
  fencingToken: z.number(),
  monitor: z.object({ holderLabel: z.string(), runId: z.string().nullable(), leaseUntil: iso }).nullable(),
  /** database time of this reading */
  now: iso,
});
export type LockStatus = z.infer<typeof LockStatusSchema>;

export const RUN_SORT_FIELDS = ['createdAt', 'finishedAt', 'status', 'requestedBy', 'inputName'] as const;

export const RunListQuerySchema = input({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  sort: z.enum(RUN_SORT_FIELDS).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  status: z.array(RunStatusSchema).max(RUN_STATUS_VALUES.length).optional(),
  /** created at or after (ISO 8601) */
  from: z.iso.datetime({ offset: true }).optional(),
  /** created before (ISO 8601) */
  to: z.iso.datetime({ offset: true }).optional(),
  requestedBy: text(320).optional(),
  inputName: text(400).optional(),
  /** matched (case-insensitive, substring) against run id, input, requester and failure message */
  text: text(200).optional(),
  /** changed (updatedAt) at or after (ISO 8601): what the offline history sync asks for */
  changedSince: z.iso.datetime({ offset: true }).optional(),
});
export type RunListQuery = z.output<typeof RunListQuerySchema>;
export type RunListQueryInput = z.input<typeof RunListQuerySchema>;

export const RunListSchema = z.object({
  runs: z.array(RunSchema),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  /** present when answered from the local run-history snapshot (no database) */
  offline: OfflineMarkerSchema.optional(),
});
export type RunList = z.infer<typeof RunListSchema>;

export const ImportFileSchema = z.object({
  path: z.string(),
  name: z.string(),
  size: z.number(),
  lastModified: z.string(),
});
export type ImportFile = z.infer<typeof ImportFileSchema>;

const displayValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const FileInspectionSchema = z.object({
  path: z.string(),
  sheet: z.string(),
  headerRow: z.number(),
  columns: z.array(z.object({ name: z.string(), canonical: z.string().nullable(), required: z.boolean() })),
  missingRequired: z.array(z.string()),
  rows: z.array(z.object({ row: z.number(), values: z.array(displayValue) })),
  profile: ImportProfileSchema,
});
export type FileInspection = z.infer<typeof FileInspectionSchema>;

export const ResultsSchema = z.object({
  runId: z.string().nullable(),
  /** onelake: read from kpis.json now; database: the copy in pipeline_runs.kpis; none: no results */
  source: z.enum(['onelake', 'database', 'none']),
  /** why this source, in words */
  reason: z.string(),
  path: z.string().nullable(),
  kpis: KpisSchema.nullable(),
  /** present when answered from the local run-history snapshot */
  offline: OfflineMarkerSchema.optional(),
});
export type Results = z.infer<typeof ResultsSchema>;

export const RestoreResultSchema = z.object({
  runId: z.string(),
  previousRunId: z.string().nullable(),
  restoredAt: iso,
  files: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

/** Durations of recent Completed runs, request to end, for "how long does a run usually take". */
export const RunStatsSchema = z.object({
  /** how many Completed runs the figures are computed over (at most the `limit` asked for) */
  count: z.number(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
  /** the same runs' durations, oldest first */
  durationsMs: z.array(z.number()),
});
export type RunStats = z.infer<typeof RunStatsSchema>;

export const runsChannels = {
  'runs.start': channel(
    'Check the input workbook, take the run lock and start the pipeline in Fabric',
    input({ inputPath, parameters: parameters.optional() }),
    RunSchema,
  ),
  'runs.list': channel(
    'Runs, newest first by default, with filters and paging',
    RunListQuerySchema,
    RunListSchema,
  ),
  'runs.get': channel(
    'One run',
    input({ runId }),
    RunSchema.extend({ offline: OfflineMarkerSchema.optional() }),
  ),
  'runs.events': channel(
    'The audit events of one run, oldest first',
    input({ runId, limit: z.number().int().min(1).max(1_000).default(500) }),
    z.object({ events: z.array(RunEventSchema), offline: OfflineMarkerSchema.optional() }),
  ),
  'runs.cancel': channel('Ask Fabric to cancel the run', input({ runId }), RunSchema),
  'runs.stats': channel(
    'Median and 90th percentile of the durations of the last N Completed runs',
    // excludeRunId: the run being shown is not part of its own baseline
    input({ limit: z.number().int().min(1).max(500).default(50), excludeRunId: runId.optional() }),
    RunStatsSchema,
  ),
  'runs.restore': channel(
    'Make a completed run the current results again',
    input({ runId, reason: text(500).optional() }),
    RestoreResultSchema,
  ),
  'lock.status': channel('Who holds the run lock and who monitors the active run', noInput, LockStatusSchema),
  'lock.forceRelease': channel(
    'Free the run lock whoever holds it (audited)',
    input({
      reason: z
        .string()
        .trim()
        .min(1, 'Say why the lock is released (e.g. "laptop of the holder crashed")')
        .max(500),
    }),
    z.object({
      released: z.boolean(),
      previousHolderLabel: z.string().nullable(),
      previousRunId: z.string().nullable(),
    }),
  ),
  'files.list': channel(
    'Workbooks in Files/import of the lakehouse',
    noInput,
    z.object({ files: z.array(ImportFileSchema) }),
  ),
  'files.inspect': channel(
    'First rows, schema and rule results of a workbook in Files/import',
    input({ path: inputPath, maxRows: z.number().int().min(1).max(100).default(50) }),
    FileInspectionSchema,
  ),
  'results.current': channel(
    'KPIs of the current results (or of one run), and where they were read from',
    input({ runId: runId.optional() }),
    ResultsSchema,
  ),
};

export const runsEvents = {
  'run.changed': event(
    'A run was created or changed (by this or another client)',
    z.object({ runId: z.string().nullable(), run: RunSchema.nullable() }),
  ),
  'lock.changed': event('The run lock or monitor lease changed', LockStatusSchema),
};
