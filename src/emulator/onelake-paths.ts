import { join, resolve, sep } from 'node:path';
import type { EmulatorIdentity } from './options';
import { StorageError } from './onelake-errors';

/** A request path split into OneLake's parts: /[onelake/]{workspace}/{item}/{Files|Tables}/... */
export interface LakeTarget {
  /** workspace segment as sent (id or name) */
  filesystem: string;
  /** item segment as sent (lakehouse id or `<name>.Lakehouse`); undefined at filesystem level */
  item?: string;
  /** decoded segments below the item, e.g. ['Files', 'import', 'a.xlsx'] */
  rel: string[];
}

export const ACCOUNT_SEGMENT = 'onelake';
const TOP_FOLDERS = ['Files', 'Tables'];

/** Strips the optional leading /onelake account segment (the DataLake SDK's path-style URLs). */
export function stripAccount(path: string): string {
  if (path === `/${ACCOUNT_SEGMENT}`) return '/';
  return path.startsWith(`/${ACCOUNT_SEGMENT}/`) ? path.slice(ACCOUNT_SEGMENT.length + 1) : path;
}

export function parseLakePath(rawPath: string): LakeTarget {
  const segments = stripAccount(rawPath)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new StorageError(400, 'InvalidUri', `The path segment '${s}' is not valid percent-encoding.`);
      }
    });
  const [filesystem, item, ...rel] = segments;
  if (!filesystem)
    throw new StorageError(400, 'InvalidUri', 'The request path names no workspace (filesystem).');
  for (const s of rel) {
    if (s === '.' || s === '..' || s.includes('\\') || s.includes('\0')) {
      throw new StorageError(400, 'InvalidResourceName', `The path segment '${s}' is not allowed.`);
    }
  }
  return { filesystem, item, rel };
}

/** Maps OneLake names onto the lakehouse folder on disk. */
export class LakeLayout {
  constructor(
    private readonly id: EmulatorIdentity,
    readonly lakehouseDir: string,
  ) {}

  isWorkspace(fs: string): boolean {
    return fs.toLowerCase() === this.id.workspaceId.toLowerCase() || fs === this.id.workspaceName;
  }

  isLakehouse(item: string): boolean {
    return (
      item.toLowerCase() === this.id.lakehouseId.toLowerCase() ||
      item === `${this.id.lakehouseName}.Lakehouse`
    );
  }

  /** Checks workspace and item and returns the absolute disk path for the segments below the item. */
  resolve(t: LakeTarget): string {
    if (!this.isWorkspace(t.filesystem)) {
      throw new StorageError(404, 'FilesystemNotFound', `The workspace '${t.filesystem}' does not exist.`);
    }
    if (t.item === undefined) return this.lakehouseDir;
    if (!this.isLakehouse(t.item)) {
      throw new StorageError(404, 'PathNotFound', `The item '${t.item}' does not exist in this workspace.`);
    }
    const top = t.rel[0];
    if (top !== undefined && !TOP_FOLDERS.includes(top)) {
      throw new StorageError(
        404,
        'PathNotFound',
        `'${top}' is not a lakehouse folder; use Files/ or Tables/.`,
      );
    }
    const abs = resolve(join(this.lakehouseDir, ...t.rel));
    if (abs !== this.lakehouseDir && !abs.startsWith(this.lakehouseDir + sep)) {
      throw new StorageError(400, 'InvalidResourceName', 'The path escapes the lakehouse.');
    }
    return abs;
  }

  /** Workspace, item and Files/Tables are managed by OneLake and cannot be created, deleted or renamed. */
  assertMutable(t: LakeTarget): void {
    if (t.item === undefined || t.rel.length < 2) {
      throw new StorageError(
        403,
        'OperationNotAllowedOnThePath',
        'The workspace, the item and its Files/Tables folders are managed by OneLake; change paths below Files/ or Tables/ only.',
      );
    }
  }

  /** The name a listing reports for a disk path: `<item>/Files/...` relative to the filesystem. */
  nameFor(item: string, abs: string): string {
    const relative = abs.slice(this.lakehouseDir.length).split(sep).filter(Boolean).join('/');
    return relative ? `${item}/${relative}` : item;
  }
}
