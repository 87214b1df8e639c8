import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE = join('resources', 'sample', 'sales_orders_fact.xlsx');

/**
 * The sample workbook the Demo lakehouse is seeded with. Where it lies depends on how the app runs: from
 * source, from the electron-vite build (out/main, maybe a chunk folder below it) or packaged (Electron's
 * resources folder); so look upwards from this module, then in process.resourcesPath.
 */
export function findSampleWorkbook(from: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(from));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, SAMPLE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) {
    for (const c of [join(resources, SAMPLE), join(resources, 'sample', 'sales_orders_fact.xlsx')]) {
      if (existsSync(c)) return c;
    }
  }
  return undefined;
}
