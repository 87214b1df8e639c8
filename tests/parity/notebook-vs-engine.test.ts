import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportProfileSchema, KpisSchema, type ImportProfile, type Kpis } from '../../src/shared/artifacts';
import { runSalesPipeline } from '../../src/main/ingest/run-pipeline';
import { describeWithPython } from '../support/python';
import { parseContractCsv, type ParsedCsv } from './support/csv';
import { makeLakehouse, runDir, type TestLakehouse } from './support/golden';
import { runNotebook } from './support/notebook-cli';

// The notebook and the local engine on the realistic sample workbook: every KPI to the cent, the same
// profile and identical cleaned rows (field text equal, so numbers are equal exactly).

// PARITY_SAMPLE points the test at another workbook (e.g. a bigger one from `npm run sample -- --rows N`).
const SAMPLE =
  process.env.PARITY_SAMPLE ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/sample/sales_orders_fact.xlsx');
const RUN_ID = 'parity-sample';

interface EngineOutput {
  status: string;
  kpis: Kpis;
  profile: ImportProfile;
  csv: ParsedCsv;
}

function readOutput(lakehouse: TestLakehouse, status: string): EngineOutput {
  const dir = runDir(lakehouse.root, RUN_ID);
  return {
    status,
    kpis: KpisSchema.parse(JSON.parse(readFileSync(join(dir, 'kpis.json'), 'utf8'))),
    profile: ImportProfileSchema.parse(JSON.parse(readFileSync(join(dir, 'import_profile.json'), 'utf8'))),
    csv: parseContractCsv(readFileSync(join(dir, 'sales_cleaned.csv'), 'utf8')),
  };
}

if (!existsSync(SAMPLE)) {
  const message = `${SAMPLE} is missing; generate it with \`npm run sample\` (scripts/generate-sample.ts).`;
  if (process.env.CI === 'true') {
    describe('notebook vs local engine on the sample workbook', () => {
      it('has the sample workbook', () => {
        throw new Error(message);
      });
    });
  } else {
    console.warn(`Skipping notebook vs engine parity: ${message}`);
    describe.skip('notebook vs local engine on the sample workbook', () => {});
  }
} else {
  describeWithPython('notebook vs local engine on the sample workbook', (python) => {
    const lakehouses: TestLakehouse[] = [];
    let notebook: EngineOutput;
    let engine: EngineOutput;

    beforeAll(async () => {
      const forNotebook = makeLakehouse(SAMPLE, 'sales_orders_fact');
      const forEngine = makeLakehouse(SAMPLE, 'sales_orders_fact');
      lakehouses.push(forNotebook, forEngine);
      const [nb, local] = await Promise.all([
        runNotebook(python, { lakehouse: forNotebook.root, input: forNotebook.inputPath, runId: RUN_ID }),
        runSalesPipeline({
          lakehouseDir: forEngine.root,
          inputPath: forEngine.inputPath,
          runId: RUN_ID,
          parameters: { input_path: forEngine.inputPath },
          requestedBy: null,
        }),
      ]);
      if (nb.code !== 0) throw new Error(`notebook run failed (exit ${nb.code}): ${nb.stderr}`);
      notebook = readOutput(forNotebook, 'succeeded');
      engine = readOutput(forEngine, local.status);
    }, 900_000);

    afterAll(() => lakehouses.forEach((l) => rmSync(l.root, { recursive: true, force: true })));

    it('both runs succeed on a sample that exercises every rule', () => {
      expect(engine.status).toBe('succeeded');
      expect(notebook.kpis.rows_in).toBeGreaterThan(1000);
      for (const rule of notebook.profile.rules) expect(rule.count, rule.id).toBeGreaterThan(0);
    });

    it('every KPI is equal to the cent', () => {
      for (const key of Object.keys(notebook.kpis) as (keyof Kpis)[]) {
        expect(engine.kpis[key], `kpis.${key}`).toEqual(notebook.kpis[key]);
      }
      expect(engine.kpis).toEqual(notebook.kpis);
    });

    it('the profiles agree on columns, rules and rejected rows', () => {
      const { warnings: _nbWarnings, ...nbProfile } = notebook.profile;
      const { warnings: _engineWarnings, ...engineProfile } = engine.profile;
      expect(engineProfile.columns).toEqual(nbProfile.columns);
      expect(engineProfile.rules).toEqual(nbProfile.rules);
      expect(engineProfile.rejected_rows).toEqual(nbProfile.rejected_rows);
      expect(engineProfile).toEqual(nbProfile);
    });

    it('the cleaned rows are identical', () => {
      expect(engine.csv.header).toEqual(notebook.csv.header);
      expect(engine.csv.rows.length).toBe(notebook.csv.rows.length);
      const firstDifference = notebook.csv.rows.findIndex(
        (row, i) => row.join('\u0000') !== engine.csv.rows[i]?.join('\u0000'),
      );
      if (firstDifference >= 0) {
        const asObject = (row: string[] | undefined) =>
          Object.fromEntries(notebook.csv.header.map((h, i) => [h, row?.[i]]));
        expect(asObject(engine.csv.rows[firstDifference]), `cleaned row ${firstDifference + 1}`).toEqual(
          asObject(notebook.csv.rows[firstDifference]),
        );
      }
      expect(firstDifference).toBe(-1);
    });
  });
}
