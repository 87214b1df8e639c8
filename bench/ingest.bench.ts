// Workbook inspection and the local engine against pandas + openpyxl doing the same reads and
// aggregations (bench/ingest_pandas.py, Debian's /usr/bin/python3), side by side on the same generated
// workbooks. `npm run bench -- ingest`; INGEST_BENCH_ROWS=100000,1000000 (default) picks the sizes.
// Workbooks are cached in $TMPDIR/fabric-portal-bench (never committed).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSampleWorkbook } from '../scripts/generate-sample';
import { processWorkbook, readFirstRows } from '../src/main/ingest/process-workbook';
import { runSalesPipeline } from '../src/main/ingest/run-pipeline';
import { WorkbookInspector } from '../src/main/ingest/workbook-inspector';

const SIZES = (process.env.INGEST_BENCH_ROWS ?? '100000,1000000').split(',').map(Number);
const FIRST_N = 20;
const CACHE = join(tmpdir(), 'fabric-portal-bench');
const PYTHON = '/usr/bin/python3';

interface PandasTimes {
  first_rows: number;
  read: number;
  aggregate: number;
  write_csv: number;
  rows: number;
  valid: number;
  total: number;
}

function pandas(path: string, outCsv: string): PandasTimes | null {
  try {
    const out = execFileSync(PYTHON, [join('bench', 'ingest_pandas.py'), path, String(FIRST_N), outCsv], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as PandasTimes;
  } catch (e) {
    console.log(`pandas reference failed: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

function workbook(rows: number): string {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `sales_${rows}.xlsx`);
  if (!existsSync(path)) {
    const t0 = performance.now();
    writeSampleWorkbook(path, { rows, seed: 7 });
    console.log(`generated ${path} in ${Math.round(performance.now() - t0)} ms`);
  }
  return path;
}

const f = (ms: number): string => (ms >= 10_000 ? ms.toFixed(0) : ms.toFixed(1));
const x = (r: number): string => `${r.toFixed(r >= 10 ? 0 : 1)}×`;

async function main(): Promise<void> {
  const lines: string[] = [];
  const extra: string[] = [];
  for (const rows of SIZES) {
    const path = workbook(rows);
    // Ours, in this process (the worker adds only its start-up, reported separately below).
    // First rows: median of 3 after an untimed warm-up, so the module/JIT cold start of the process is not
    // charged to a sub-second measurement (the multi-second full read amortises its own warm-up).
    await readFirstRows(path, FIRST_N);
    const firsts = [];
    for (let i = 0; i < 3; i++) firsts.push(await timed(() => readFirstRows(path, FIRST_N)));
    const first = firsts.sort((a, b) => a.ms - b.ms)[1] as (typeof firsts)[number];
    const full = await timed(() => processWorkbook(path, { collectCleaned: false }));
    const lake = mkdtempSync(join(tmpdir(), 'bench-lake-'));
    mkdirSync(join(lake, 'Files/import'), { recursive: true });
    copyFileSync(path, join(lake, 'Files/import/in.xlsx'));
    const engine = await timed(() =>
      runSalesPipeline({
        lakehouseDir: lake,
        inputPath: 'Files/import/in.xlsx',
        runId: 'bench',
        parameters: {},
        requestedBy: null,
      }),
    );
    if (engine.value.status !== 'succeeded')
      throw new Error(`engine failed: ${JSON.stringify(engine.value.error)}`);
    const inspector = new WorkbookInspector();
    const workerFirst = await timed(() => inspector.quickPreview(path, FIRST_N));
    const workerFull = await timed(() => inspector.inspectWorkbook(path, { maxPreviewRows: FIRST_N }));
    // pandas + openpyxl
    const outCsv = join(lake, 'pandas.csv');
    const py = pandas(path, outCsv);
    if (py === null) {
      console.log(
        'pandas reference unavailable: apt-get install python3-pandas python3-openpyxl (for /usr/bin/python3)',
      );
      lines.push(
        `| ${rows} | first ${FIRST_N} rows / full inspection / engine run (ours only) | ${f(first.ms)} / ${f(full.ms)} / ${f(engine.ms)} | – | – |`,
      );
      rmSync(lake, { recursive: true, force: true });
      continue;
    }
    rmSync(lake, { recursive: true, force: true });
    const pFirst = py.first_rows * 1000;
    const pFull = (py.read + py.aggregate) * 1000;
    const pEngine = (py.read + py.aggregate + py.write_csv) * 1000;
    const k = rows.toLocaleString('en-US');
    lines.push(
      `| ${k} | first ${FIRST_N} rows | ${f(first.ms)} | ${f(pFirst)} | ${x(pFirst / first.ms)} |`,
      `| ${k} | full inspection (read + rules + KPIs) vs read_excel + groupbys | ${f(full.ms)} | ${f(pFull)} | ${x(pFull / full.ms)} |`,
      `| ${k} | engine run (+ parquet, CSV, JSON) vs read_excel + groupbys + to_csv | ${f(engine.ms)} | ${f(pEngine)} | ${x(pEngine / engine.ms)} |`,
    );
    extra.push(
      `${k} rows: first rows / full read (ours) = ${(first.ms / full.ms).toFixed(4)} ` +
        `(inflated ${first.value.stats.inflatedBytes} of ${full.value.stats.inflatedBytes} bytes); ` +
        `worker: quickPreview ${f(workerFirst.ms)} ms, inspectWorkbook ${f(workerFull.ms)} ms; ` +
        `engine timings ${JSON.stringify(engine.value.metadata.timings_ms)}; ` +
        `pandas read ${f(py.read * 1000)} ms, aggregate ${f(py.aggregate * 1000)} ms, rows ${py.rows}, valid ${py.valid} ` +
        `(ours valid ${full.value.processor.rowsValid})`,
    );
  }
  console.log('\n| lines | workload | ours ms | pandas+openpyxl ms | pandas / ours |');
  console.log('|---|---|---|---|---|');
  for (const l of lines) console.log(l);
  console.log('');
  for (const e of extra) console.log(e);
}

await main();
