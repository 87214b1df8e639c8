import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processWorkbook } from '../../../src/main/ingest/process-workbook';

const tmp = mkdtempSync(join(tmpdir(), 'generate-sample-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tsx = resolve('node_modules/.bin/tsx');
const script = resolve('scripts/generate-sample.ts');

describe('npm run sample (scripts/generate-sample.ts)', () => {
  it('writes the requested number of lines, including dirty rows and duplicates', async () => {
    const out = join(tmp, 'small.xlsx');
    const r = spawnSync(tsx, [script, '--rows', '3000', '--seed', '42', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3000 lines/);
    const wb = await processWorkbook(out, { collectCleaned: false });
    expect(wb.sheet).toBe('sales_orders_fact');
    expect(wb.processor.rowsIn).toBe(3000);
    expect(wb.header.missingRequired).toEqual([]);
    const profile = wb.processor.profile(wb.sheet);
    expect(profile.rows_rejected).toBeGreaterThan(30);
    expect(profile.duplicates_removed).toBeGreaterThan(0);
  }, 60_000);

  it('rejects bad arguments with a usage line and exit code 2', () => {
    const bad = spawnSync(tsx, [script, '--rows', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--rows and --seed must be whole numbers/);
    const unknown = spawnSync(tsx, [script, '--colour', 'red'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument --colour\. Usage: npm run sample/);
  }, 60_000);
});
