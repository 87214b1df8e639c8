import type { ServerResponse } from 'node:http';
import { sendFabricError } from './fabric-errors';
import { type EmuRequest, readBody, sendEmpty, sendJson } from './http-util';
import { type JobInstance, type JobRunner, TERMINAL_STATUSES, toWire } from './job-runner';
import type { EmulatorIdentity } from './options';

export interface JobsApiDeps {
  identity: EmulatorIdentity;
  runner: JobRunner;
  baseUrl: () => string;
  pageSize: number;
  /** seconds, already scaled by speed */
  retryAfterSec: () => number;
}

/** Job types that run the sales pipeline: `Pipeline` (docs, fabric-cli) and `Execute` (newer spec examples). */
export const PIPELINE_JOB_TYPES = ['Pipeline', 'Execute'];

/** The four Job Scheduler operations under /v1 (auth is checked before this is called). */
export class JobsApi {
  constructor(private readonly deps: JobsApiDeps) {}

  async handle(req: EmuRequest, res: ServerResponse): Promise<void> {
    const m = /^\/v1\/workspaces\/([^/]+)\/items\/([^/]+)\/jobs(\/.*)?$/.exec(req.path);
    if (!m)
      return this.error(req, res, 404, 'EntityNotFound', `No Fabric API matches ${req.method} ${req.path}.`);
    const rawWs = decodeURIComponent(m[1] ?? '');
    const rawItem = decodeURIComponent(m[2] ?? '');
    const rest = m[3] ?? '';
    const known = this.knownItem(rawWs, rawItem);
    if (!known) {
      return this.error(
        req,
        res,
        404,
        'ItemNotFound',
        `The requested item ${rawItem} was not found in workspace ${rawWs}.`,
      );
    }
    const { ws, item } = known;
    let parts: RegExpExecArray | null;
    if (req.method === 'POST' && (parts = /^\/instances\/([^/]+)\/cancel$/.exec(rest))) {
      return this.cancel(req, res, ws, item, decodeURIComponent(parts[1] ?? ''));
    }
    if (req.method === 'POST' && (parts = /^\/([^/]+)\/instances$/.exec(rest)) && parts[1] !== 'instances') {
      return this.run(req, res, ws, item, decodeURIComponent(parts[1] ?? ''));
    }
    if (req.method === 'POST' && rest === '/instances') {
      return this.run(req, res, ws, item, req.query.get('jobType') ?? '');
    }
    if (req.method === 'GET' && rest === '/instances') return this.list(req, res, ws, item);
    if (req.method === 'GET' && (parts = /^\/instances\/([^/]+)$/.exec(rest))) {
      return this.get(req, res, item, decodeURIComponent(parts[1] ?? ''));
    }
    return this.error(req, res, 404, 'EntityNotFound', `No Fabric API matches ${req.method} ${req.path}.`);
  }

  /** The canonical ids when the workspace and item exist (ids compare case-insensitively, like GUIDs). */
  private knownItem(ws: string, item: string): { ws: string; item: string } | undefined {
    const id = this.deps.identity;
    if (ws.toLowerCase() !== id.workspaceId.toLowerCase()) return undefined;
    const canonical = [id.pipelineId, id.lakehouseId].find((x) => x.toLowerCase() === item.toLowerCase());
    return canonical ? { ws: id.workspaceId, item: canonical } : undefined;
  }

  private instanceUrl(ws: string, item: string, id: string): string {
    return `${this.deps.baseUrl()}/v1/workspaces/${ws}/items/${item}/jobs/instances/${id}`;
  }

