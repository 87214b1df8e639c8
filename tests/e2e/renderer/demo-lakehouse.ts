import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const SAMPLE = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'resources',
  'sample',
  'sales_orders_fact.xlsx',
);

/**
 * Puts the sample workbook into Files/import of the Demo lakehouse of a data folder before the host starts,
 * as an analyst copying a workbook there would (the Demo seeds it too, but only into an empty folder).
 */
export async function placeSampleWorkbook(dataDir: string): Promise<string> {
  const importDir = join(dataDir, 'demo', 'lakehouse', 'Files', 'import');
  await mkdir(importDir, { recursive: true });
  const target = join(importDir, 'sales_orders_fact.xlsx');
  await copyFile(SAMPLE, target);
  return target;
}
