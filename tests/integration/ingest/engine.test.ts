import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_FILES,
  CLEANED_COLUMNS,
  ImportProfileSchema,
  KpisSchema,
  RunMetadataSchema,
} from '../../../src/shared/artifacts';
import { formatDay, formatNumber } from '../../../src/main/ingest/values';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import { writeXlsx } from '../../../src/main/ingest/xlsx/xlsx-writer';
import { fsum } from '../../../src/main/kpis/exact-sum';
import { round2 } from '../../../src/main/kpis/round';

const SAMPLE = resolve('resources/sample/sales_orders_fact.xlsx');
const INPUT = 'Files/import/sales_orders_fact.xlsx';
let lake: string;

/** RFC 4180 reader for the test's own check (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const runPath = (id: string, f = ''): string => join(lake, 'Files/results/runs', id, f);
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

beforeAll(() => {
  lake = mkdtempSync(join(tmpdir(), 'lakehouse-'));
  mkdirSync(join(lake, 'Files/import'), { recursive: true });
  copyFileSync(SAMPLE, join(lake, INPUT));
});
afterAll(() => rmSync(lake, { recursive: true, force: true }));

describe('local engine on the sample workbook', () => {
  let result: Awaited<ReturnType<typeof runSalesPipeline>>;
  beforeAll(async () => {
    result = await runSalesPipeline({
      lakehouseDir: lake,
      inputPath: INPUT,
      runId: 'run-1',
      parameters: { input: INPUT },
      requestedBy: 'tester@example.com',
    });
  }, 120_000);

  it('succeeds and writes all five artifacts, each valid against its schema', () => {
    expect(result.status).toBe('succeeded');
    for (const f of ARTIFACT_FILES) expect(existsSync(runPath('run-1', f)), f).toBe(true);
    const meta = RunMetadataSchema.parse(readJson(runPath('run-1', 'run_metadata.json')));
    expect(meta).toMatchObject({ status: 'succeeded', run_id: 'run-1', requested_by: 'tester@example.com' });
    expect(meta.engine.name).toBe('local-engine');
    expect(meta.input.sha256).toBe(createHash('sha256').update(readFileSync(SAMPLE)).digest('hex'));
    expect(meta.input.size).toBe(readFileSync(SAMPLE).length);
    expect([...meta.artifacts].sort()).toEqual([...ARTIFACT_FILES].sort());
    const profile = ImportProfileSchema.parse(readJson(runPath('run-1', 'import_profile.json')));
    const kpis = KpisSchema.parse(readJson(runPath('run-1', 'kpis.json')));
    expect(profile.rows_in).toBe(50_000);
    expect(kpis.rows_in).toBe(kpis.rows_valid + kpis.rows_rejected + kpis.duplicates_removed);
    // The sample is built to break every rule at least a few times.
    for (const rule of profile.rules) expect(rule.count, rule.id).toBeGreaterThan(10);
    expect(profile.extra_columns).toEqual(['Sales Rep', 'Notes']);
  });

  it('writes a parquet file whose rows equal the CSV rows, with the contract types', () => {
    const csvText = readFileSync(runPath('run-1', 'sales_cleaned.csv'), 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain('\r\n');
    const csv = parseCsv(csvText.slice(1));
    const header = csv[0] as string[];
    expect(header).toEqual([...CLEANED_COLUMNS, 'Sales Rep', 'Notes']);
    const table = tableFromIPC(
      parquet.readParquet(readFileSync(runPath('run-1', 'sales_cleaned.parquet'))).intoIPCStream(),
    );
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({
      order_id: 'Utf8',
      line_number: 'Int64',
      order_date: 'Date32<DAY>',
      ship_date: 'Date32<DAY>',
      quantity: 'Int64',
      unit_price: 'Float64',
      net_revenue: 'Float64',
      Notes: 'Utf8',
    });
    const kpis = KpisSchema.parse(readJson(runPath('run-1', 'kpis.json')));
    expect(table.numRows).toBe(kpis.rows_valid);
    expect(csv.length - 1).toBe(kpis.rows_valid);
    const cols = header.map((name) => table.getChild(name));
    const csvForm = (v: unknown, type: string): string => {
      if (v === null || v === undefined) return '';
      if (type.startsWith('Date')) return formatDay((v as number) / 86_400_000);
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number') return formatNumber(v);
      const s = String(v);
      const safe = /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
      return safe;
    };
    for (let i = 0; i < table.numRows; i++) {
      const expected = cols.map((c, j) => csvForm(c?.get(i), types[header[j] as string] as string));
      expect(csv[i + 1], `row ${i}`).toEqual(expected);
    }
    // Formula injection was neutralised in the CSV.
    expect(csvText).toMatch(/'=HYPERLINK/);
    expect(csvText).not.toMatch(/,=HYPERLINK/);
    // KPIs agree with the cleaned rows.
    const nets = csv.slice(1).map((r) => Number(r[CLEANED_COLUMNS.indexOf('net_revenue')]));
    expect(round2(fsum(nets))).toBe(kpis.total_revenue);
  });

  it('publishes the run to results/current atomically, leaving no temporary folders', () => {
    const current = join(lake, 'Files/results/current');
    expect(readdirSync(current).sort()).toEqual([...ARTIFACT_FILES].sort());
    expect(readFileSync(join(current, 'kpis.json'), 'utf8')).toBe(
      readFileSync(runPath('run-1', 'kpis.json'), 'utf8'),
    );
    expect(readdirSync(join(lake, 'Files/results')).sort()).toEqual(['current', 'runs']);
  });

  it('fails on missing required columns, writing profile + metadata and leaving current untouched', async () => {
    const input = 'Files/import/no_qty.xlsx';
    writeXlsx(join(lake, input), [
      {
        name: 'sales_orders_fact',
        rows: () => [
          ['order_id', 'order_date', 'customer_id', 'region', 'product_id', 'category'],
          ['O1', '2024-01-01', 'C1', 'EMEA', 'P1', 'Tools'],
        ],
      },
    ]);
    const r = await runSalesPipeline({
      lakehouseDir: lake,
      inputPath: input,
      runId: 'run-2',
      parameters: {},
      requestedBy: null,
    });
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({
      code: 'MISSING_COLUMNS',
      message: 'Missing required column(s): quantity, unit_price',
    });
    expect(readdirSync(runPath('run-2')).sort()).toEqual(['import_profile.json', 'run_metadata.json']);
    const meta = RunMetadataSchema.parse(readJson(runPath('run-2', 'run_metadata.json')));
    expect(meta.error?.code).toBe('MISSING_COLUMNS');
    const profile = ImportProfileSchema.parse(readJson(runPath('run-2', 'import_profile.json')));
    expect(profile.missing_required).toEqual(['quantity', 'unit_price']);
    expect((readJson(join(lake, 'Files/results/current/kpis.json')) as { run_id: string }).run_id).toBe(
      'run-1',
    );
  });

  it('fails clearly on a missing input and on a file that is not a workbook', async () => {
    const missing = await runSalesPipeline({
      lakehouseDir: lake,
      inputPath: 'Files/import/nope.xlsx',
      runId: 'run-3',
      parameters: {},
      requestedBy: null,
    });
    expect(missing.status).toBe('failed');
    expect(missing.error?.code).toBe('INPUT_NOT_FOUND');
    expect(RunMetadataSchema.parse(readJson(runPath('run-3', 'run_metadata.json'))).status).toBe('failed');
    writeFileSync(join(lake, 'Files/import/fake.xlsx'), 'order_id,quantity\n1,2\n');
    const fake = await runSalesPipeline({
      lakehouseDir: lake,
      inputPath: 'Files/import/fake.xlsx',
      runId: 'run-4',
      parameters: {},
      requestedBy: null,
    });
    expect(fake.error?.code).toBe('UNREADABLE_INPUT');
    expect(fake.error?.message).toMatch(/plain text/);
    expect(readdirSync(runPath('run-4'))).toEqual(['run_metadata.json']);
  });

  it('honours cancellation: failed with CANCELLED, no data artifacts, current untouched', async () => {
    const ac = new AbortController();
    const pending = runSalesPipeline({
      lakehouseDir: lake,
      inputPath: INPUT,
      runId: 'run-5',
      parameters: {},
      requestedBy: null,
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    const r = await pending;
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('CANCELLED');
    expect(
      readdirSync(runPath('run-5')).filter((f) => f.startsWith('sales_cleaned') || f === 'kpis.json'),
    ).toEqual([]);
    expect((readJson(join(lake, 'Files/results/current/kpis.json')) as { run_id: string }).run_id).toBe(
      'run-1',
    );
  });

  it('refuses an input path outside the lakehouse', async () => {
    await expect(
      runSalesPipeline({
        lakehouseDir: lake,
        inputPath: '../../etc/passwd',
        runId: 'run-6',
        parameters: {},
        requestedBy: null,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
