import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { describeWithPython } from '../support/python';
import { checkRunAgainstGolden, loadGoldenCases, makeLakehouse, type TestLakehouse } from './support/golden';
import { hasPyarrow, runNotebook } from './support/notebook-cli';

// The Fabric notebook, run through its CLI, against every hand-written golden case.

const cases = loadGoldenCases();
const lakehouses: TestLakehouse[] = [];
afterAll(() => lakehouses.forEach((l) => rmSync(l.root, { recursive: true, force: true })));

describeWithPython('notebook vs golden cases', (python) => {
  const parquet = hasPyarrow(python);

  it('has at least twelve golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const golden of cases) {
    it(`${golden.name}: ${golden.expected.description}`, async () => {
      const lakehouse = makeLakehouse(golden.inputFile, golden.name);
      lakehouses.push(lakehouse);
      const runId = `golden-${golden.name}`;
      const run = await runNotebook(python, {
        lakehouse: lakehouse.root,
        input: lakehouse.inputPath,
        runId,
        requestedBy: 'parity@test',
      });
      expect(run.code, run.stderr).toBe(golden.expected.status === 'succeeded' ? 0 : 1);
      const summary = JSON.parse(run.stdout) as { status: string; run_id: string };
      expect(summary).toMatchObject({ status: golden.expected.status, run_id: runId });
      if (!parquet && golden.expected.status === 'succeeded') expect(run.stderr).toContain('pyarrow');
      checkRunAgainstGolden({
        lakehouse,
        runId,
        expected: golden.expected,
        engine: 'fabric-notebook',
        expectParquet: parquet,
      });
    });
  }
});
