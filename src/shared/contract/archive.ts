import { z } from 'zod';
import { OfflineMarkerSchema } from './connectivity';
import { channel, input } from './define';
import { ResultsSchema, RunSchema } from './runs';

// What the Archive page reads beyond runs.list: one run's whole story and the restore history.

const iso = z.string();
const runId = z.uuid({ error: 'The run id must be a UUID' });

/** One row of run_restores: "make run X current again", append-only. */
export const RunRestoreSchema = z.object({
  id: z.number(),
  runId: z.string(),
  previousRunId: z.string().nullable(),
  restoredAt: iso,
  restoredBy: z.string(),
  host: z.string(),
  reason: z.string(),
});
export type RunRestore = z.infer<typeof RunRestoreSchema>;

export const RunRuleCountSchema = z.object({
  id: z.string(),
  description: z.string(),
  severity: z.enum(['error', 'warning']),
  count: z.number(),
});
export type RunRuleCount = z.infer<typeof RunRuleCountSchema>;

/** Everything the Archive shows about one run, read from the database and the run's OneLake folder. */
export const RunDetailSchema = z.object({
  run: RunSchema,
  results: ResultsSchema,
  /** rule results of import_profile.json; null when it cannot be read (see rulesReason) */
  rules: z.array(RunRuleCountSchema).nullable(),
  rulesReason: z.string().nullable(),
  /** files in Files/results/runs/<id>/; empty with artifactsReason when the folder cannot be listed */
  artifacts: z.array(z.object({ name: z.string(), size: z.number() })),
  artifactsReason: z.string().nullable(),
  /** restores of this run, newest first */
  restores: z.array(RunRestoreSchema),
  /** this run's results are in Files/results/current (database view) */
  isCurrent: z.boolean(),
  /** present when answered from the local run-history snapshot */
  offline: OfflineMarkerSchema.optional(),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const archiveChannels = {
  'runs.detail': channel(
    'One run with its KPIs, rule counts, artifact files and restore history',
    input({ runId }),
    RunDetailSchema,
  ),
  'runs.restores': channel(
    'Restore history (newest first), optionally of one run, and the run whose results are current',
    input({ runId: runId.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    z.object({
      restores: z.array(RunRestoreSchema),
      currentRunId: z.string().nullable(),
      /** present when answered from the local run-history snapshot */
      offline: OfflineMarkerSchema.optional(),
    }),
  ),
};
