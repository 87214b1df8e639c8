import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

// Helpers for the packaging tests: electron-builder's own config parser and asarUnpack matcher (so the tests
// judge patterns exactly as a build does), and the files the worker_threads entries load, derived from the build.

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

// electron-builder's internals, reached through electron-builder itself (app-builder-lib is its dependency).
const builderRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib'));

export interface BuilderConfig {
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  [key: string]: unknown;
}

export function readBuilderConfig(): BuilderConfig {
  const yaml = libRequire('js-yaml') as { load: (text: string) => unknown };
  return yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

type Filter = (file: string, stat: Stats) => boolean;
interface FileMatcherClass {
  new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ): { createFilter(): Filter };
}

/** Whether electron-builder would unpack `file` (absolute, under ROOT) for these asarUnpack patterns. */
export function unpackMatcher(patterns: string[]): (file: string) => boolean {
  const { FileMatcher } = builderRequire('app-builder-lib/out/fileMatcher') as {
    FileMatcher: FileMatcherClass;
  };
  const filter = new FileMatcher(ROOT, ROOT, (s) => s, patterns).createFilter();
  return (file) => filter(file, statSync(file));
}

// Static imports, re-exports, side-effect imports and dynamic imports with a literal specifier, as the
// electron-vite (rolldown) output writes them.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)["']([^"']+)["']/gm;

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The folder of package `name` as Node resolves it from `fromDir` (nearest node_modules upwards). */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) return undefined;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

export interface WorkerClosure {
  entries: string[];
  /** out/main files the entries import, entries included */
  buildFiles: string[];
  /** package folders the build files import, with their production dependencies */
  packages: string[];
}

/** What the built worker_threads entries (out/main/*-worker.js) load at run time. */
export function workerClosure(): WorkerClosure {
  const main = join(ROOT, 'out', 'main');
  const entries = readdirSync(main)
    .filter((f) => f.endsWith('-worker.js'))
    .map((f) => join(main, f));
  const buildFiles = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (buildFiles.has(file)) return;
    buildFiles.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!spec) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) bare.add(packageName(spec));
    }
  };
  entries.forEach(visit);

  const packages = new Set<string>();
  const addPackage = (name: string, fromDir: string, importer: string): void => {
    const dir = packageDir(name, fromDir);
    if (!dir) throw new Error(`${importer} imports ${name}, which is not installed.`);
    if (packages.has(dir)) return;
    packages.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) addPackage(dep, dir, name);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      if (packageDir(dep, dir)) addPackage(dep, dir, name);
    }
  };
  for (const name of bare) addPackage(name, main, 'out/main');
  return { entries, buildFiles: [...buildFiles], packages: [...packages] };
}

export const filesOf = (packages: string[]): string[] => packages.flatMap(filesUnder);
export const rel = (file: string): string => relative(ROOT, file).split('\\').join('/');

// Packing holds the build lock (tests/support/preview-host.ts), so no engineer's build rewrites out/ (and its
// hashed chunk names) half-way through a pack.
export { withBuildLock } from '../../support/preview-host';
