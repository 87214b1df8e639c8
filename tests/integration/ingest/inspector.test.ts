import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportProfileSchema } from '../../../src/shared/artifacts';
import { processWorkbook } from '../../../src/main/ingest/process-workbook';
import { WorkbookInspector } from '../../../src/main/ingest/workbook-inspector';
import { writeXlsx } from '../../../src/main/ingest/xlsx/xlsx-writer';

const SAMPLE = resolve('resources/sample/sales_orders_fact.xlsx');
const tmp = mkdtempSync(join(tmpdir(), 'inspector-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('WorkbookInspector (worker thread)', () => {
  const inspector = new WorkbookInspector();

  it('inspects the whole sample in a worker, reporting progress, with the engine’s own rule results', async () => {
    const progress: number[] = [];
    const r = await inspector.inspectWorkbook(SAMPLE, {
      maxPreviewRows: 20,
      onProgress: (n) => progress.push(n),
    });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(r.stats.rowsRead);
    expect(r.sheet).toBe('sales_orders_fact');
    expect(r.rows).toHaveLength(20);
    expect(r.rows[0]?.row).toBe(2);
    expect(r.columns.find((c) => c.name === 'Order Date')).toEqual({
      name: 'Order Date',
      canonical: 'order_date',
      required: true,
    });
    const orderDate = r.rows[0]?.values[r.columns.findIndex((c) => c.name === 'Order Date')];
    expect(orderDate).toMatch(/^2024-01-\d\d$/);
    const profile = ImportProfileSchema.parse(r.profile);
    // Same code path as the engine: identical rule results in-process.
    const direct = await processWorkbook(SAMPLE, { collectCleaned: false });
    expect(profile).toEqual(direct.processor.profile(direct.sheet));
    expect(r.kpis.rows_valid).toBe(profile.rows_valid);
  }, 60_000);

  it('returns the first rows without reading the whole sheet', async () => {
    const full = await inspector.inspectWorkbook(SAMPLE, { maxPreviewRows: 1 });
    const quick = await inspector.quickPreview(SAMPLE, 25);
    expect(quick.rows).toHaveLength(25);
    expect(quick.rows.map((r) => r.values)).toEqual(
      (await inspector.inspectWorkbook(SAMPLE, { maxPreviewRows: 25 })).rows.map((r) => r.values),
    );
    expect(quick.stats.inflatedBytes).toBeLessThan(full.stats.inflatedBytes / 10);
    expect(quick.stats.rowsRead).toBeLessThan(1000);
  }, 60_000);

  it('terminates a worker that runs past its timeout', async () => {
    const slow = new WorkbookInspector({ timeoutMs: 1 });
    await expect(slow.inspectWorkbook(SAMPLE)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('cancels on abort', async () => {
    const ac = new AbortController();
    const p = inspector.inspectWorkbook(SAMPLE, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('passes reader errors through from the worker with message and hint', async () => {
    const locked = join(tmp, 'locked.xlsx');
    writeFileSync(locked, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(1020)]));
    await expect(inspector.quickPreview(locked, 5)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/password-protected/),
      hint: expect.stringMatching(/without a password/),
    });
    const limited = new WorkbookInspector({ limits: { maxRows: 100 } });
    await expect(limited.inspectWorkbook(SAMPLE)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: 'The worksheet has more than 100 data rows.',
    });
  });

  it('preflight: ok for the sample, names missing columns, and reports missing files', async () => {
    expect(await inspector.preflight(SAMPLE)).toMatchObject({ ok: true, problems: [] });
    const partial = join(tmp, 'partial.xlsx');
    writeXlsx(partial, [
      {
        name: 'S',
        rows: () => [
          ['Order ID', 'Order Date', 'Region'],
          ['1', '2024-01-01', 'EMEA'],
        ],
      },
    ]);
    const r = await inspector.preflight(partial);
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.message).toBe(
      'Missing required column(s): customer_id, product_id, category, quantity, unit_price',
    );
    const gone = await inspector.preflight(join(tmp, 'gone.xlsx'));
    expect(gone).toMatchObject({ ok: false, problems: [{ code: 'NOT_FOUND' }] });
  });

  it('also works when the host process runs under tsx', async () => {
    const script = join(tmp, 'tsx-host.ts');
    const inspectorPath = resolve('src/main/ingest/workbook-inspector.ts');
    writeFileSync(
      script,
      `import { WorkbookInspector } from ${JSON.stringify(inspectorPath)};\n` +
        `const p = await new WorkbookInspector().quickPreview(${JSON.stringify(SAMPLE)}, 3);\n` +
        `console.log(JSON.stringify({ rows: p.rows.length, first: p.rows[0]?.values[0] }));\n`,
    );
    writeFileSync(join(tmp, 'package.json'), '{"type":"module"}');
    const tsx = resolve('node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [script], { cwd: resolve('.') });
    expect(JSON.parse(stdout.trim())).toEqual({ rows: 3, first: 'SO-100001' });
  }, 60_000);
});
