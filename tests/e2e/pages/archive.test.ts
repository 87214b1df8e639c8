import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Kpis } from '../../../src/shared/artifacts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../src/shared/contract/index';
import { writeMonthWorkbook } from '../../support/month-workbook';
import type { PreviewHost } from '../../support/preview-host';
import { until } from '../../integration/runs/harness';
import { invokeOnHost } from '../renderer/host-client';
import { expectOnPage, unnamedControls } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';
import { makeCompletedRuns } from './completed-runs';

// The Archive page in the Demo profile through the browser preview host and Chromium. Three real runs (two
// workbooks, different parameters) are made first through the real composition root on the same data folder
// (PGlite + the in-process emulator running the engine), then the host serves that folder: filters and sort
// remembered across a reload, a run's details against kpis.json, comparing the three runs, restoring (preview,
// history, a restore by another client followed live), the re-run dialog's parameters, plus screenshots in
// both themes at two sizes.

const FEB = 'Files/import/sales_feb.xlsx';
const MARCH = 'Files/import/sales_march.xlsx';
const short = (id: string) => id.slice(0, 8);
const money = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const importDir = (dataDir: string) => join(dataDir, 'demo', 'lakehouse', 'Files', 'import');

/**
 * Two small workbooks with different orders, rejected rows and a duplicate (so KPIs and rule counts differ).
 * Small on purpose: the Demo emulator runs the engine in the host process, and the 3.9 MB sample takes
 * minutes on a loaded machine. The Demo seeds its sample only into an empty Files/import, so it stays out.
 */
async function placeWorkbooks(dataDir: string): Promise<void> {
  await mkdir(importDir(dataDir), { recursive: true });
  writeMonthWorkbook(join(importDir(dataDir), 'sales_feb.xlsx'), 2, 180, 'F');
  writeMonthWorkbook(join(importDir(dataDir), 'sales_march.xlsx'), 3, 240, 'M');
}

async function call<C extends ChannelName>(
  host: PreviewHost,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const r = await invokeOnHost(host, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function kpisOf(host: PreviewHost, runId: string): Promise<Kpis> {
  const results = await call(host, 'results.current', { runId });
  if (!results.kpis) throw new Error(`Run ${runId} has no KPIs: ${results.reason}`);
  return results.kpis;
}

/**
 * archive-<state>-<theme>-<size>.png; an open drawer or dialog stays open (the theme switch is dispatched to
 * the toggle behind it).
 */
const shoot = (page: Page, state: string) => shootThemesAndSizes(page, `archive-${state}`);

const row = (page: Page, runId: string): Locator =>
  page.locator(`[data-testid="archive-run"][data-run-id="${runId}"]`);

async function openDetail(page: Page, runId: string): Promise<Locator> {
  await row(page, runId).getByTestId('archive-open-run').click();
  const body = page.locator(`[data-testid="archive-detail-body"][data-run-id="${runId}"]`);
  await body.waitFor();
  return body;
}

async function closeDetail(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: 'Close run details' });
  await close.click();
  await page.getByTestId('archive-detail-body').waitFor({ state: 'detached' });
}

