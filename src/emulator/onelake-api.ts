import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { httpDate } from './fabric-time';
import { type EmuRequest, header, readBody, sendJson } from './http-util';
import { sendStorageError, StorageError } from './onelake-errors';
import { type LakeLayout, type LakeTarget, parseLakePath } from './onelake-paths';
import type { UploadStaging } from './onelake-staging';

const DEFAULT_MAX_RESULTS = 5000;
const X_MS_VERSION = '2023-11-03';
const MD5_RANGE_LIMIT = 4 * 1024 * 1024;

interface ListedPath {
  name: string;
  abs: string;
  stats: Stats;
}

/** OneLake DFS endpoints plus the Blob calls the DataLake SDK makes for reads and properties. */
export class OneLakeApi {
  constructor(
    private readonly layout: LakeLayout,
    private readonly staging: UploadStaging,
    /** the item name listings use at the workspace root */
    private readonly lakehouseId: string,
  ) {}

  async handle(req: EmuRequest, res: ServerResponse): Promise<void> {
    try {
      await this.dispatch(req, res);
    } catch (err) {
      if (err instanceof StorageError) {
        return sendStorageError(res, req.method, err.status, err.code, err.message, req.requestId);
      }
      throw err;
    }
  }

  private async dispatch(req: EmuRequest, res: ServerResponse): Promise<void> {
    const t = parseLakePath(req.path);
    const q = req.query;
    if (t.item === undefined) return this.filesystemLevel(req, res, t);
    const abs = this.layout.resolve(t);
    switch (req.method) {
      case 'GET':
        return this.read(req, res, abs);
      case 'HEAD':
        return this.properties(req, res, abs);
      case 'PUT':
        if (header(req, 'x-ms-rename-source')) return this.rename(req, res, t, abs);
        if (q.get('resource') === 'file' || q.get('resource') === 'directory')
          return this.create(req, res, t, abs);
        throw new StorageError(
          400,
          'InvalidQueryParameterValue',
          'PUT needs ?resource=file|directory or an x-ms-rename-source header.',
        );
      case 'PATCH':
        return this.patch(req, res, abs);
      case 'DELETE':
        return this.remove(req, res, t, abs);
      default:
        throw new StorageError(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method}.`);
    }
  }

  private baseHeaders(req: EmuRequest): Record<string, string> {
    const h: Record<string, string> = {
      'x-ms-request-id': req.requestId,
      'x-ms-version': header(req, 'x-ms-version') ?? X_MS_VERSION,
      Date: httpDate(new Date()),
    };
    const clientRequestId = header(req, 'x-ms-client-request-id');
    if (clientRequestId) h['x-ms-client-request-id'] = clientRequestId;
    return h;
  }

  private async filesystemLevel(req: EmuRequest, res: ServerResponse, t: LakeTarget): Promise<void> {
    const root = this.layout.resolve(t);
    const q = req.query;
    if (req.method === 'GET' && q.get('resource') === 'filesystem') return this.list(req, res, t);
    if ((req.method === 'GET' || req.method === 'HEAD') && q.get('comp') === null) {
      const s = await stat(root);
      res.writeHead(200, {
        ...this.baseHeaders(req),
        ETag: etag(s),
        'Last-Modified': httpDate(s.mtime),
        'x-ms-lease-status': 'unlocked',
        'x-ms-lease-state': 'available',
        'x-ms-has-immutability-policy': 'false',
        'x-ms-has-legal-hold': 'false',
        'x-ms-namespace-enabled': 'true',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (req.method === 'PUT')
      throw new StorageError(
        409,
        'ContainerAlreadyExists',
        'The specified workspace (filesystem) already exists.',
      );
    if (req.method === 'DELETE') {
      throw new StorageError(
        403,
        'OperationNotAllowedOnThePath',
        'Workspaces are managed by Fabric and cannot be deleted through OneLake.',
      );
    }
    throw new StorageError(
      400,
      'UnsupportedQueryParameter',
      'This filesystem operation is not emulated; list paths with ?resource=filesystem.',
    );
  }

  private async list(req: EmuRequest, res: ServerResponse, t: LakeTarget): Promise<void> {
    const q = req.query;
    const recursive = q.get('recursive') === 'true';
    const maxResults = Math.max(
      1,
      Math.min(
        Number(q.get('maxResults') ?? DEFAULT_MAX_RESULTS) || DEFAULT_MAX_RESULTS,
        DEFAULT_MAX_RESULTS,
      ),
    );
    const directory = (q.get('directory') ?? '').replace(/^\/+|\/+$/g, '');
    let entries: ListedPath[];
    if (directory === '') {
      // The workspace root holds the lakehouse item as a folder.
      const abs = this.layout.lakehouseDir;
      const item = { name: this.lakehouseId, abs, stats: await stat(abs) };
      entries = [item, ...(recursive ? await this.walk(item.name, abs, true) : [])];
    } else {
      const dt = parseLakePath(`/${t.filesystem}/${directory.split('/').map(encodeURIComponent).join('/')}`);
      const abs = this.layout.resolve(dt);
      const s = await stat(abs).catch(() => undefined);
      if (!s) throw new StorageError(404, 'PathNotFound', `The specified path does not exist: ${directory}.`);
      if (!s.isDirectory())
        throw new StorageError(
          400,
          'PathIsNotDirectory',
          `The path ${directory} is a file, not a directory.`,
        );
      entries = await this.walk(this.layout.nameFor(dt.item ?? '', abs), abs, recursive);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const after = q.get('continuation');
    let start = 0;
    if (after) {
      const last = Buffer.from(after, 'base64url').toString('utf8');
      start = entries.findIndex((e) => e.name > last);
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + maxResults);
    const headers: Record<string, string> = this.baseHeaders(req);
    if (start + page.length < entries.length && page.length > 0) {
      headers['x-ms-continuation'] = Buffer.from(page[page.length - 1]!.name).toString('base64url');
    }
    sendJson(res, 200, { paths: page.map(toListEntry) }, headers);
  }

  private async walk(name: string, abs: string, recursive: boolean): Promise<ListedPath[]> {
    const out: ListedPath[] = [];
    const isRoot = abs === this.layout.lakehouseDir;
    for (const d of await readdir(abs, { withFileTypes: true })) {
      if (isRoot && d.name !== 'Files' && d.name !== 'Tables') continue; // staging and other internals
      if (!d.isFile() && !d.isDirectory()) continue;
      const childAbs = join(abs, d.name);
      const s = await stat(childAbs).catch(() => undefined);
      if (!s) continue;
      const child = { name: `${name}/${d.name}`, abs: childAbs, stats: s };
      out.push(child);
      if (recursive && s.isDirectory()) out.push(...(await this.walk(child.name, childAbs, true)));
    }
    return out;
  }

  private async read(req: EmuRequest, res: ServerResponse, abs: string): Promise<void> {
    const s = await stat(abs).catch(() => undefined);
    if (!s) throw new StorageError(404, 'BlobNotFound', 'The specified blob does not exist.');
    const size = s.isDirectory() ? 0 : s.size;
    const headers: Record<string, string | number> = { ...this.baseHeaders(req), ...this.blobHeaders(s) };
    const rangeHeader = header(req, 'x-ms-range') ?? header(req, 'range');
    let start = 0;
    let end = size - 1;
    let status = 200;
    if (rangeHeader) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(rangeHeader.trim());
      if (!m)
        throw new StorageError(
          400,
          'InvalidHeaderValue',
          `The range '${rangeHeader}' is not of the form bytes=start-end.`,
        );
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (size === 0 && start === 0) {
        end = -1;
      } else if (start >= size || end < start) {
        throw new StorageError(
          416,
          'InvalidRange',
          `The range specified is invalid for the current size of the resource (${size} bytes).`,
        );
      } else {
        status = 206;
        headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      }
      if (header(req, 'x-ms-range-get-content-md5') === 'true' && end - start + 1 <= MD5_RANGE_LIMIT) {
        headers['Content-MD5'] = await md5Of(abs, start, end);
      }
    }
    headers['Content-Length'] = Math.max(0, end - start + 1);
    res.writeHead(status, headers);
    if (end < start || s.isDirectory()) return void res.end();
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(abs, { start, end });
      stream.on('error', reject);
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }

  private blobHeaders(s: Stats): Record<string, string | number> {
    const h: Record<string, string | number> = {
      ETag: etag(s),
      'Last-Modified': httpDate(s.mtime),
      'x-ms-creation-time': httpDate(s.birthtime.getTime() > 0 ? s.birthtime : s.mtime),
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-lease-state': 'available',
      'x-ms-lease-status': 'unlocked',
      'x-ms-server-encrypted': 'true',
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      'x-ms-resource-type': s.isDirectory() ? 'directory' : 'file',
      'x-ms-owner': '$superuser',
      'x-ms-group': '$superuser',
      'x-ms-permissions': '---------',
    };
    if (s.isDirectory()) h['x-ms-meta-hdi_isfolder'] = 'true';
    return h;
  }

  private async properties(req: EmuRequest, res: ServerResponse, abs: string): Promise<void> {
    const s = await stat(abs).catch(() => undefined);
    if (!s) throw new StorageError(404, 'BlobNotFound', 'The specified blob does not exist.');
    res.writeHead(200, {
      ...this.baseHeaders(req),
      ...this.blobHeaders(s),
      'Content-Length': s.isDirectory() ? 0 : s.size,
    });
    res.end();
  }

  private async create(req: EmuRequest, res: ServerResponse, t: LakeTarget, abs: string): Promise<void> {
    this.layout.assertMutable(t);
    const kind = req.query.get('resource');
    const existing = await stat(abs).catch(() => undefined);
    if (existing && header(req, 'if-none-match') === '*') {
      throw new StorageError(409, 'PathAlreadyExists', 'The specified path already exists.');
    }
    if (kind === 'directory') {
      if (existing?.isFile())
        throw new StorageError(
          409,
          'PathConflict',
          'The specified path, or an element of the path, exists as a file.',
        );
      await mkdir(abs, { recursive: true });
    } else {
      if (existing?.isDirectory())
        throw new StorageError(409, 'PathConflict', 'The specified path exists as a directory.');
      await this.assertParentsAreDirectories(abs);
      await this.staging.createEmpty(abs);
    }
    const s = await stat(abs);
    res.writeHead(201, {
      ...this.baseHeaders(req),
      ETag: etag(s),
      'Last-Modified': httpDate(s.mtime),
      'x-ms-request-server-encrypted': 'true',
      'Content-Length': 0,
    });
    res.end();
  }

  private async assertParentsAreDirectories(abs: string): Promise<void> {
    let dir = dirname(abs);
    while (dir.length > this.layout.lakehouseDir.length) {
      const s = await stat(dir).catch(() => undefined);
      if (s && !s.isDirectory())
        throw new StorageError(409, 'PathConflict', 'An element of the path exists as a file.');
      dir = dirname(dir);
    }
  }

  private async patch(req: EmuRequest, res: ServerResponse, abs: string): Promise<void> {
    const action = req.query.get('action');
    if (action === 'setAccessControl' || action === 'setAccessControlRecursive') {
      throw new StorageError(
        400,
        'OperationNotSupportedOnOneLake',
        'OneLake does not support setting ACLs through DFS.',
      );
    }
    if (action !== 'append' && action !== 'flush') {
      throw new StorageError(
        400,
        'InvalidQueryParameterValue',
        `action=${action ?? ''} is not supported; use append or flush.`,
      );
    }
    const position = Number(req.query.get('position'));
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new StorageError(
        400,
        'InvalidQueryParameterValue',
        'The position query parameter must be a non-negative integer.',
      );
    }
    if (action === 'append') {
      const body = await readBody(req.raw);
      const declared = header(req, 'content-length');
      if (declared !== undefined && Number(declared) !== body.length) {
        throw new StorageError(
          400,
          'InvalidHeaderValue',
          `Content-Length ${declared} does not match the ${body.length} bytes received.`,
        );
      }
      await this.staging.append(abs, position, body);
      if (req.query.get('flush') === 'true') {
        await this.staging.flush(abs, position + body.length);
        return this.sendFlushed(req, res, abs);
      }
      res.writeHead(202, {
        ...this.baseHeaders(req),
        'x-ms-request-server-encrypted': 'true',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    await readBody(req.raw, 0);
    await this.staging.flush(abs, position);
    return this.sendFlushed(req, res, abs);
  }

  private async sendFlushed(req: EmuRequest, res: ServerResponse, abs: string): Promise<void> {
    const s = await stat(abs);
    res.writeHead(200, {
      ...this.baseHeaders(req),
      ETag: etag(s),
      'Last-Modified': httpDate(s.mtime),
      'x-ms-request-server-encrypted': 'true',
      'Content-Length': 0,
    });
    res.end();
  }

  private async remove(req: EmuRequest, res: ServerResponse, t: LakeTarget, abs: string): Promise<void> {
    this.layout.assertMutable(t);
    const s = await stat(abs).catch(() => undefined);
    if (!s) throw new StorageError(404, 'PathNotFound', 'The specified path does not exist.');
    if (s.isDirectory()) {
      const recursive = req.query.get('recursive') === 'true';
      if (!recursive && (await readdir(abs)).length > 0) {
        throw new StorageError(
          409,
          'DirectoryNotEmpty',
          'The recursive query parameter value must be true to delete a non-empty directory.',
        );
      }
      await rm(abs, { recursive: true, force: true });
    } else {
      await this.staging.discard(abs);
      await rm(abs, { force: true });
    }
    res.writeHead(200, { ...this.baseHeaders(req), 'Content-Length': 0 });
    res.end();
  }

  private async rename(req: EmuRequest, res: ServerResponse, t: LakeTarget, abs: string): Promise<void> {
    this.layout.assertMutable(t);
    const sourceHeader = (header(req, 'x-ms-rename-source') ?? '').split('?')[0] ?? '';
    const st = parseLakePath(sourceHeader.startsWith('/') ? sourceHeader : `/${sourceHeader}`);
    this.layout.assertMutable(st);
    const srcAbs = this.layout.resolve(st);
    const src = await stat(srcAbs).catch(() => undefined);
    if (!src)
      throw new StorageError(
        404,
        'SourcePathNotFound',
        'The source path for a rename operation does not exist.',
      );
    const parent = await stat(dirname(abs)).catch(() => undefined);
    if (!parent?.isDirectory()) {
      throw new StorageError(
        404,
        'RenameDestinationParentPathNotFound',
        'The parent directory of the destination path does not exist.',
      );
    }
    const dest = await stat(abs).catch(() => undefined);
    if (dest && header(req, 'if-none-match') === '*') {
      throw new StorageError(409, 'PathAlreadyExists', 'The specified path already exists.');
    }
    if (dest?.isDirectory() && (await readdir(abs)).length > 0) {
      throw new StorageError(409, 'DirectoryNotEmpty', 'The destination directory is not empty.');
    }
    if (dest?.isDirectory() !== undefined && dest.isDirectory() !== src.isDirectory()) {
      throw new StorageError(409, 'PathConflict', 'The destination exists with a different resource type.');
    }
    if (dest?.isDirectory()) await rm(abs, { recursive: true });
    await this.staging.moved(srcAbs);
    await rename(srcAbs, abs);
    const s = await stat(abs);
    res.writeHead(201, {
      ...this.baseHeaders(req),
      ETag: etag(s),
      'Last-Modified': httpDate(s.mtime),
      'Content-Length': 0,
    });
    res.end();
  }
}

function etag(s: Stats): string {
  return `"0x8D${Math.floor(s.mtimeMs * 10_000)
    .toString(16)
    .toUpperCase()}${s.size.toString(16).toUpperCase()}"`;
}

function toListEntry(e: ListedPath): Record<string, string> {
  const entry: Record<string, string> = {
    name: e.name,
    contentLength: String(e.stats.isDirectory() ? 0 : e.stats.size),
    lastModified: httpDate(e.stats.mtime),
    etag: etag(e.stats).replaceAll('"', ''),
    owner: '$superuser',
    group: '$superuser',
    permissions: '---------',
    // Windows file time (100 ns ticks since 1601), as ADLS reports creationTime.
    creationTime: String(
      (BigInt(Math.floor(e.stats.birthtimeMs || e.stats.mtimeMs)) + 11_644_473_600_000n) * 10_000n,
    ),
  };
  if (e.stats.isDirectory()) entry.isDirectory = 'true';
  return entry;
}

async function md5Of(abs: string, start: number, end: number): Promise<string> {
  const fh = await open(abs, 'r');
  try {
    const buf = Buffer.alloc(end - start + 1);
    await fh.read(buf, 0, buf.length, start);
    return createHash('md5').update(buf).digest('base64');
  } finally {
    await fh.close();
  }
}
