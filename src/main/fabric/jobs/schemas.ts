import { z } from 'zod';

// Mirrors /work/shared/fabric-spec (common/definitions.json ErrorResponse, platform/definitions/platform.json
// ItemJobInstance, common PaginatedResponse). The spec marks few fields required and says enums may grow,
// so enums are read as plain strings and unknown keys are kept rather than rejected.

export const ErrorRelatedResourceSchema = z.looseObject({
  resourceId: z.string(),
  resourceType: z.string(),
});

export const ErrorResponseDetailsSchema = z.looseObject({
  errorCode: z.string(),
  message: z.string(),
  relatedResource: ErrorRelatedResourceSchema.optional(),
});

export const ErrorResponseSchema = ErrorResponseDetailsSchema.extend({
  requestId: z.string().optional(),
  moreDetails: z.array(ErrorResponseDetailsSchema).optional(),
  isRetriable: z.boolean().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const KNOWN_JOB_STATUSES = [
  'NotStarted',
  'InProgress',
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
] as const;
export type KnownJobStatus = (typeof KNOWN_JOB_STATUSES)[number];
/** A documented status, or one Fabric added later (treated as still running). */
export type JobStatus = KnownJobStatus | (string & {});

const TERMINAL: ReadonlySet<string> = new Set<KnownJobStatus>([
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
]);

/** Unknown statuses are not terminal: "additional statuses may be added over time" (spec). */
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

export const ItemJobInstanceSchema = z.looseObject({
  id: z.string().min(1),
  itemId: z.string().optional(),
  jobType: z.string().optional(),
  invokeType: z.string().optional(),
  status: z.string().min(1) as z.ZodType<JobStatus>,
  rootActivityId: z.string().nullish(),
  startTimeUtc: z.string().nullish(),
  endTimeUtc: z.string().nullish(),
  failureReason: ErrorResponseSchema.nullish(),
});
export type ItemJobInstance = z.infer<typeof ItemJobInstanceSchema>;

export const ItemJobInstancesSchema = z.looseObject({
  value: z.array(ItemJobInstanceSchema),
  continuationToken: z.string().nullish(),
  continuationUri: z.string().nullish(),
});
export type ItemJobInstances = z.infer<typeof ItemJobInstancesSchema>;
