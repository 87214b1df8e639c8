import { describe, expect, it } from 'vitest';
import { invokeOnHost } from '../renderer/host-client';
import { expectOnPage, unnamedControls } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';
import {
  inspectOnImport,
  kpisJson,
  openRunDialog,
  RUN_TIMEOUT_MS,
  short,
  startAndFollow,
  waitForRunEnd,
} from './journey-world';

// Two journeys through the built preview host in Chromium (Demo profile, the seeded sample workbook):
// - the run lock across windows: window B starts a run from Import; window A, open on Import, is told at once
//   (lock.changed pushed to every window) who holds the lock, for which run and since when, its Run button
//   is refused, and the notice's link opens that run on Monitor;
// - Archive → Re-run with edited parameters: the app goes to Monitor on the new run, which completes with
//   those parameters.

const SAMPLE_NAME = 'sales_orders_fact.xlsx';
// The emulator's jobs at 3 % of their pace: a run holds the lock for about 35 s, long enough to look at the
// lock notice in both themes and sizes and follow its link while the run is still going.
const DEMO_SPEED = '0.03';

// The Demo seeds the sample workbook into the empty data folder.
const session = usePreviewSession({ name: 'lock-rerun', env: { PORTAL_DEMO_SPEED: DEMO_SPEED } });
let lockedRunId = '';

