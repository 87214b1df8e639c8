import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SAMPLE_PATH = fileURLToPath(
  new URL('../../resources/sample/sales_orders_fact.xlsx', import.meta.url),
);

/**
 * Copies the sample workbook into Files/import when that folder is empty. Returns a warning
 * (instead of failing) when the sample does not exist, so the emulator still starts.
 */
export async function seedSampleWorkbook(
  lakehouseDir: string,
  samplePath: string = DEFAULT_SAMPLE_PATH,
): Promise<{ seeded?: string; warning?: string }> {
  const importDir = join(lakehouseDir, 'Files', 'import');
  await mkdir(importDir, { recursive: true });
  if ((await readdir(importDir)).length > 0) return {};
  const sample = await stat(samplePath).catch(() => undefined);
  if (!sample?.isFile()) {
    return { warning: `sample workbook ${samplePath} not found; Files/import was left empty` };
  }
  const target = join(importDir, basename(samplePath));
  await copyFile(samplePath, target);
  return { seeded: target };
}
