import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPython } from '../../support/python';
import { generateSalesRows, writeSampleWorkbook } from '../../../scripts/generate-sample';
import { formatDay, serialToDay } from '../../../src/main/ingest/values';
import { ExcelDate, type Cell } from '../../../src/main/ingest/xlsx/cell';
import { XlsxWorkbook } from '../../../src/main/ingest/xlsx/workbook';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

// Our writer and our reader against openpyxl (what the Fabric notebook reads with): the sample opens in
// openpyxl, and both readers see the same values.

const SAMPLE = resolve('resources/sample/sales_orders_fact.xlsx');
const tmp = mkdtempSync(join(tmpdir(), 'openpyxl-compat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const READ_SCRIPT = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb[wb.sheetnames[0]]
rows, count = [], 0
def conv(v):
    if isinstance(v, datetime.datetime): return "D:" + v.date().isoformat()
    return v
for r in ws.iter_rows(values_only=True):
    count += 1
    if count <= int(sys.argv[2]): rows.append([conv(v) for v in r])
print(json.dumps({"sheets": wb.sheetnames, "count": count, "rows": rows}))
`;

function ours(cell: Cell | undefined): unknown {
  if (cell === undefined) return null;
  if (cell instanceof ExcelDate) return 'D:' + formatDay(serialToDay(cell.serial, false, true) as number);
  return cell;
}

describeWithPython('xlsx compatibility with openpyxl', (python) => {
  it('the committed sample is what the generator writes today (deterministic)', () => {
    const again = join(tmp, 'again.xlsx');
    writeSampleWorkbook(again, { rows: 50_000, seed: 20240101 });
    expect(readFileSync(again).equals(readFileSync(SAMPLE))).toBe(true);
  }, 60_000);

  it('openpyxl and our reader see the same sheet, row count and values', async () => {
    const N = 400;
    const r = spawnSync(python, ['-c', READ_SCRIPT, SAMPLE, String(N)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const py = JSON.parse(r.stdout) as { sheets: string[]; count: number; rows: unknown[][] };
    expect(py.sheets).toEqual(['sales_orders_fact']);
    const wb = await XlsxWorkbook.open(SAMPLE);
    const mine: unknown[][] = [];
    let count = 0;
    let lastRow = 0;
    for await (const row of wb.rows()) {
      count++;
      // openpyxl also yields blank rows; ours skips rows without cells, so pad to the same positions.
      while (mine.length < N && lastRow + 1 < row.row) {
        mine.push(py.rows[mine.length]?.map(() => null) ?? []);
        lastRow++;
      }
      lastRow = row.row;
      if (mine.length < N) {
        const width = py.rows[mine.length]?.length ?? row.cells.length;
        mine.push(Array.from({ length: width }, (_, i) => ours(row.cells[i])));
      }
    }
    await wb.close();
    expect(lastRow).toBe(py.count);
    expect(count).toBeLessThanOrEqual(py.count);
    expect(mine).toEqual(py.rows);
    // The generator's rows (first 400 lines) are what both readers return.
    const gen = generateSalesRows({ rows: 50_000, seed: 20240101 });
    const header = gen.next().value as Cell[];
    expect(py.rows[0]).toEqual(header);
  }, 180_000);
});
