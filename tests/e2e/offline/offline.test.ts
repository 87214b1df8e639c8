import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../src/shared/contract';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from '../../integration/runs/harness';
import { composeTestApp } from '../../support/composed-app';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { colorScheme, expectOnPage, openPortal, unnamedControls } from '../renderer/portal-window';

// The offline journey in Chromium through the preview host (Demo profile): a run made available offline,
// then the host restarted while another live process holds the Demo database folder. The shell shows the
// offline banner, the Archive lists the run with restore and re-run disabled with the reason, Settings →
// Offline copies lists the copy; when the folder is free, "Reconnect now" brings the app back.

const SHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
let dataDir: string;
let host: PreviewHost | null = null;
let browser: Browser;
let holder: ChildProcess | null = null;

async function goTo(page: Page, key: string, id: 'archive' | 'settings'): Promise<void> {
  await page.keyboard.press(`Control+Digit${key}`);
  await expectOnPage(page, id);
}

async function shoot(
  name: string,
  key: string,
  id: 'archive' | 'settings',
  settle: (p: Page) => Promise<void>,
) {
  await mkdir(SHOTS, { recursive: true });
  for (const size of SIZES) {
    const win = await openPortal(browser, host!.url, size);
    try {
      for (const scheme of ['light', 'dark'] as const) {
        if ((await colorScheme(win.page)) !== scheme) await win.page.getByTestId('theme-toggle').click();
        await goTo(win.page, key, id);
        await settle(win.page);
        await win.page.mouse.move(0, 0);
        await win.page.waitForTimeout(300);
        const file = join(SHOTS, `${name}-${scheme}-${size.width}x${size.height}.png`);
        await win.page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size).toBeGreaterThan(10_000);
      }
      await win.page.getByTestId('theme-toggle').click();
    } finally {
      await win.close();
    }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-offline-e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  holder?.kill();
  await browser?.close();
  await host?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('offline (Demo profile, preview host)', () => {
  it('shows the saved run history with network actions disabled, then reconnects by itself', async () => {
    // The run, its offline copy and the saved history, made through the real composition with fast
    // timings (as the Import and Archive journeys do), then the host starts on the same data folder.
    const app = await composeTestApp({ dataDir, timings: FAST_TIMINGS });
    let run: ChannelOutput<'runs.start'>;
    let detail: ChannelOutput<'runs.detail'>;
    try {
      const call = app.call;
      run = await call('runs.start', { inputPath: SAMPLE_INPUT });
      await until(
        async () => (await call('runs.get', { runId: run.runId })).status === 'Completed',
        'the run to complete',
        240_000,
      );
      await call('cache.makeAvailable', { latest: 1 });
      await call('runs.list', {});
      await call('runs.restores', {});
      detail = await call('runs.detail', { runId: run.runId });
    } finally {
      await app.dispose();
    }

    holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    await writeFile(join(dataDir, 'demo', 'pgdata', 'portal-open.lock'), String(holder.pid));
    host = await startPreviewHost({ dataDir });
    const win = await openPortal(browser, host.url);
    const { page } = win;
    try {
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor({ timeout: 120_000 });
      await expect(banner.textContent()).resolves.toMatch(/Offline since.*last sync/s);
      await expect(banner.textContent()).resolves.toContain('already open in another Fabric Data Portal');

      await goTo(page, '4', 'archive');
      const row = page.locator(`[data-testid="archive-run"][data-run-id="${run.runId}"]`);
      await row.waitFor({ timeout: 60_000 });
      await row.getByTestId('archive-open-run').click();
      const body = page.getByTestId('archive-detail-body');
      await body.waitFor();
      await expect(page.getByTestId('archive-restore').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('archive-rerun').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('archive-restore-refusal').textContent()).resolves.toMatch(
        /^Offline: the database cannot be reached/,
      );
      expect(detail.results.kpis).not.toBeNull();
      await page.keyboard.press('Escape');

      // the restore history comes from the saved copy too, not an error
      const history = page.getByTestId('archive-restore-history');
      await history.waitFor();
      await expect(history.getByRole('alert').count()).resolves.toBe(0);
      await expect(history.textContent()).resolves.not.toContain('already open');
      await goTo(page, '5', 'settings');
      const copy = page.locator(`[data-testid="offline-copy-row"][data-run-id="${run.runId}"]`);
      await copy.waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('offline-copies-total').textContent()).resolves.toMatch(/^1 run · /);
      expect(await unnamedControls(page)).toEqual([]);

      await shoot('offline-archive', '4', 'archive', (p) =>
        p.getByTestId('offline-banner').waitFor({ timeout: 60_000 }),
      );
      await shoot('offline-settings', '5', 'settings', (p) =>
        p.locator('[data-testid="offline-copy-row"]').first().waitFor({ timeout: 60_000 }),
      );

      // The folder is free again: one click (or the next attempt) and the banner goes away.
      holder.kill();
      await new Promise((r) => holder!.once('exit', r));
      holder = null;
      await banner.getByRole('button', { name: 'Reconnect now' }).click();
      await banner.waitFor({ state: 'detached', timeout: 120_000 });
      expect(win.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    } finally {
      await win.close();
    }
  }, 900_000);
});
