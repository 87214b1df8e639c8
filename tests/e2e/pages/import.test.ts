import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/main/ingest/xlsx/xlsx-writer';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import {
  colorScheme,
  expectOnPage,
  openPortal,
  unnamedControls,
  waitForStoredState,
} from '../renderer/portal-window';

// The Import page in the Demo profile, in Chromium through the preview host: the workbook list, live
// inspection (schema, first rows, validation, comparison with the last successful run), a PNG and a
// workbook without a required column in Files/import, uploads (refused PNG, real workbook with progress),
// the run dialog with a parameter, the lock notice while the run holds the lock, and screenshots.

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'resources', 'sample', 'sales_orders_fact.xlsx');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

async function setTheme(page: Page, want: 'light' | 'dark'): Promise<void> {
  if ((await colorScheme(page)) === want) return;
  await page.getByRole('button', { name: `Switch to ${want} theme` }).click();
  await page.locator(`html[data-mantine-color-scheme="${want}"]`).waitFor();
}

/** The page at both sizes in the current theme: test-results/screenshots/import-<state>-<theme>-<size>.png. */
async function shootSizes(page: Page, state: string, theme: 'light' | 'dark'): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, `import-${state}-${theme}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SIZES[0]!);
}

/** The page in both themes at both sizes. */
async function shoot(page: Page, state: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await shootSizes(page, state, theme);
  }
  await setTheme(page, 'light');
}

const row = (page: Page, name: string) => page.getByRole('button', { name: `Inspect ${name}`, exact: true });
const inspected = (page: Page) => page.locator('[data-testid="inspection"][data-phase="done"]');

describe('Import page (Demo profile)', () => {
  let dataDir: string;
  let host: PreviewHost;
  let browser: Browser;
  const importDir = () => join(dataDir, 'demo', 'lakehouse', 'Files', 'import');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portal-import-page-'));
    await mkdir(importDir(), { recursive: true });
    await copyFile(SAMPLE, join(importDir(), 'sales_orders_fact.xlsx'));
    await writeFile(join(importDir(), 'really_a_png.xlsx'), PNG);
    writeXlsx(join(importDir(), 'no_quantity.xlsx'), [
      {
        name: 'sales_orders_fact',
        rows: () => [
          ['order_id', 'order_date', 'customer_id', 'region', 'product_id', 'category', 'unit_price'],
          ['O1', '2024-01-01', 'C1', 'EMEA', 'P1', 'Tools', 3],
        ],
      },
    ]);
    host = await startPreviewHost({ dataDir });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('inspects, refuses bad input clearly, uploads, runs with parameters and shows the lock', async () => {
    const win = await openPortal(browser, host.url);
    const { page } = win;
    try {
      await expectOnPage(page, 'import');
      const rows = page.getByTestId('workbook-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
      await expect(unnamedControls(page)).resolves.toEqual([]);

      // The sample: schema with types, first rows, rule results; nothing to compare with yet.
      await row(page, 'sales_orders_fact.xlsx').click();
      await inspected(page).waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('schema-row').count()).resolves.toBeGreaterThanOrEqual(8);
      await expect(page.getByTestId('schema-table').textContent()).resolves.toContain('number');
      await shoot(page, 'schema');
      await page.getByRole('tab', { name: 'First rows' }).click();
      await expect(page.getByTestId('rows-table').locator('tbody tr').count()).resolves.toBe(50);
      await shoot(page, 'rows');
      await page.getByRole('tab', { name: /Validation/ }).click();
      await page.getByTestId('validation-report').waitFor();
      const rowsIn = Number((await page.getByTestId('kpi-rows-in').textContent())!.replace(/\D/g, ''));
      const rejected = Number(
        (await page.getByTestId('kpi-rows-rejected').textContent())!.replace(/\D/g, ''),
      );
      expect(rowsIn).toBeGreaterThan(0);
      await shoot(page, 'validation');
      await page.getByRole('tab', { name: 'Compared with last run' }).click();
      await page.getByTestId('baseline-none').waitFor();
      await shoot(page, 'no-baseline');

      // A PNG named .xlsx: the inspection says what it is; the trigger says why it is refused.
      await row(page, 'really_a_png.xlsx').click();
      const error = page.getByTestId('inspection-error');
      await error.waitFor({ timeout: 30_000 });
      await expect(error.textContent()).resolves.toContain('PNG image');
      await expect(page.getByTestId('run-refused').textContent()).resolves.toContain('cannot be run');
      await expect(
        page.getByRole('button', { name: 'Run the pipeline on really_a_png.xlsx' }).isDisabled(),
      ).resolves.toBe(true);
      await shoot(page, 'png-error');

      // A workbook without the quantity column.
      await row(page, 'no_quantity.xlsx').click();
      await inspected(page).waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('run-refused').textContent()).resolves.toContain('quantity');
      await shoot(page, 'missing-column');

      // Uploads: a PNG is refused before a byte is sent; a real workbook goes through with progress.
      const input = page.getByTestId('upload-input');
      await input.setInputFiles({ name: 'scan.xlsx', mimeType: 'application/octet-stream', buffer: PNG });
      await expect(page.getByTestId('upload-error').textContent()).resolves.toContain('PNG image');
      await shoot(page, 'upload-refused');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await input.setInputFiles({
        name: 'orders_march.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await readFile(SAMPLE),
      });
      await page.locator('[data-testid="upload-progress"][data-phase="done"]').waitFor({ timeout: 60_000 });
      await expect.poll(() => rows.count()).toBe(4);
      await expect(readFile(join(importDir(), 'orders_march.xlsx'))).resolves.toEqual(await readFile(SAMPLE));
      await inspected(page).waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('inspection').textContent()).resolves.toContain('orders_march.xlsx');
      await shoot(page, 'uploaded');

      // The run dialog shows the parameters; the run starts and the page moves to Monitor.
      await row(page, 'sales_orders_fact.xlsx').click();
      await inspected(page).waitFor({ timeout: 60_000 });
      const dialog = page.getByTestId('run-dialog');
      // The dialog is shot in the dark theme first (the theme toggle is behind the modal), then used in light.
      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, theme);
        await page.getByRole('button', { name: 'Run the pipeline on sales_orders_fact.xlsx' }).click();
        await dialog.waitFor();
        await expect(dialog.getByTestId('run-dialog-input').textContent()).resolves.toBe(
          'Files/import/sales_orders_fact.xlsx',
        );
        await expect(dialog.getByTestId('run-dialog-requested-by').textContent()).resolves.toContain('@');
        await dialog.getByRole('button', { name: 'Add parameter' }).click();
        await dialog.getByRole('textbox', { name: 'Name of parameter 1' }).fill('run id');
        await expect(dialog.textContent()).resolves.toContain('Letters, digits and _');
        await expect(dialog.getByRole('button', { name: 'Start run' }).isDisabled()).resolves.toBe(true);
        await dialog.getByRole('textbox', { name: 'Name of parameter 1' }).fill('region');
        await dialog.getByRole('textbox', { name: 'Value of parameter 1' }).fill('EMEA');
        await shootSizes(page, 'run-dialog', theme);
        if (theme === 'dark') {
          await page.keyboard.press('Escape');
          await dialog.waitFor({ state: 'detached' });
        }
      }
      await dialog.getByRole('button', { name: 'Start run' }).click();
      const refusedRun = dialog.getByTestId('run-dialog-error');
      await page
        .getByRole('heading', { level: 1, name: 'Monitor', exact: true })
        .or(refusedRun)
        // The trigger waits up to 90 s for Fabric's answer; a loaded 2-core machine needs all of it.
        .waitFor({ timeout: 150_000 });
      if (await refusedRun.isVisible())
        throw new Error(`The run was refused: ${await refusedRun.textContent()}`);

      // While the run holds the lock, Import says who holds it and refuses a second run.
      await page.keyboard.press('Control+Digit1');
      await expectOnPage(page, 'import');
      const lockNotice = page.getByTestId('import-lock');
      const sawLock = await lockNotice
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (sawLock) {
        await expect(lockNotice.textContent()).resolves.toMatch(/holds the run lock for run [0-9a-f-]{36}/);
        await inspected(page).waitFor({ timeout: 60_000 });
        await shoot(page, 'locked');
      }

      // Once the run completed, the comparison uses its import profile, equal to kpis.json's counts.
      await page.locator('[data-testid="run-lock"][data-state="free"]').waitFor({ timeout: 300_000 });
      const runsDir = join(dataDir, 'demo', 'lakehouse', 'Files', 'results', 'runs');
      const { readdir } = await import('node:fs/promises');
      const [runId] = await readdir(runsDir);
      const kpis = JSON.parse(await readFile(join(runsDir, runId!, 'kpis.json'), 'utf8')) as {
        rows_in: number;
        rows_rejected: number;
      };
      const meta = JSON.parse(await readFile(join(runsDir, runId!, 'run_metadata.json'), 'utf8')) as {
        parameters?: Record<string, string>;
      };
      expect(JSON.stringify(meta)).toContain('EMEA');
      expect(kpis.rows_in).toBe(rowsIn);
      expect(kpis.rows_rejected).toBe(rejected);
      await page.getByRole('tab', { name: 'Compared with last run' }).click();
      await page.getByTestId('baseline-unchanged').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('baseline-rows').textContent()).resolves.toContain(
        kpis.rows_in.toLocaleString('en-US'),
      );
      await shoot(page, 'compared');

      // The sort order and the tab are remembered across restarts.
      await page.getByText('Newest', { exact: true }).click();
      await waitForStoredState(
        host.dataDir,
        (s) => s.prefs.import?.['sort'] === 'modified' && s.prefs.import?.['tab'] === 'changes',
      );
      await expect(unnamedControls(page)).resolves.toEqual([]);
      expect(win.errors).toEqual([]);
    } catch (e) {
      // What the page showed when it failed, and what the host logged, for whoever reads the failure.
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'import-FAILED.png') }).catch(() => undefined);
      console.error(host.stderr().slice(-4_000));
      throw e;
    } finally {
      await win.close();
    }
  }, 900_000);
});
