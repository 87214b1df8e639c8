import { createWriteStream } from 'node:fs';
import { rename as renameFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TokenCredential } from '@azure/core-auth';
import type { RequestPolicy } from '@azure/core-http-compat';
import { DataLakeServiceClient, type DataLakeFileSystemClient } from '@azure/storage-file-datalake';
import { AppError } from '../../../shared/contract/errors';
import { trimSlash } from '../endpoints';
import { mapStorageError } from './storage-errors';

export interface OneLakeEntry {
  /** Path inside the lakehouse, e.g. "Files/results/runs/42/kpis.json". */
  path: string;
  /** Last segment of the path. */
  name: string;
  size: number;
  /** ISO 8601. */
  lastModified: string;
  isDirectory: boolean;
}

export interface OneLakeStat {
  size: number;
  lastModified: string;
  isDirectory: boolean;
  etag?: string;
}

/** Bytes transferred so far; total when known. */
export type ProgressCallback = (loadedBytes: number, totalBytes?: number) => void;

export interface OneLakeClient {
  list(dir: string, options?: { recursive?: boolean }): Promise<OneLakeEntry[]>;
  upload(
    path: string,
    data: Buffer | Uint8Array | string | Readable,
    options?: { onProgress?: ProgressCallback; signal?: AbortSignal },
  ): Promise<void>;
  readRange(path: string, offset: number, count: number): Promise<Buffer>;
  /** Writes to `destFile` atomically: a failed or cancelled download leaves no partial file behind. */
  download(
    path: string,
    destFile: string,
    options?: { onProgress?: ProgressCallback; signal?: AbortSignal },
  ): Promise<{ bytes: number }>;
  stat(path: string): Promise<OneLakeStat>;
  exists(path: string): Promise<boolean>;
  delete(path: string, options?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export interface OneLakeConfig {
  onelakeUrl: string;
  workspaceId: string;
  lakehouseId: string;
}

export interface OneLakeDeps {
  credential: TokenCredential;
  /** Our transport under the SDK (profile CA + shared retry policy); see storage-http-client.ts. */
  httpClient: RequestPolicy;
}

/**
 * Lakehouse files through the official DataLake SDK: filesystem = workspace, paths `{lakehouseId}/Files/...`.
 * Callers use paths relative to the lakehouse ("Files/...").
 */
export function createOneLakeClient(config: OneLakeConfig, deps: OneLakeDeps): OneLakeClient {
  const base = trimSlash(config.onelakeUrl);
  const host = new URL(base).host;
  const service = new DataLakeServiceClient(base, deps.credential, {
    httpClient: deps.httpClient,
    // Retries happen once, in our HttpClient, with the shared policy.
    retryOptions: { maxTries: 1 },
  });
  const fs: DataLakeFileSystemClient = service.getFileSystemClient(config.workspaceId);
  const prefix = `${config.lakehouseId}/`;
  const full = (p: string): string => prefix + checkPath(p);
  const fail = (e: unknown, action: string, path: string): AppError => mapStorageError(e, action, path, host);

  return {
    async list(dir, options = {}) {
      const out: OneLakeEntry[] = [];
      try {
        for await (const p of fs.listPaths({ path: full(dir), recursive: options.recursive ?? false })) {
          if (!p.name) continue;
          const path = p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name;
          out.push({
            path,
            name: path.slice(path.lastIndexOf('/') + 1),
            size: p.contentLength ?? 0,
            lastModified: isoDate(p.lastModified),
            isDirectory: p.isDirectory === true,
          });
        }
      } catch (e) {
        throw fail(e, 'list', dir);
      }
      return out;
    },

    async upload(path, data, options = {}) {
      const file = fs.getFileClient(full(path));
      const total =
        typeof data === 'string'
          ? Buffer.byteLength(data)
          : data instanceof Readable
            ? undefined
            : data.byteLength;
      const sdkOptions = {
        ...(options.onProgress
          ? { onProgress: (e: { loadedBytes: number }) => options.onProgress?.(e.loadedBytes, total) }
          : {}),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      };
      try {
        if (data instanceof Readable) await file.uploadStream(data, sdkOptions);
        else
          await file.upload(
            typeof data === 'string'
              ? Buffer.from(data)
              : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
            sdkOptions,
          );
      } catch (e) {
        throw fail(e, 'upload', path);
      }
    },

    async readRange(path, offset, count) {
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count <= 0) {
        throw new AppError(
          'VALIDATION',
          `Cannot read ${path}: offset must be ≥ 0 and count > 0 (got ${offset}, ${count}).`,
        );
      }
      try {
        return await fs.getFileClient(full(path)).readToBuffer(offset, count);
      } catch (e) {
        throw fail(e, 'read', path);
      }
    },

    async download(path, destFile, options = {}) {
      const partial = `${destFile}.partial`;
      try {
        const res = await fs.getFileClient(full(path)).read(0, undefined, {
          ...(options.signal ? { abortSignal: options.signal } : {}),
        });
        const body = res.readableStreamBody;
        if (!body) throw new AppError('INTERNAL', `Could not download ${path}: OneLake sent no body.`);
        const total = res.contentLength;
        let loaded = 0;
        body.on('data', (chunk: Buffer) => {
          loaded += chunk.length;
          options.onProgress?.(loaded, total);
        });
        await pipeline(body, createWriteStream(partial), options.signal ? { signal: options.signal } : {});
        await renameFile(partial, destFile);
        return { bytes: loaded };
      } catch (e) {
        await rm(partial, { force: true });
        throw fail(e, 'download', path);
      }
    },

    async stat(path) {
      try {
        const p = await fs.getFileClient(full(path)).getProperties();
        const resourceType = p._response.headers.get('x-ms-resource-type');
        return {
          size: p.contentLength ?? 0,
          lastModified: isoDate(p.lastModified),
          isDirectory: resourceType === 'directory' || p.metadata?.hdi_isfolder === 'true',
          ...(p.etag ? { etag: p.etag } : {}),
        };
      } catch (e) {
        throw fail(e, 'read the properties of', path);
      }
    },

    async exists(path) {
      try {
        return await fs.getFileClient(full(path)).exists();
      } catch (e) {
        throw fail(e, 'check', path);
      }
    },

    async delete(path, options = {}) {
      try {
        await fs.getDirectoryClient(full(path)).delete(options.recursive ?? false);
      } catch (e) {
        throw fail(e, 'delete', path);
      }
    },

    async rename(from, to) {
      try {
        await fs.getFileClient(full(from)).move(full(to));
      } catch (e) {
        throw fail(e, 'rename', from);
      }
    },
  };
}

// The SDK types lastModified as Date, but list results carry the service's RFC 1123 string.
function isoDate(value: Date | string | undefined): string {
  const d = value === undefined ? new Date(0) : new Date(value);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

/** Lakehouse-relative path with no empty, "." or ".." segments: a typo must not address another item. */
function checkPath(p: string): string {
  const trimmed = p.replace(/^\/+|\/+$/g, '');
  const segments = trimmed.split('/');
  if (trimmed === '' || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new AppError(
      'VALIDATION',
      `"${p}" is not a valid lakehouse path.`,
      'Use a path like Files/import/sales.xlsx.',
    );
  }
  return trimmed;
}
