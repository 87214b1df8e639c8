import type { z } from 'zod';
import { FABRIC_SCOPE, trimSlash } from '../endpoints';
import { FabricError, malformedResponse, type OperationContext } from '../errors';
import type { JsonClient, JsonResponse } from '../http/json-client';
import { parseRetryAfterMs } from '../http/retry-policy';
import { ItemJobInstanceSchema, ItemJobInstancesSchema, type ItemJobInstance } from './schemas';

export type PipelineParameterValue = string | number | boolean | null;

export interface RunPipelineRequest {
  /** Pipeline parameters, read in Fabric as @pipeline().parameters.<name>. */
  parameters: Record<string, PipelineParameterValue>;
  ownerUpn: string;
  ownerObjectId: string;
  signal?: AbortSignal;
}

export interface JobAccepted {
  jobInstanceId: string;
  /** URL of the job instance (the Location header). */
  location: string;
  /** Seconds Fabric asks to wait before the first status poll, when it said. */
  retryAfterSec?: number;
}

export interface JobSnapshot {
  job: ItemJobInstance;
  /** Seconds Fabric asks to wait before polling again, when it said. */
  retryAfterSec?: number;
}

export interface JobSchedulerConfig {
  fabricApiUrl: string;
  workspaceId: string;
  pipelineId: string;
}

export interface JobSchedulerClient {
  /** Starts a run. Never retried after it may have reached Fabric: see FabricError.details.outcomeUnknown. */
  runPipeline(req: RunPipelineRequest): Promise<JobAccepted>;
  getJob(jobInstanceId: string, options?: { signal?: AbortSignal }): Promise<JobSnapshot>;
  cancelJob(jobInstanceId: string, options?: { signal?: AbortSignal }): Promise<{ retryAfterSec?: number }>;
  /** Every job instance of the pipeline, newest first as Fabric returns them, across all pages. */
  listJobs(options?: { signal?: AbortSignal }): AsyncIterable<ItemJobInstance>;
}

/** The four Job Scheduler calls for the one pipeline of a profile. */
export function createJobSchedulerClient(config: JobSchedulerConfig, http: JsonClient): JobSchedulerClient {
  const api = trimSlash(config.fabricApiUrl);
  const ws = encodeURIComponent(config.workspaceId);
  const item = encodeURIComponent(config.pipelineId);
  const itemUrl = `${api}/workspaces/${ws}/items/${item}`;
  const apiOrigin = new URL(api).origin;
  const pipelineMissing = `The pipeline ${config.pipelineId} was not found in workspace ${config.workspaceId} (ItemNotFound). Check FABRIC_PIPELINE_ID and FABRIC_WORKSPACE_ID in Settings.`;

  const jobOp = (action: string, id: string): OperationContext => ({
    action,
    notFound: `Job ${id} of pipeline ${config.pipelineId} was not found; Fabric keeps only recent jobs, or the pipeline id in Settings changed.`,
  });

  return {
    async runPipeline(req) {
      const op: OperationContext = { action: 'start the pipeline', notFound: pipelineMissing };
      const res = await http.request({
        method: 'POST',
        url: `${itemUrl}/jobs/Pipeline/instances`,
        scope: FABRIC_SCOPE,
        idempotent: false,
        op,
        body: {
          executionData: {
            parameters: req.parameters,
            OwnerUserPrincipalName: req.ownerUpn,
            OwnerUserObjectId: req.ownerObjectId,
          },
        },
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const location = headerOf(res, 'location');
      const jobInstanceId = location ? lastSegment(location) : undefined;
      if (!location || !jobInstanceId) {
        // Fabric accepted the run but did not say which job it is; only the job list can tell.
        throw new FabricError(
          'FABRIC_HTTP',
          `Fabric accepted the request to start the pipeline (${res.status}) but sent no job location.`,
          'The run will be reconciled against the job list in Fabric; do not start it again until that has finished.',
          { status: res.status, outcomeUnknown: true, attempts: res.attempts },
        );
      }
      return { jobInstanceId, location, ...retryAfter(res) };
    },

    async getJob(id, options) {
      const op = jobOp(`read the status of job ${id}`, id);
      const res = await http.request({
        method: 'GET',
        url: `${itemUrl}/jobs/instances/${encodeURIComponent(id)}`,
        scope: FABRIC_SCOPE,
        idempotent: true,
        op,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return { job: parse(ItemJobInstanceSchema, res.body, op), ...retryAfter(res) };
    },

    async cancelJob(id, options) {
      const res = await http.request({
        method: 'POST',
        url: `${itemUrl}/jobs/instances/${encodeURIComponent(id)}/cancel`,
        scope: FABRIC_SCOPE,
        // Asking twice to cancel the same job is harmless (the second gets JobAlreadyCompleted at worst).
        idempotent: true,
        op: jobOp(`cancel job ${id}`, id),
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return retryAfter(res);
    },

    async *listJobs(options) {
      const op: OperationContext = { action: 'list the pipeline’s jobs', notFound: pipelineMissing };
      let url: string | undefined = `${itemUrl}/jobs/instances`;
      const seen = new Set<string>();
      while (url) {
        const res = await http.request({
          method: 'GET',
          url,
          scope: FABRIC_SCOPE,
          idempotent: true,
          op,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
        const page = parse(ItemJobInstancesSchema, res.body, op);
        yield* page.value;
        url = nextPageUrl(
          page.continuationUri,
          page.continuationToken,
          `${itemUrl}/jobs/instances`,
          apiOrigin,
        );
        if (url !== undefined) {
          if (seen.has(url)) throw malformedResponse(op, 'the continuation link repeats an earlier page');
          seen.add(url);
        }
      }
    },
  };
}

/**
 * Follows continuationUri only on the profile's own API origin, so the bearer token never goes to a host the
 * profile did not name; otherwise rebuilds the link from continuationToken.
 */
function nextPageUrl(
  uri: string | null | undefined,
  token: string | null | undefined,
  listUrl: string,
  apiOrigin: string,
): string | undefined {
  if (uri) {
    try {
      if (new URL(uri).origin === apiOrigin) return uri;
    } catch {
      // fall through to the token
    }
  }
  if (token) return `${listUrl}?continuationToken=${encodeURIComponent(decodeURIComponentSafe(token))}`;
  return undefined;
}

// The spec example shows the token already percent-encoded ("LDEsMTAwMDAwLDA%3D"); decode once so it is not
// encoded twice.
function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown, op: OperationContext): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformedResponse(
      op,
      issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid body',
    );
  }
  return parsed.data;
}

function headerOf(res: JsonResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function retryAfter(res: JsonResponse): { retryAfterSec?: number } {
  const ms = parseRetryAfterMs(headerOf(res, 'retry-after'), Date.now());
  return ms === undefined ? {} : { retryAfterSec: Math.ceil(ms / 1000) };
}

function lastSegment(location: string): string | undefined {
  try {
    const parts = new URL(location).pathname.split('/').filter(Boolean);
    const last = parts[parts.length - 1];
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}
