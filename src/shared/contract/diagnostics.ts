import { z } from 'zod';
import { channel, id, input, list } from './define';

// Connection tests (Settings) and troubleshooting checks (Diagnostics). Both answer one line per part with
// its own outcome and timing, so a page can show "token ok, database down" instead of one opaque failure.

export const CONNECTION_PARTS = ['token', 'pipeline', 'lakehouse', 'database', 'schema'] as const;
export const ConnectionPartSchema = z.enum(CONNECTION_PARTS);
export type ConnectionPart = z.infer<typeof ConnectionPartSchema>;

export const CheckStatusSchema = z.enum(['ok', 'warning', 'error', 'skipped']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const PartResultSchema = z.object({
  part: ConnectionPartSchema,
  status: CheckStatusSchema,
  /** what was found: "Token acquired", or the error's sentence */
  message: z.string(),
  /** what to do about it */
  hint: z.string().optional(),
  durationMs: z.number(),
});
export type PartResult = z.infer<typeof PartResultSchema>;

export const ConnectionTestSchema = z.object({
  profileId: z.string(),
  results: z.array(PartResultSchema),
  testedAt: z.string(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const DIAGNOSTIC_CHECKS = ['token', 'trigger', 'database', 'schema', 'lock', 'importFiles'] as const;
export const DiagnosticCheckIdSchema = z.enum(DIAGNOSTIC_CHECKS);
export type DiagnosticCheckId = z.infer<typeof DiagnosticCheckIdSchema>;

export const DiagnosticCheckSchema = z.object({
  id: DiagnosticCheckIdSchema,
  title: z.string(),
  status: CheckStatusSchema,
  message: z.string(),
  hint: z.string().optional(),
  durationMs: z.number(),
  /** the lock check sets this when the lock is stuck and a force release would free it */
  action: z.enum(['forceRelease']).optional(),
});
export type DiagnosticCheck = z.infer<typeof DiagnosticCheckSchema>;

export const DiagnosticsReportSchema = z.object({
  checks: z.array(DiagnosticCheckSchema),
  /** plain text for "Copy report": version, profile without secrets, every check, recent log errors (redacted) */
  report: z.string(),
  ranAt: z.string(),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReportSchema>;

export const diagnosticsChannels = {
  'profiles.testConnection': channel(
    "Test a profile's connection part by part (token, pipeline, lakehouse, database, schema), in parallel, each with its outcome and timing",
    input({ profileId: id(), parts: list(ConnectionPartSchema, CONNECTION_PARTS.length).optional() }),
    ConnectionTestSchema,
  ),
  'diagnostics.run': channel(
    'Run the troubleshooting checks for the active profile and build the copyable report',
    input({}),
    DiagnosticsReportSchema,
  ),
};
