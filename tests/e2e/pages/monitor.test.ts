import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../src/shared/contract/runs';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { invokeOnHost } from '../renderer/host-client';
import {
  colorScheme,
  expectOnPage,
  openPortal,
  unnamedControls,
  waitForShell,
} from '../renderer/portal-window';

// The Monitor page in the Demo profile through the browser preview host: empty state, a run started by
// another client picked up live (no reload), its end notified while the analyst is on another page, the
// timeline, event log filters remembered across a reload, cancel disabled with its reason, and screenshots.

const OUT_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const SAMPLE = 'Files/import/sales_orders_fact.xlsx';
const TERMINAL = ['Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost'];

async function shoot(page: Page, state: string): Promise<void> {
  await page.mouse.move(0, 0);
  for (const scheme of ['light', 'dark'] as const) {
    if ((await colorScheme(page)) !== scheme) await page.getByTestId('theme-toggle').click();
    // No focus ring or tooltip of the toggle in the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(200);
      const file = join(OUT_DIR, `monitor-${state}-${scheme}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      expect((await stat(file)).size).toBeGreaterThan(10_000);
    }
  }
  await page.getByTestId('theme-toggle').click();
  expect(await colorScheme(page)).toBe('light');
  await page.setViewportSize(SIZES[0]!);
}

async function waitForEnd(host: PreviewHost, runId: string, timeoutMs: number): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await invokeOnHost(host, 'runs.get', { runId });
    if (r.ok && TERMINAL.includes(r.value.status)) return r.value;
    await new Promise((res) => setTimeout(res, 1_000));
  }
  throw new Error(`Run ${runId} did not end in ${timeoutMs} ms`);
}

async function waitForRunId(host: PreviewHost, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await invokeOnHost(host, 'runs.list', { limit: 1 });
    const run = r.ok ? r.value.runs[0] : undefined;
    if (run) return run.runId;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error('No run was recorded');
}

describe('Monitor page (Demo profile)', () => {
  let host: PreviewHost;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(OUT_DIR, { recursive: true });
    host = await startPreviewHost();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('follows a run live from start to end, notifies its end, and explains it', async () => {
    const win = await openPortal(browser, host.url);
    const { page } = win;
    // Record notifications the page creates (headless Chromium shows none), with permission granted.
    await page.context().grantPermissions(['notifications'], { origin: host.origin });
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { __notices: typeof shown }).__notices = shown;
      class Recorded {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, opts?: { body?: string }) {
          shown.push({ title, body: opts?.body ?? '' });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = Recorded;
    });
    await page.reload();
    await waitForShell(page);
    try {
      await page.keyboard.press('Control+Digit2');
      await expectOnPage(page, 'monitor');

      // Empty: nothing has run in this data folder.
      await page.getByTestId('monitor-empty').waitFor();
      await expect(page.getByTestId('monitor-empty').textContent()).resolves.toContain('No run yet');
      await shoot(page, 'empty');

      // Another client starts a run; the page shows it without any reload or refresh button.
      const started = invokeOnHost(host, 'runs.start', { inputPath: SAMPLE });
      const runId = await waitForRunId(host, 120_000);
      const card = page.locator(`[data-testid="monitor-run"][data-run-id="${runId}"]`);
      await card.waitFor({ timeout: 30_000 });
      await expect(card.textContent()).resolves.toContain('sales_orders_fact.xlsx');
      await expect(page.getByRole('button', { name: /refresh/i }).count()).resolves.toBe(0);
      await page.getByTestId('monitor-timeline').waitFor();
      const first = await page.getByTestId('monitor-elapsed-value').textContent();
      await page.waitForTimeout(2_100);
      // The elapsed time ticks while the run is active.
      const shownStatus = (await card.getAttribute('data-status')) ?? '';
      const active = !TERMINAL.includes(shownStatus);
      console.log(`Monitor shows run ${runId} as ${shownStatus}`);
      if (active)
        await expect(page.getByTestId('monitor-elapsed-value').textContent()).resolves.not.toBe(first);
      if (active) await shoot(page, 'active');

      // Go elsewhere: the end of the run is still notified.
      await page.keyboard.press('Control+Digit5');
      await expectOnPage(page, 'settings');
      const ended = await waitForEnd(host, runId, 240_000);
      await started;
      await page.waitForFunction(
        () => (window as unknown as { __notices: unknown[] }).__notices.length > 0,
        undefined,
        { timeout: 30_000 },
      );
      const notices = await page.evaluate(
        () => (window as unknown as { __notices: { title: string; body: string }[] }).__notices,
      );
      expect(notices).toHaveLength(1);
      expect(notices[0]?.title).toBe(
        ended.status === 'Completed' ? 'Run completed' : `Run ${ended.status.toLowerCase()}`,
      );
      expect(notices[0]?.body).toContain('sales_orders_fact.xlsx');

      await page.keyboard.press('Control+Digit2');
      await expectOnPage(page, 'monitor');
      await page.locator(`[data-testid="monitor-run"][data-status="${ended.status}"]`).waitFor();

      // The timeline ends where the run ended; a failed or lost run says why in words and what to do.
      const end = page.locator('[data-testid="monitor-timeline"] [data-step="end"]');
      await expect(end.getAttribute('data-state')).resolves.toBe('done');
      if (ended.failure) {
        const failure = page.getByTestId('monitor-failure');
        await expect(failure.getAttribute('data-code')).resolves.toBe(ended.failure.code);
        await expect(failure.textContent()).resolves.toContain(ended.failure.message.slice(0, 40));
      } else {
        await expect(page.getByTestId('monitor-failure').count()).resolves.toBe(0);
        // Its duration is compared with the median of Completed runs: this one is the only one so far.
        const stats = await invokeOnHost(host, 'runs.stats', { limit: 50 });
        expect(stats.ok && stats.value.count).toBe(1);
        await page
          .getByTestId('monitor-elapsed')
          .filter({ hasText: 'from the last 1 completed runs' })
          .waitFor();
      }

      // Cancel is disabled with the reason once the run has ended.
      await expect(page.getByTestId('monitor-cancel').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('monitor-cancel-reason').textContent()).resolves.toBe(
        'The run has already ended.',
      );

      // The event log holds every audit event of the run.
      const events = await invokeOnHost(host, 'runs.events', { runId, limit: 1_000 });
      if (!events.ok) throw new Error(events.error.message);
      const total = events.value.events.length;
      await page
        .getByTestId('monitor-events-count')
        .filter({ hasText: `${total} events` })
        .waitFor();
      await expect(page.locator('[data-testid="monitor-events"] tbody tr').count()).resolves.toBe(total);
      await shoot(page, ended.status === 'Completed' ? 'completed' : 'ended');

      // Filters: kind, then text; remembered across a reload (ui.setState prefs).
      const transitions = events.value.events.filter((e) => e.kind === 'status_changed').length;
      await page.getByTestId('monitor-events-kind').click();
      await page.getByRole('option', { name: 'Status changed' }).click();
      await page
        .getByTestId('monitor-events-count')
        .filter({ hasText: `${transitions} of ${total} events` })
        .waitFor();
      await page.getByTestId('monitor-events-text').fill('zzz-no-such-text');
      await page.getByTestId('monitor-events-empty').waitFor();
      await shoot(page, 'filtered-empty');
      await page.getByTestId('monitor-events-text').fill('');
      await page.getByTestId('monitor-events-kind').click();
      await page.getByRole('option', { name: 'All kinds' }).click();
      await page.getByTestId('monitor-events').scrollIntoViewIfNeeded();
      await shoot(page, 'event-log');
      await page.getByTestId('monitor-events-kind').click();
      await page.getByRole('option', { name: 'Status changed' }).click();
      await page.waitForTimeout(500);
      await page.reload();
      await waitForShell(page);
      await expectOnPage(page, 'monitor');
      await page
        .getByTestId('monitor-events-count')
        .filter({ hasText: `${transitions} of ${total} events` })
        .waitFor();
      await expect(page.getByTestId('monitor-events-kind').inputValue()).resolves.toBe('Status changed');

      // A run picked from the recent list is shown; "Follow the newest run" goes back.
      await page.getByTestId('monitor-recent-run').first().click();
      await page.getByTestId('monitor-follow-newest').click();
      await page.getByTestId('monitor-follow-newest').waitFor({ state: 'detached' });

      expect(await unnamedControls(page)).toEqual([]);
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  }, 420_000);
});
