import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// The official Fabric spec excerpt lives in a read-only sibling of the clone: ../shared/fabric-spec.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const SPEC_DIR = resolve(repoRoot, '..', 'shared', 'fabric-spec');

const FILES = [
  'platform/swagger.json',
  'platform/definitions/platform.json',
  'common/definitions.json',
  'common/job_scheduling.json',
];

export const JOB_PATHS = {
  run: '/workspaces/{workspaceId}/items/{itemId}/jobs/{jobType}/instances',
  list: '/workspaces/{workspaceId}/items/{itemId}/jobs/instances',
  get: '/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}',
  cancel: '/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}/cancel',
} as const;

interface SwaggerResponse {
  schema?: unknown;
  headers?: Record<string, { type: string }>;
}

/** Swagger 2.0 response schemas of the Job Scheduler operations, compiled with ajv, $refs resolved across files. */
export class FabricSpec {
  private readonly ajv: Ajv;
  private readonly swagger: {
    paths: Record<string, Record<string, { responses: Record<string, SwaggerResponse> }>>;
  };
  private readonly swaggerUri: string;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(specDir = SPEC_DIR) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'duration', 'password']) {
      if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
    }
    this.swaggerUri = pathToFileURL(resolve(specDir, 'platform/swagger.json')).href;
    for (const f of FILES) {
      const path = resolve(specDir, f);
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      this.ajv.addSchema({ ...json, $id: pathToFileURL(path).href }, pathToFileURL(path).href);
      if (f === 'platform/swagger.json') this.swagger = json as FabricSpec['swagger'];
    }
    this.swagger ??= { paths: {} };
  }

  response(path: string, method: string, status: string): SwaggerResponse {
    const op = this.swagger.paths[path]?.[method];
    if (!op) throw new Error(`spec has no ${method} ${path}`);
    const r = op.responses[status] ?? op.responses.default;
    if (!r) throw new Error(`spec has no ${status} response for ${method} ${path}`);
    return r;
  }

  /** Validates a response body; returns ajv error text, or [] when valid. */
  validateBody(path: string, method: string, status: number, body: unknown): string[] {
    const key = `${method} ${path} ${status}`;
    let validate = this.cache.get(key);
    if (!validate) {
      const code = this.swagger.paths[path]?.[method]?.responses[String(status)] ? String(status) : 'default';
      const pointer = ['paths', path, method, 'responses', code, 'schema']
        .map((t) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1')))
        .join('/');
      validate = this.ajv.compile({ $ref: `${this.swaggerUri}#/${pointer}` });
      this.cache.set(key, validate);
    }
    return validate(stripNulls(body))
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  }

  /** Header names the spec declares for the response, e.g. Location, Retry-After. */
  declaredHeaders(path: string, method: string, status: string): string[] {
    return Object.keys(this.response(path, method, status).headers ?? {});
  }
}

/**
 * Swagger 2.0 cannot say "nullable", yet Fabric sends `"failureReason": null` and `"endTimeUtc": null`
 * (the spec's own examples do too). Nulls are removed before validation, so an optional property may
 * be null while a required one that is null still fails as missing.
 */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

export function readExample(relPath: string): {
  responses: Record<string, { body?: unknown; headers?: Record<string, unknown> }>;
} {
  return JSON.parse(readFileSync(resolve(SPEC_DIR, relPath), 'utf8')) as ReturnType<typeof readExample>;
}
