import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/shared/artifacts';
import { expectOnPage, unnamedControls } from '../renderer/portal-window';
import { writeMonthWorkbook } from '../../support/month-workbook';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';
import {
  count,
  importDir,
  inspectOnImport,
  kpisJson,
  money,
  monitorStatuses,
  openRunDialog,
  recordMonitorStatuses,
  short,
  startAndFollow,
  TERMINAL,
  waitForRunEnd,
} from './journey-world';

// Issue #6's cross-page journey, in Chromium through the built preview host against the Demo profile, with
// both runs started from the UI: an earlier run of a small February workbook (region_focus=EMEA), then the
// sample inspected on Import and run with region_focus=APAC, watched to its end on Monitor without a reload,
// its KPIs on Results equal to its kpis.json, found in the Archive by search, compared with the earlier run
// (differences and their reasons), the earlier run restored (the confirmation previews the change), Results
// showing the earlier run's kpis.json and the restore in the history. Screenshots of every step in light and
// dark at 1280×800 and 1920×1080: test-results/screenshots/journey-<step>-<theme>-<size>.png.

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'resources', 'sample', 'sales_orders_fact.xlsx');
const SAMPLE_NAME = 'sales_orders_fact.xlsx';
const EARLIER_NAME = 'sales_feb.xlsx';
const RESTORE_REASON = 'February numbers for the review';
// The emulator's jobs at a twentieth of their pace: a run stays queued (NotStarted) for 20 s, so Monitor shows it
// running before it ends even on a slow machine, and it still ends in about 25 s.
const DEMO_SPEED = '0.05';

const shoot = (page: Page, step: string, options?: { fullPage?: boolean }) =>
  shootThemesAndSizes(page, `journey-${step}`, options);

/** The KPI cards of the Results page against a run's kpis.json. */
async function expectResultsKpis(page: Page, kpis: Kpis): Promise<void> {
  const value = (id: string) => page.getByTestId(`kpi-value-${id}`).textContent();
  await expect(value('revenue')).resolves.toBe(money(kpis.total_revenue));
  await expect(value('orders')).resolves.toBe(count(kpis.order_count));
  await expect(value('units')).resolves.toBe(count(kpis.units_sold));
  await expect(value('valid')).resolves.toBe(count(kpis.rows_valid));
  await expect(value('rejected')).resolves.toBe(count(kpis.rows_rejected));
  await expect(value('duplicates')).resolves.toBe(count(kpis.duplicates_removed));
  if (kpis.avg_order_value !== null) await expect(value('aov')).resolves.toBe(money(kpis.avg_order_value));
}

async function openResultsOf(page: Page, runId: string): Promise<void> {
  await page.keyboard.press('Control+Digit3');
  await expectOnPage(page, 'results');
  await page.getByTestId('results-run').filter({ hasText: runId }).waitFor({ timeout: 90_000 });
  await page.locator('[data-testid="lazy-chart"][data-state="ready"]').first().waitFor({ timeout: 60_000 });
}

const archiveRow = (page: Page, runId: string): Locator =>
  page.locator(`[data-testid="archive-run"][data-run-id="${runId}"]`);

async function openDetail(page: Page, runId: string): Promise<Locator> {
  await archiveRow(page, runId).getByTestId('archive-open-run').click();
  const body = page.locator(`[data-testid="archive-detail-body"][data-run-id="${runId}"]`);
  await body.waitFor({ timeout: 30_000 });
  return body;
}

