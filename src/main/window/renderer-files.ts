import { realpath, readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

// Serving the built renderer (out/renderer) — shared by the app:// protocol and the preview host, so both
// refuse path traversal the same way.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const mimeTypeOf = (path: string): string =>
  MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * Maps a URL pathname to a file under root, or null when it would leave root or is not a plain path
 * (encoded slashes, backslashes, NUL, dot segments after decoding).
 */
export function resolveRendererPath(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (urlPathname.toLowerCase().includes('%2f') || urlPathname.toLowerCase().includes('%5c')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const rel = segments.length === 0 ? 'index.html' : segments.join('/');
  const full = resolve(root, rel);
  const fromRoot = relative(resolve(root), full);
  if (
    fromRoot === '' ||
    fromRoot.startsWith('..') ||
    isAbsolute(fromRoot) ||
    fromRoot.split(sep).includes('..')
  ) {
    return null;
  }
  return full;
}

export interface RendererFile {
  body: Buffer;
  contentType: string;
}

/** Reads a renderer file; null when missing, outside root (also through symlinks) or not a file. */
export async function readRendererFile(root: string, urlPathname: string): Promise<RendererFile | null> {
  const full = resolveRendererPath(root, urlPathname);
  if (!full) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(full)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    return { body: await readFile(realFile), contentType: mimeTypeOf(realFile) };
  } catch {
    return null;
  }
}
