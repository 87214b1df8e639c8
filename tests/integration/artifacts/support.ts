import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSampleWorkbook } from '../../../scripts/generate-sample';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';

export const INPUT = 'Files/import/sales.xlsx';

/** A generated workbook in the lakehouse and `count` real engine runs over it; returns the run ids. */
export async function engineRuns(lakehouseDir: string, count: number, rows = 400): Promise<string[]> {
  await mkdir(join(lakehouseDir, 'Files/import'), { recursive: true });
  writeSampleWorkbook(join(lakehouseDir, INPUT), { rows, seed: 7 });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const runId = randomUUID();
    const result = await runSalesPipeline({
      lakehouseDir,
      inputPath: INPUT,
      runId,
      parameters: {},
      requestedBy: 'analyst@example.com',
    });
    if (result.status !== 'succeeded') throw new Error(`engine run failed: ${JSON.stringify(result.error)}`);
    ids.push(runId);
  }
  return ids;
}