describe('Cross-page journey (Demo profile, runs started from the UI)', () => {
  const session = usePreviewSession({
    name: 'journey',
    env: { PORTAL_DEMO_SPEED: DEMO_SPEED },
    // The Demo seeds its sample only into an empty Files/import, so both workbooks are placed here.
    prepare: async (dataDir) => {
      await mkdir(importDir(dataDir), { recursive: true });
      await copyFile(SAMPLE, join(importDir(dataDir), SAMPLE_NAME));
      writeMonthWorkbook(join(importDir(dataDir), EARLIER_NAME), 2, 180);
    },
  });

  it('inspect → trigger → watch → KPIs → archive → compare → restore → Results changes', async () => {
    const started = Date.now();
    const { dataDir } = session;
    const win = await session.open();
    const { page } = win;
    const step = (name: string) =>
      console.info(`journey: ${name} at ${Math.round((Date.now() - started) / 1000)} s`);
    try {
      const marker = await recordMonitorStatuses(page);

      // 0. The earlier run, started from the UI like the one under test, with another workbook and parameter.
      await inspectOnImport(page, EARLIER_NAME);
      const earlierDialog = await openRunDialog(page, EARLIER_NAME, { region_focus: 'EMEA' });
      const earlierId = await startAndFollow(page, earlierDialog, []);
      await waitForRunEnd(page, earlierId);
      const earlierKpis = await kpisJson(dataDir, earlierId);
      step(`earlier run ${short(earlierId)} completed`);

      // 1. Inspect the sample on Import: schema, rows and the validation report with its counts.
      await inspectOnImport(page, SAMPLE_NAME);
      await expect(page.getByTestId('schema-row').count()).resolves.toBeGreaterThanOrEqual(8);
      await shoot(page, 'inspect-schema');
      await page.getByRole('tab', { name: /Validation/ }).click();
      await page.getByTestId('validation-report').waitFor();
      const rowsIn = Number((await page.getByTestId('kpi-rows-in').textContent())?.replace(/\D/g, ''));
      expect(rowsIn).toBeGreaterThan(1_000);
      await shoot(page, 'inspect-validation');
      step('inspected');

      // 2. Trigger: the confirmation shows the input, the requester and the parameters.
      const dialog = await openRunDialog(page, SAMPLE_NAME, { region_focus: 'APAC' });
      await expect(dialog.getByTestId('run-dialog-input').textContent()).resolves.toBe(
        `Files/import/${SAMPLE_NAME}`,
      );
      await expect(dialog.getByTestId('run-dialog-requested-by').textContent()).resolves.toContain('@');
      await expect(dialog.getByRole('textbox', { name: 'Name of parameter 1' }).inputValue()).resolves.toBe(
        'region_focus',
      );
      await expect(dialog.getByRole('textbox', { name: 'Value of parameter 1' }).inputValue()).resolves.toBe(
        'APAC',
      );
      await shoot(page, 'confirm');
      const runId = await startAndFollow(page, dialog, [earlierId]);
      step(`run ${short(runId)} started`);

      // 3. Monitor follows it live: a status before the end, then Completed, in the same document.
      await shoot(page, 'monitor-live');
      await waitForRunEnd(page, runId);
      const { statuses, sameDocument } = await monitorStatuses(page, runId, marker);
      expect(sameDocument).toBe(true);
      expect(statuses.at(-1)).toBe('Completed');
      expect(statuses.filter((s) => !TERMINAL.includes(s)).length).toBeGreaterThan(0);
      expect(statuses.indexOf('Completed')).toBe(statuses.length - 1);
      await page.getByTestId('monitor-events').waitFor();
      await shoot(page, 'monitor-completed');
      step(`monitor saw ${statuses.join(' → ')}`);

      // 4. Results: its KPIs, equal to that run's kpis.json in the host's lakehouse.
      const kpis = await kpisJson(dataDir, runId);
      expect(kpis.run_id).toBe(runId);
      expect(kpis.total_revenue).not.toBe(earlierKpis.total_revenue);
      await openResultsOf(page, runId);
      await expectResultsKpis(page, kpis);
      await shoot(page, 'results');
      step('results');

      // 5. Archive: found by searching for its id.
      await page.keyboard.press('Control+Digit4');
      await expectOnPage(page, 'archive');
      const rows = page.getByTestId('archive-run');
      await archiveRow(page, earlierId).waitFor({ timeout: 60_000 });
      await page.getByTestId('archive-filter-text').fill(short(runId));
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
      await expect(rows.first().getAttribute('data-run-id')).resolves.toBe(runId);
      await archiveRow(page, runId).getByTestId('archive-current-badge').waitFor();
      await shoot(page, 'archive-found');
      await page.getByTestId('archive-filter-text').fill('');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);

      // 6. Compare with the earlier run: values per run, the difference, and why they differ.
      for (const id of [earlierId, runId]) {
        await page.getByRole('checkbox', { name: `Compare run ${short(id)}` }).check();
      }
      await page.getByTestId('archive-compare-open').click();
      const table = page.getByTestId('archive-compare-table');
      await table.waitFor();
      await expect(
        table.locator('tr[data-kpi="total_revenue"] [data-value]').allTextContents(),
      ).resolves.toEqual([money(earlierKpis.total_revenue), money(kpis.total_revenue)]);
      const diff = Math.round((kpis.total_revenue - earlierKpis.total_revenue) * 100) / 100;
      const delta = await table.locator('tr[data-kpi="total_revenue"] [data-delta]').first().textContent();
      expect(delta).toContain(money(Math.abs(diff)));
      const reasons = await page.getByTestId('archive-compare-reasons').textContent();
      expect(reasons).toContain(`Run ${short(runId)} read ${SAMPLE_NAME} instead of ${EARLIER_NAME}.`);
      expect(reasons).toContain(`Run ${short(runId)} changed parameter region_focus from "EMEA" to "APAC".`);
      await page.locator('[data-testid="lazy-chart"][data-state="ready"]').first().waitFor();
      await shoot(page, 'compare');
      await page.keyboard.press('Escape');
      await table.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Clear selection' }).click();
      step('compared');

      // 7. Restore the earlier run: the confirmation previews how the current KPIs change.
      const detail = await openDetail(page, earlierId);
      await detail.getByTestId('archive-restore').click();
      const preview = page.getByTestId('archive-restore-preview');
      await preview.waitFor();
      const revenueRow = preview.locator('tr').filter({ hasText: 'Total revenue' });
      await expect(revenueRow.locator('td').nth(1).textContent()).resolves.toBe(money(kpis.total_revenue));
      await expect(revenueRow.locator('td').nth(2).textContent()).resolves.toBe(
        money(earlierKpis.total_revenue),
      );
      await page.getByLabel('Reason (recorded in the restore history)').fill(RESTORE_REASON);
      await shoot(page, 'restore-preview');
      await page.getByTestId('archive-restore-confirm').click();
      await preview.waitFor({ state: 'detached', timeout: 60_000 });
      await detail.getByTestId('archive-detail-current').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Close run details' }).click();
      await page.getByTestId('archive-detail-body').waitFor({ state: 'detached' });
      // The restore shows in the history, and the earlier run is marked current and restored.
      const history = page.getByTestId('archive-restore-row');
      await history.first().filter({ hasText: RESTORE_REASON }).waitFor({ timeout: 30_000 });
      await archiveRow(page, earlierId).getByTestId('archive-current-badge').waitFor({ timeout: 30_000 });
      await archiveRow(page, earlierId).getByTestId('archive-restored-badge').waitFor();
      await shoot(page, 'restore-history');
      step('restored');

      // 8. Results now shows the earlier run's KPIs, equal to its kpis.json.
      await openResultsOf(page, earlierId);
      await expectResultsKpis(page, earlierKpis);
      // ...and says it was restored, in place of which run, and why.
      const note = page.getByTestId('results-restored');
      await note.waitFor({ timeout: 30_000 });
      await expect(note.textContent()).resolves.toMatch(
        new RegExp(
          `^Restored .+ in place of run ${runId.slice(0, 8)} — “${RESTORE_REASON}” · Restore history$`,
        ),
      );
      await shoot(page, 'results-restored');

      const end = await monitorStatuses(page, runId, marker);
      expect(end.sameDocument).toBe(true);
      await expect(unnamedControls(page)).resolves.toEqual([]);
      expect(win.errors).toEqual([]);
      step('done');
    } catch (e) {
      await session.reportFailure(win, 'journey');
      throw e;
    } finally {
      await win.close();
    }
  }, 600_000);
});