  private async run(
    req: EmuRequest,
    res: ServerResponse,
    ws: string,
    item: string,
    jobType: string,
  ): Promise<void> {
    const isPipeline = item === this.deps.identity.pipelineId;
    const allowed = isPipeline ? PIPELINE_JOB_TYPES : ['TableMaintenance'];
    if (!allowed.includes(jobType)) {
      return this.error(
        req,
        res,
        400,
        'InvalidJobType',
        `The job type '${jobType}' is not valid for this item. Use one of: ${allowed.join(', ')}.`,
      );
    }
    const raw = (await readBody(req.raw, 1024 * 1024)).toString('utf8').trim();
    let body: unknown = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.error(req, res, 400, 'InvalidInput', 'The request body is not valid JSON.');
      }
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return this.error(
        req,
        res,
        400,
        'InvalidInput',
        'The request body must be a JSON object (RunOnDemandItemJobRequest).',
      );
    }
    const b = body as { executionData?: unknown; parameters?: unknown };
    if (b.parameters !== undefined) {
      return this.error(
        req,
        res,
        400,
        'FeatureNotAvailable',
        'Parameter is not allowed for this item type or this item job type',
      );
    }
    const exec = b.executionData ?? {};
    if (exec === null || typeof exec !== 'object' || Array.isArray(exec)) {
      return this.error(req, res, 400, 'InvalidInput', 'executionData must be a JSON object.');
    }
    const e = exec as { parameters?: unknown; OwnerUserPrincipalName?: unknown; OwnerUserObjectId?: unknown };
    const params = e.parameters ?? {};
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      return this.error(
        req,
        res,
        400,
        'InvalidInput',
        'executionData.parameters must be an object mapping parameter names to values.',
      );
    }
    const job = this.deps.runner.create({
      workspaceId: ws,
      itemId: item,
      jobType,
      parameters: params as Record<string, unknown>,
      ownerUpn: typeof e.OwnerUserPrincipalName === 'string' ? e.OwnerUserPrincipalName : null,
      ownerObjectId: typeof e.OwnerUserObjectId === 'string' ? e.OwnerUserObjectId : null,
    });
    sendEmpty(res, 202, {
      Location: this.instanceUrl(ws, item, job.id),
      'Retry-After': this.deps.retryAfterSec(),
      RequestId: req.requestId,
    });
  }

  private get(req: EmuRequest, res: ServerResponse, item: string, id: string): void {
    const job = this.findJob(item, id);
    if (!job) return this.error(req, res, 404, 'EntityNotFound', `The job instance ${id} was not found.`);
    const headers: Record<string, string | number> = { RequestId: req.requestId };
    if (!TERMINAL_STATUSES.includes(job.status)) headers['Retry-After'] = this.deps.retryAfterSec();
    sendJson(res, 200, toWire(job), headers);
  }

  private cancel(req: EmuRequest, res: ServerResponse, ws: string, item: string, id: string): void {
    const job = this.findJob(item, id);
    if (!job) return this.error(req, res, 404, 'EntityNotFound', `The job instance ${id} was not found.`);
    const result = this.deps.runner.cancel(job.id);
    if (result === 'terminal') {
      return this.error(
        req,
        res,
        400,
        'JobAlreadyCompleted',
        `The job instance ${id} has already ended with status ${job.status} and cannot be cancelled.`,
      );
    }
    sendEmpty(res, 202, {
      Location: this.instanceUrl(ws, item, job.id),
      'Retry-After': this.deps.retryAfterSec(),
      RequestId: req.requestId,
    });
  }

  private list(req: EmuRequest, res: ServerResponse, ws: string, item: string): void {
    const all = this.deps.runner.list(item);
    const token = req.query.get('continuationToken');
    let offset = 0;
    if (token !== null) {
      const decoded = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded)
        return this.error(
          req,
          res,
          400,
          'InvalidContinuationToken',
          'The continuationToken is not valid; start again without it.',
        );
      offset = Number(decoded[1]);
    }
    const page = all.slice(offset, offset + this.deps.pageSize);
    const body: Record<string, unknown> = { value: page.map(toWire) };
    const next = offset + page.length;
    if (next < all.length) {
      const nextToken = Buffer.from(`o:${next}`).toString('base64url');
      body.continuationToken = nextToken;
      body.continuationUri = `${this.deps.baseUrl()}/v1/workspaces/${ws}/items/${item}/jobs/instances?continuationToken=${encodeURIComponent(nextToken)}`;
    }
    sendJson(res, 200, body, { RequestId: req.requestId });
  }

  private findJob(item: string, id: string): JobInstance | undefined {
    const job = this.deps.runner.get(id.toLowerCase());
    return job && job.itemId === item ? job : undefined;
  }

  private error(
    req: EmuRequest,
    res: ServerResponse,
    status: number,
    errorCode: string,
    message: string,
  ): void {
    sendFabricError(res, status, { requestId: req.requestId, errorCode, message, isRetriable: false });
  }
}
