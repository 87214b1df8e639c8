import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleChunk {
  file: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

const SCRIPT_SRC = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g;
const MODULEPRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g;
// Static imports and re-exports between chunks (`import {a} from "./x.js"`, `import "./x.js"`,
// `export * from "./x.js"`); dynamic `import("./x.js")` is deliberately not matched.
const STATIC_IMPORT =
  /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${}\s,]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/**
 * The JavaScript a window downloads before first paint: the entry scripts of index.html, their modulepreloads,
 * and everything those chunks import statically, transitively.
 */
export async function readInitialChunks(rendererDir: string): Promise<BundleChunk[]> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(MODULEPRELOAD)].map((m) =>
    toRelative(m[1] ?? ''),
  );
  const seen = new Map<string, BundleChunk>();
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (seen.has(file)) continue;
    const buffer = await readFile(join(rendererDir, file));
    const text = buffer.toString('utf8');
    seen.set(file, { file, bytes: buffer.length, gzipBytes: gzipSync(buffer).length, text });
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const m of text.matchAll(STATIC_IMPORT)) queue.push(normalise(dir + (m[1] ?? '')));
  }
  return [...seen.values()];
}

const toRelative = (src: string): string => normalise(src.replace(/^\.?\//, ''));

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
