import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runSalesPipeline } from '../../src/main/ingest/run-pipeline';
import { checkRunAgainstGolden, loadGoldenCases, makeLakehouse, type TestLakehouse } from './support/golden';

// The local TypeScript engine against the same hand-written golden cases as the notebook.

const cases = loadGoldenCases();
const lakehouses: TestLakehouse[] = [];
afterAll(() => lakehouses.forEach((l) => rmSync(l.root, { recursive: true, force: true })));

describe('local engine vs golden cases', () => {
  for (const golden of cases) {
    it(`${golden.name}: ${golden.expected.description}`, async () => {
      const lakehouse = makeLakehouse(golden.inputFile, golden.name);
      lakehouses.push(lakehouse);
      const runId = `golden-${golden.name}`;
      const result = await runSalesPipeline({
        lakehouseDir: lakehouse.root,
        inputPath: lakehouse.inputPath,
        runId,
        parameters: { input_path: lakehouse.inputPath },
        requestedBy: 'parity@test',
      });
      expect(result.status, JSON.stringify(result.error)).toBe(golden.expected.status);
      expect(result.metadata.status).toBe(golden.expected.status);
      checkRunAgainstGolden({
        lakehouse,
        runId,
        expected: golden.expected,
        engine: 'local-engine',
        expectParquet: true,
      });
    });
  }
});