describe('The run lock and re-runs, end to end (Demo profile)', () => {
  it('tells another window who holds the lock, for which run, since when, and links to that run', async () => {
    const { host } = session;
    const watcher = await session.open();
    const starter = await session.open();
    const a = watcher.page;
    try {
      await inspectOnImport(a, SAMPLE_NAME);
      const runButton = a.getByRole('button', { name: `Run the pipeline on ${SAMPLE_NAME}` });
      await expect(runButton.isDisabled()).resolves.toBe(false);
      await a.getByRole('banner').locator('[data-testid="run-lock"][data-state="free"]').waitFor();

      // Window B starts a run from its Import page.
      await inspectOnImport(starter.page, SAMPLE_NAME);
      const dialog = await openRunDialog(starter.page, SAMPLE_NAME, { region_focus: 'EMEA' });
      lockedRunId = await startAndFollow(starter.page, dialog, []);

      // Window A learns of it without a reload: holder, run, since when; its trigger refuses with the reason.
      const notice = a.getByTestId('import-lock');
      await notice.waitFor({ timeout: 60_000 });
      const status = await invokeOnHost(host, 'lock.status', {});
      if (!status.ok) throw new Error(status.error.message);
      expect(status.value.runId).toBe(lockedRunId);
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain(`${status.value.holderLabel} holds the run lock for run ${lockedRunId} since`);
      await expect(notice.locator('time').getAttribute('datetime')).resolves.toBe(status.value.acquiredAt);
      await expect(a.getByTestId('run-refused').textContent()).resolves.toContain('is running the pipeline');
      await expect(runButton.isDisabled()).resolves.toBe(true);
      await a
        .getByRole('banner')
        .locator('[data-testid="run-lock"][data-state="held"]')
        .waitFor({ timeout: 10_000 });
      await shootThemesAndSizes(a, 'journey-lock-held');

      // The notice's link opens that run on Monitor, still running.
      await notice.getByRole('button', { name: 'Open the run on Monitor' }).click();
      await expectOnPage(a, 'monitor');
      const shown = a.locator(`[data-testid="monitor-run"][data-run-id="${lockedRunId}"]`);
      await shown.waitFor({ timeout: 30_000 });
      await shootThemesAndSizes(a, 'journey-lock-monitor');

      // Both windows see it end, and the lock free again.
      await waitForRunEnd(a, lockedRunId);
      await waitForRunEnd(starter.page, lockedRunId);
      await a
        .getByRole('banner')
        .locator('[data-testid="run-lock"][data-state="free"]')
        .waitFor({ timeout: RUN_TIMEOUT_MS });
      await a.keyboard.press('Control+Digit1');
      await expectOnPage(a, 'import');
      await notice.waitFor({ state: 'detached', timeout: 30_000 });
      await expect(runButton.isDisabled()).resolves.toBe(false);
      expect(watcher.errors).toEqual([]);
      expect(starter.errors).toEqual([]);
    } catch (e) {
      await session.reportFailure(watcher, 'journey-lock');
      throw e;
    } finally {
      await watcher.close();
      await starter.close();
    }
  }, 600_000);

  it('re-runs a run from the Archive with edited parameters and follows the new run to its end', async () => {
    expect(lockedRunId).not.toBe('');
    const { host } = session;
    const win = await session.open();
    const { page } = win;
    try {
      await page.keyboard.press('Control+Digit4');
      await expectOnPage(page, 'archive');
      const row = page.locator(`[data-testid="archive-run"][data-run-id="${lockedRunId}"]`);
      await row.getByTestId('archive-open-run').click({ timeout: 60_000 });
      const detail = page.locator(`[data-testid="archive-detail-body"][data-run-id="${lockedRunId}"]`);
      await detail.waitFor({ timeout: 30_000 });
      await detail.getByTestId('archive-rerun').click();

      // The dialog starts from the run's parameters; one is edited, one added.
      const value1 = page.getByRole('textbox', { name: 'Value of parameter 1' });
      await expect(value1.inputValue()).resolves.toBe('EMEA');
      await value1.fill('AMER');
      await page.getByRole('button', { name: 'Add parameter' }).click();
      await page.getByRole('textbox', { name: 'Name of parameter 2' }).fill('fiscal_year');
      await page.getByRole('textbox', { name: 'Value of parameter 2' }).fill('2026');
      await expect(page.getByTestId('archive-rerun-start').isDisabled()).resolves.toBe(false);
      await shootThemesAndSizes(page, 'journey-rerun-dialog');
      await page.getByTestId('archive-rerun-start').click();

      // The app goes to Monitor on the new run, with the edited parameters, and it completes.
      await expectOnPage(page, 'monitor');
      const shown = page.locator(`[data-testid="monitor-run"]:not([data-run-id="${lockedRunId}"])`);
      await shown.waitFor({ timeout: RUN_TIMEOUT_MS });
      const newRunId = (await shown.getAttribute('data-run-id')) ?? '';
      expect(newRunId).toMatch(/^[0-9a-f-]{36}$/);
      const details = page.getByTestId('monitor-run-details');
      await expect(details.textContent()).resolves.toContain('region_focus = AMER');
      await expect(details.textContent()).resolves.toContain('fiscal_year = 2026');
      await shootThemesAndSizes(page, 'journey-rerun-monitor');
      await waitForRunEnd(page, newRunId);
      const got = await invokeOnHost(host, 'runs.get', { runId: newRunId });
      if (!got.ok) throw new Error(got.error.message);
      expect(got.value.parameters).toEqual({ region_focus: 'AMER', fiscal_year: '2026' });
      expect(got.value.inputPath).toBe(`Files/import/${SAMPLE_NAME}`);
      // Same workbook, so the same numbers as the run it repeats.
      const [before, after] = await Promise.all([
        kpisJson(host.dataDir, lockedRunId),
        kpisJson(host.dataDir, newRunId),
      ]);
      expect(after.run_id).toBe(newRunId);
      expect(after.total_revenue).toBe(before.total_revenue);
      await shootThemesAndSizes(page, 'journey-rerun-completed');
      console.info(`re-run ${short(newRunId)} of ${short(lockedRunId)} completed`);
      await expect(unnamedControls(page)).resolves.toEqual([]);
      expect(win.errors).toEqual([]);
    } catch (e) {
      await session.reportFailure(win, 'journey-rerun');
      throw e;
    } finally {
      await win.close();
    }
  }, 600_000);
});
