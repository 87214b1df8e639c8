import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  ARTIFACT_FILES,
  CLEANED_COLUMNS,
  ImportProfileSchema,
  KpisSchema,
  RULE_IDS,
  RunMetadataSchema,
  type ImportProfile,
  type Kpis,
  type RuleId,
} from '../../../src/shared/artifacts';
import { parseContractCsv } from './csv';
import { readParquetContent } from './parquet';

// The golden cases (notebook/tests/cases/<name>/input.xlsx + expected.json, written by hand) and the checks
// that hold one engine's run folder to them. Used for both the notebook and the local engine.

export const CASES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../notebook/tests/cases');

type Counts = Pick<Kpis, 'rows_in' | 'duplicates_removed' | 'rows_rejected' | 'rows_valid'>;
type ExpectedKpis = Omit<Kpis, 'schema_version' | 'run_id' | keyof Counts>;

export interface GoldenExpectation {
  description: string;
  status: 'succeeded' | 'failed';
  error?: { code: string; message_starts_with: string };
  sheet?: string;
  counts?: Counts;
  missing_required?: string[];
  extra_columns?: string[];
  rules?: Partial<Record<RuleId, { count: number; example_rows: number[] }>>;
  rejected_rows?: ImportProfile['rejected_rows'];
  columns?: ImportProfile['columns'];
  csv_contains?: string[];
  kpis: ExpectedKpis | null;
  cleaned_columns?: string[];
  cleaned_rows?: Record<string, string | number | null>[];
}

export interface GoldenCase {
  name: string;
  inputFile: string;
  expected: GoldenExpectation;
}

export function loadGoldenCases(): GoldenCase[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      inputFile: join(CASES_DIR, name, 'input.xlsx'),
      expected: JSON.parse(readFileSync(join(CASES_DIR, name, 'expected.json'), 'utf8')) as GoldenExpectation,
    }));
}

export const PREVIOUS_CURRENT_MARKER = 'previous-run.txt';

export interface TestLakehouse {
  root: string;
  /** lakehouse-relative input path */
  inputPath: string;
}

/** A temp folder holding Files/import/<name>.xlsx and a results/current/ left by an earlier run. */
export function makeLakehouse(inputFile: string, name: string): TestLakehouse {
  const root = mkdtempSync(join(tmpdir(), 'parity-lakehouse-'));
  mkdirSync(join(root, 'Files', 'import'), { recursive: true });
  const inputPath = `Files/import/${name}.xlsx`;
  if (existsSync(inputFile)) copyFileSync(inputFile, join(root, inputPath));
  const current = join(root, 'Files', 'results', 'current');
  mkdirSync(current, { recursive: true });
  writeFileSync(join(current, PREVIOUS_CURRENT_MARKER), 'left by an earlier run\n');
  return { root, inputPath };
}

export function runDir(root: string, runId: string): string {
  return join(root, 'Files', 'results', 'runs', runId);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const NUMERIC_COLUMNS = new Set([
  'line_number',
  'quantity',
  'unit_price',
  'discount',
  'unit_cost',
  'net_revenue',
]);
const RULE_SEVERITY: Record<RuleId, 'error' | 'warning'> = {
  duplicate_key: 'warning',
  required_missing: 'error',
  unparseable_value: 'error',
  quantity_not_positive_integer: 'error',
  unit_price_negative: 'error',
  discount_out_of_range: 'error',
  unit_cost_negative: 'error',
  ship_before_order: 'warning',
};

export interface CheckOptions {
  lakehouse: TestLakehouse;
  runId: string;
  expected: GoldenExpectation;
  engine: 'fabric-notebook' | 'local-engine';
  /** whether sales_cleaned.parquet must be among the artifacts of a successful run */
  expectParquet: boolean;
}

/** Holds the run folder (and results/current) of one engine to a golden case. */
export function checkRunAgainstGolden(options: CheckOptions): void {
  const { lakehouse, runId, expected, engine, expectParquet } = options;
  const dir = runDir(lakehouse.root, runId);
  const metadata = RunMetadataSchema.parse(readJson(join(dir, 'run_metadata.json')));
  expect(metadata.run_id).toBe(runId);
  expect(metadata.engine.name).toBe(engine);
  expect(metadata.status).toBe(expected.status);
  expect(metadata.input.path).toBe(lakehouse.inputPath);
  const input = readFileSync(join(lakehouse.root, lakehouse.inputPath));
  expect(metadata.input.size).toBe(input.length);
  expect(metadata.input.sha256).toBe(createHash('sha256').update(input).digest('hex'));

  const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
  const inOrder = ARTIFACT_FILES.filter((f) => files.includes(f));
  expect(files.sort()).toEqual([...inOrder].sort());
  expect(metadata.artifacts).toEqual(inOrder);

  const current = join(lakehouse.root, 'Files', 'results', 'current');
  if (expected.status === 'failed') {
    expect(metadata.error?.code).toBe(expected.error?.code);
    expect(metadata.error?.message.startsWith(expected.error?.message_starts_with ?? '')).toBe(true);
    expect(metadata.error?.message.length).toBeGreaterThan(20);
    expect(files).not.toContain('kpis.json');
    expect(files).not.toContain('sales_cleaned.csv');
    expect(files).not.toContain('sales_cleaned.parquet');
    expect(files.includes('import_profile.json')).toBe(expected.counts !== undefined);
    expect(readdirSync(current)).toEqual([PREVIOUS_CURRENT_MARKER]);
  } else {
    expect(metadata.error).toBeUndefined();
    expect(files.includes('sales_cleaned.parquet')).toBe(expectParquet);
    for (const f of ['sales_cleaned.csv', 'kpis.json', 'import_profile.json', 'run_metadata.json']) {
      expect(files).toContain(f);
    }
    // results/current/ was replaced by exactly this run's files.
    expect(readdirSync(current).sort()).toEqual(files.sort());
    for (const f of files)
      expect(readFileSync(join(current, f)).equals(readFileSync(join(dir, f)))).toBe(true);
  }

  if (expected.counts)
    checkProfile(ImportProfileSchema.parse(readJson(join(dir, 'import_profile.json'))), expected);

  if (expected.status === 'succeeded') {
    const kpis = KpisSchema.parse(readJson(join(dir, 'kpis.json')));
    expect(kpis).toEqual({ schema_version: 1, run_id: runId, ...expected.counts, ...expected.kpis });
    checkCsv(readFileSync(join(dir, 'sales_cleaned.csv'), 'utf8'), expected);
    if (files.includes('sales_cleaned.parquet')) {
      checkParquet(new Uint8Array(readFileSync(join(dir, 'sales_cleaned.parquet'))), expected);
    }
  }
}

const DATE_COLUMNS = new Set(['order_date', 'ship_date']);
const INT_COLUMNS = new Set(['line_number', 'quantity']);

function parquetKind(column: string, index: number): string {
  if (index >= CLEANED_COLUMNS.length) return 'string';
  if (INT_COLUMNS.has(column)) return 'int64';
  if (DATE_COLUMNS.has(column)) return 'date';
  return NUMERIC_COLUMNS.has(column) ? 'float64' : 'string';
}

/** The Parquet file holds the same rows as the CSV, typed, without the CSV's formula-injection prefix. */
function checkParquet(bytes: Uint8Array, expected: GoldenExpectation): void {
  const content = readParquetContent(bytes);
  const header = expected.cleaned_columns ?? [];
  expect(content.columns).toEqual(header.map((name, i) => ({ name, kind: parquetKind(name, i) })));
  const unprefixed = (expected.cleaned_rows ?? []).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'string' && /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v,
      ]),
    ),
  );
  expect(content.rows).toEqual(unprefixed);
}

