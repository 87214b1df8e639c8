#!/usr/bin/env node
// The `portal` command: runs the built CLI (out/cli/index.js) when present, else the TypeScript source
// through tsx's in-process loader (a development checkout).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'index.js');
let entry;
if (existsSync(built)) {
  entry = built;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'src', 'cli', 'index.ts');
}
process.argv[1] = entry;
await import(pathToFileURL(entry).href);
