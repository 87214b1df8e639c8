import { existsSync } from 'node:fs';

// An `app.asar` path segment, with the separator on each side kept (Windows paths use backslashes).
const ASAR_SEGMENT = /([\\/])app\.asar([\\/])/;

/**
 * The copy of `path` that electron-builder's `asarUnpack` placed beside the archive (`app.asar.unpacked`), when
 * that copy exists; otherwise `path` unchanged. A worker started from the unpacked copy resolves its imports on
 * the real file system, so it does not depend on asar support inside worker threads (docs/packaging.md).
 */
export function preferUnpacked(path: string, exists: (p: string) => boolean = existsSync): string {
  if (!ASAR_SEGMENT.test(path)) return path;
  const unpacked = path.replace(ASAR_SEGMENT, '$1app.asar.unpacked$2');
  return exists(unpacked) ? unpacked : path;
}
