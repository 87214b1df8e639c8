import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { placeSampleWorkbook } from './demo-lakehouse';
import { expectOnPage, openPortal } from './portal-window';

// The whole loop an analyst goes through in the Demo profile, in the real app: pick the workbook on Import,
// run the pipeline (emulated Fabric, PGlite run tracking), follow it on Monitor, read the KPIs on Results and
// find the run in the Archive.
describe('a pipeline run from Import to Archive (Demo profile)', () => {
  let dataDir: string;
  let host: PreviewHost;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portal-run-flow-'));
    await placeSampleWorkbook(dataDir);
    host = await startPreviewHost({ dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the sample workbook and shows the run, the lock, the KPIs and the archive entry', async () => {
    const win = await openPortal(browser, host.url);
    const { page } = win;
    try {
      await expectOnPage(page, 'import');
      await page.getByRole('button', { name: 'Run the pipeline on sales_orders_fact.xlsx' }).click();

      await expectOnPage(page, 'monitor');
      const run = page.getByTestId('monitor-run');
      await run.waitFor();
      await expect(run.textContent()).resolves.toContain('sales_orders_fact.xlsx');
      await page
        .locator('[data-testid="monitor-run"][data-status="Completed"]')
        .waitFor({ timeout: 150_000 });
      // The lock is released when the run ends; the header hears it through lock.changed.
      await page.locator('[data-testid="run-lock"][data-state="free"]').waitFor({ timeout: 30_000 });

      await page.keyboard.press('Control+Digit3');
      await expectOnPage(page, 'results');
      await page.locator('[data-testid="lazy-chart"][data-state="ready"]').waitFor();
      await expect(page.getByTestId('results-empty').count()).resolves.toBe(0);
      const revenue = page
        .getByText('Total revenue', { exact: true })
        .locator('xpath=following-sibling::*[1]');
      await expect(revenue.textContent()).resolves.toMatch(/^\d[\d,.\s]*$/);

      await page.keyboard.press('Control+Digit4');
      await expectOnPage(page, 'archive');
      const rows = page.getByTestId('archive-run');
      await rows.first().waitFor();
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().locator('[data-status]').getAttribute('data-status')).resolves.toBe(
        'Completed',
      );
      await page.getByTestId('archive-filter').getByText('Failed', { exact: true }).click();
      await page.getByTestId('archive-empty').filter({ hasText: 'No failed runs' }).waitFor();
      await page.getByTestId('archive-filter').getByText('Succeeded', { exact: true }).click();
      await rows.first().waitFor();
      await expect(rows.count()).resolves.toBe(1);

      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  });
});