function checkProfile(profile: ImportProfile, expected: GoldenExpectation): void {
  const counts = expected.counts!;
  expect(profile.sheet).toBe(expected.sheet);
  expect(profile.rows_in).toBe(counts.rows_in);
  expect({
    duplicates_removed: profile.duplicates_removed,
    rows_rejected: profile.rows_rejected,
    rows_valid: profile.rows_valid,
  }).toEqual({
    duplicates_removed: counts.duplicates_removed,
    rows_rejected: counts.rows_rejected,
    rows_valid: counts.rows_valid,
  });
  expect(profile.missing_required).toEqual(expected.missing_required ?? []);
  expect(profile.extra_columns).toEqual(expected.extra_columns ?? []);
  expect(profile.rules.map((r) => r.id)).toEqual([...RULE_IDS]);
  for (const rule of profile.rules) {
    const want = expected.rules?.[rule.id] ?? { count: 0, example_rows: [] };
    expect({ id: rule.id, count: rule.count, example_rows: rule.example_rows }).toEqual({
      id: rule.id,
      ...want,
    });
    expect(rule.severity).toBe(RULE_SEVERITY[rule.id]);
    expect(rule.description.length).toBeGreaterThan(0);
  }
  expect(profile.rejected_rows).toEqual(expected.rejected_rows ?? []);
  expect(profile.rejected_rows_truncated).toBe(false);
  if (expected.columns) expect(profile.columns).toEqual(expected.columns);
  if (expected.missing_required?.length === 0 && expected.status === 'succeeded') {
    const canonical = profile.columns.map((c) => c.canonical).filter((c): c is string => c !== null);
    expect(new Set(canonical).size).toBe(canonical.length);
  }
}

function checkCsv(text: string, expected: GoldenExpectation): void {
  const csv = parseContractCsv(text);
  expect(csv.header).toEqual(expected.cleaned_columns);
  expect(csv.header.slice(0, CLEANED_COLUMNS.length)).toEqual([...CLEANED_COLUMNS]);
  const want = expected.cleaned_rows ?? [];
  expect(csv.rows.length).toBe(want.length);
  csv.rows.forEach((fields, index) => {
    const row = want[index]!;
    expect(Object.keys(row)).toEqual(csv.header);
    const got: Record<string, string | number | null> = {};
    csv.header.forEach((column, i) => {
      const field = fields[i]!;
      const wanted = row[column];
      if (field === '') got[column] = null;
      else if (NUMERIC_COLUMNS.has(column) && typeof wanted === 'number') {
        // The contract writes numbers in JavaScript's shortest round-trip form, so the text must match too.
        got[column] = field === String(wanted) ? wanted : `${field} (not ${String(wanted)})`;
      } else got[column] = field;
    });
    expect(got, `cleaned row ${index + 1}`).toEqual(row);
  });
  for (const snippet of expected.csv_contains ?? []) expect(text).toContain(snippet);
}
