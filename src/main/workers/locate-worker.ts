import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError } from '../../shared/contract/errors';
import { preferUnpacked } from './asar-unpacked';

/** What `new Worker(script, { eval })` needs to start one of the main process's worker entries. */
export interface WorkerSpec {
  script: string | URL;
  eval: boolean;
}

/** URL of tsx's ESM register API, read from tsx's own exports map (its CommonJS twin cannot register). */
function tsxEsmApi(from: string): string {
  const pkgJson = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const target = pkg.exports['./esm/api'];
  const rel = typeof target === 'object' ? target.import?.default : undefined;
  if (!rel)
    throw new AppError('INTERNAL', 'tsx is installed but has no ESM API; cannot run the worker from source.');
  return pathToFileURL(join(dirname(pkgJson), rel)).href;
}

/**
 * Locates worker entry `name` (e.g. "pipeline-worker") relative to the calling module's URL. From
 * TypeScript source (tsx, vitest) the worker registers tsx and imports <name>.ts beside the caller; in the
 * electron-vite build the entry is out/main/<name>.js next to (or one level above, for chunks) the caller; in a
 * packaged app the copy in app.asar.unpacked is preferred when electron-builder unpacked one.
 */
export function locateWorker(name: string, callerUrl: string): WorkerSpec {
  if (callerUrl.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, callerUrl).href;
    return {
      eval: true,
      script: `import(${JSON.stringify(tsxEsmApi(callerUrl))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    };
  }
  for (const rel of [`./${name}.js`, `../${name}.js`, `../main/${name}.js`]) {
    const path = preferUnpacked(fileURLToPath(new URL(rel, callerUrl)));
    if (existsSync(path)) return { eval: false, script: pathToFileURL(path) };
  }
  throw new AppError('INTERNAL', `The worker entry ${name}.js is missing from the build.`);
}