describe('Archive page (Demo profile)', () => {
  const ids = { a: '', b: '', c: '' };

  // Three runs made on the data folder before the host starts.
  const session = usePreviewSession({
    name: 'archive-e2e',
    prepare: async (dataDir) => {
      await placeWorkbooks(dataDir);
      [ids.a = '', ids.b = '', ids.c = ''] = await makeCompletedRuns(
        dataDir,
        [
          { inputPath: FEB, parameters: { region_focus: 'EMEA' } },
          { inputPath: MARCH, parameters: { region_focus: 'APAC' } },
          { inputPath: FEB, parameters: {} },
        ],
        { sender: 'archive-e2e' },
      );
    },
  });

  it(
    'lists, filters, details, compares and restores runs, and checks re-run parameters',
    { timeout: 900_000 },
    async () => {
      const win = await session.open();
      const { page } = win;
      try {
        await page.keyboard.press('Control+Digit4');
        await expectOnPage(page, 'archive');
        const a = { runId: ids.a };
        const b = { runId: ids.b };
        const c = { runId: ids.c };
        await row(page, c.runId).getByTestId('archive-current-badge').waitFor();
        const rows = page.getByTestId('archive-run');
        await expect(rows.count()).resolves.toBe(3);
        await expect(page.getByTestId('archive-count').textContent()).resolves.toContain('1–3 of 3 runs');
        await page
          .getByTestId('archive-restore-history')
          .getByText('No results have been restored yet')
          .waitFor();

        // Filters and sort are applied by main and remembered across a reload.
        await page.getByTestId('archive-filter-inputName').fill('march');
        await until(async () => (await rows.count()) === 1, 'one run shown');
        await expect(rows.first().getAttribute('data-run-id')).resolves.toBe(b.runId);
        await page.getByTestId('archive-filter-inputName').fill('');
        await until(async () => (await rows.count()) === 3, 'three runs shown');
        await page.getByTestId('archive-filter').getByText('Failed', { exact: true }).click();
        await page.getByTestId('archive-empty').filter({ hasText: 'No failed runs' }).waitFor();
        await shoot(page, 'empty');
        await page.getByTestId('archive-filter').getByText('All', { exact: true }).click();
        await rows.nth(2).waitFor();
        await page.getByTestId('archive-sort-createdAt').click(); // newest first -> oldest first
        await until(async () => (await rows.first().getAttribute('data-run-id')) === a.runId, 'oldest first');
        await page.reload();
        await expectOnPage(page, 'archive');
        await rows.nth(2).waitFor();
        await expect(rows.first().getAttribute('data-run-id')).resolves.toBe(a.runId);
        await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toContain('Requested');
        await shoot(page, 'list');

        // A run's details: the input fingerprint as recorded, the KPIs as in kpis.json.
        const runA = await call(session.host, 'runs.get', { runId: a.runId });
        const kA = await kpisOf(session.host, a.runId);
        const kB = await kpisOf(session.host, b.runId);
        const kC = await kpisOf(session.host, c.runId);
        const detail = await openDetail(page, a.runId);
        await detail.getByText(runA.inputSha256 ?? 'no sha256').waitFor();
        await expect(detail.locator('[data-kpi="total_revenue"]').textContent()).resolves.toBe(
          money(kA.total_revenue),
        );
        await expect(detail.locator('[data-kpi="rows_rejected"]').textContent()).resolves.toBe(
          kA.rows_rejected.toLocaleString('en-US'),
        );
        await detail.getByText('region_focus').waitFor();
        await detail.getByTestId('archive-detail-events').waitFor();
        expect(await detail.getByTestId('archive-detail-artifacts').textContent()).toContain('kpis.json');
        await shoot(page, 'detail');
        await closeDetail(page);

        // Compare the three runs: values per run, differences, the reasons and the trend.
        for (const id of [a.runId, b.runId, c.runId]) {
          await page.getByRole('checkbox', { name: `Compare run ${short(id)}` }).check();
        }
        await page.getByTestId('archive-compare-open').click();
        const table = page.getByTestId('archive-compare-table');
        await table.waitFor();
        const revenue = table.locator('tr[data-kpi="total_revenue"] [data-value]');
        await expect(revenue.allTextContents()).resolves.toEqual(
          [kA, kB, kC].map((k) => money(k.total_revenue)),
        );
        const diff = Math.round((kB.total_revenue - kA.total_revenue) * 100) / 100;
        const firstDelta = await table
          .locator('tr[data-kpi="total_revenue"] [data-delta]')
          .first()
          .textContent();
        expect(firstDelta).toContain(money(Math.abs(diff)));
        expect(firstDelta?.startsWith(diff < 0 ? '−' : '+')).toBe(true);
        const reasons = await page.getByTestId('archive-compare-reasons').textContent();
        expect(reasons).toContain(`Run ${short(b.runId)} read sales_march.xlsx instead of sales_feb.xlsx.`);
        expect(reasons).toContain(
          `Run ${short(b.runId)} changed parameter region_focus from "EMEA" to "APAC".`,
        );
        expect(reasons).toContain(`Run ${short(c.runId)} did not set parameter region_focus (base: "EMEA").`);
        expect(reasons).toMatch(new RegExp(`Run ${short(b.runId)}: rule \\w+ affected`));
        await page.locator('[data-testid="lazy-chart"][data-state="ready"]').waitFor();
        await shoot(page, 'compare');
        // Click-through from the comparison to a run's details.
        await table.getByRole('button', { name: `Details of run ${short(b.runId)}` }).click();
        await page.locator(`[data-testid="archive-detail-body"][data-run-id="${b.runId}"]`).waitFor();
        await closeDetail(page);
        await page.getByRole('button', { name: 'Clear selection' }).click();

        // Restore the March run: the preview shows how the current KPIs (run C) change.
        const detailB = await openDetail(page, b.runId);
        // Made available offline from its details: the button gives way to what is kept on this computer.
        await detailB.getByTestId('archive-make-offline').click();
        const kept = detailB.getByTestId('archive-offline-ready');
        await kept.waitFor({ timeout: 60_000 });
        await expect(kept.textContent()).resolves.toMatch(/^Available offline · [\d.]+ [KM]B$/);
        await detailB.getByTestId('archive-restore').click();
        const preview = page.getByTestId('archive-restore-preview');
        await preview.waitFor();
        const revenueRow = preview.locator('tr').filter({ hasText: 'Total revenue' });
        await expect(revenueRow.locator('td').nth(1).textContent()).resolves.toBe(money(kC.total_revenue));
        await expect(revenueRow.locator('td').nth(2).textContent()).resolves.toBe(money(kB.total_revenue));
        const reason = page.getByLabel('Reason (recorded in the restore history)');
        await reason.fill('March numbers for the board');
        await shoot(page, 'restore');
        await page.getByTestId('archive-restore-confirm').click();
        await preview.waitFor({ state: 'detached' });
        await detailB.getByTestId('archive-detail-current').waitFor();
        await closeDetail(page);
        const history = page.getByTestId('archive-restore-row');
        await history.first().waitFor();
        await expect(history.first().textContent()).resolves.toContain('March numbers for the board');
        await row(page, b.runId).getByTestId('archive-current-badge').waitFor();
        await row(page, b.runId).getByTestId('archive-restored-badge').waitFor();
        expect((await call(session.host, 'results.current', {})).runId).toBe(b.runId);

        // Another analyst restores run A: this window follows without a reload.
        await call(session.host, 'runs.restore', { runId: a.runId, reason: 'back to February' });
        await row(page, a.runId).getByTestId('archive-current-badge').waitFor({ timeout: 30_000 });
        await page.getByTestId('archive-restore-row').nth(1).waitFor();
        await expect(history.first().textContent()).resolves.toContain('back to February');

        // Re-run: the dialog starts from the run's parameters; the edited ones are what main receives. (Starting
        // a run inside the built preview host is not asserted here: its job POST currently hangs there, see the
        // report; the Demo composition runs above go through the same runs.start.)
        const detailRerun = await openDetail(page, b.runId);
        await detailRerun.getByTestId('archive-rerun').click();
        await expect(page.getByLabel('Value of parameter 1').inputValue()).resolves.toBe('APAC');
        await page.getByLabel('Name of parameter 1').fill('run_id');
        await expect(page.getByTestId('archive-rerun-start').isDisabled()).resolves.toBe(true);
        await page.getByText('run_id is set by the portal').waitFor();
        await page.getByRole('button', { name: 'Cancel', exact: true }).click();
        await page.waitForTimeout(300);
        await closeDetail(page);

        await page.keyboard.press('Control+Digit4');
        await expectOnPage(page, 'archive');
        await rows.nth(2).waitFor();
        expect(await unnamedControls(page)).toEqual([]);
        expect(win.errors).toEqual([]);
      } finally {
        await win.close();
      }
    },
  );
});
