import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../../src/shared/contract';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from '../../integration/runs/harness';
import { composeTestApp } from '../../support/composed-app';
import { startFabricServers, type FabricServers } from '../../support/fabric-servers';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { expectOnPage, openPortal } from '../renderer/portal-window';
import { keychainForHost } from './keychain-for-host';

// The offline journey with a Fabric profile in Chromium through the preview host: two runs made available
// offline through the standalone emulator and a private PostgreSQL server, both servers taken away, the
// host started on the same data folder. The banner names PostgreSQL as the reason, the Archive lists both
// runs and opens their KPIs from the copy with restore disabled, Results shows the KPIs; when both servers
// are back the banner goes away by itself (no click). The secrets must come from the OS keychain, as in a
// desktop session (scripts/with-keyring.sh; npm test runs under it).

const FILE = 'tests/e2e/offline/fabric-offline.test.ts';
const SHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

let dataDir: string;
let servers: FabricServers | null = null;
let host: PreviewHost | null = null;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-fabric-offline-e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await servers?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

async function goTo(page: Page, key: string, id: 'archive' | 'results'): Promise<void> {
  await page.keyboard.press(`Control+Digit${key}`);
  await expectOnPage(page, id);
}

describe('offline with a Fabric profile (preview host)', () => {
  it('shows both saved runs with the reason while the servers are gone, then reconnects by itself', async (t) => {
    servers = await startFabricServers();
    const app = await composeTestApp({ dataDir, timings: FAST_TIMINGS });
    const runs: ChannelOutput<'runs.detail'>[] = [];
    try {
      await servers.saveProfile(app.call);
      if (!(await keychainForHost(app.call, t, FILE))) return;
      for (let i = 0; i < 2; i++) {
        const run = await app.call('runs.start', { inputPath: SAMPLE_INPUT });
        await until(
          async () => (await app.call('runs.get', { runId: run.runId })).status === 'Completed',
          `Fabric run ${i + 1} to complete`,
          240_000,
        );
        runs.push(await app.call('runs.detail', { runId: run.runId }));
      }
      await app.call('cache.makeAvailable', { latest: 2 });
      await app.call('runs.list', {});
      await app.call('results.current', {});
    } finally {
      await app.dispose();
    }

    await servers.takeAway();
    host = await startPreviewHost({ dataDir });
    const win = await openPortal(browser, host.url);
    const { page } = win;
    try {
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor({ timeout: 120_000 });
      await expect(banner.textContent()).resolves.toMatch(/Offline since.*last sync/s);
      await expect(banner.textContent()).resolves.toMatch(
        /PostgreSQL server at 127\.0\.0\.1:\d+ is not reachable/,
      );

      await goTo(page, '4', 'archive');
      for (const detail of runs) {
        const runId = detail.run.runId;
        const row = page.locator(`[data-testid="archive-run"][data-run-id="${runId}"]`);
        await row.waitFor({ timeout: 60_000 });
        await row.getByTestId('archive-open-run').click();
        const body = page.locator(`[data-testid="archive-detail-body"][data-run-id="${runId}"]`);
        await body.waitFor({ timeout: 60_000 });
        // the KPIs shown offline are the run's own
        const rowsIn = detail.results.kpis?.rows_in;
        expect(rowsIn).toEqual(expect.any(Number));
        await expect(body.getByTestId('archive-detail-kpis').isVisible()).resolves.toBe(true);
        await expect(page.getByTestId('archive-restore').isDisabled()).resolves.toBe(true);
        await expect(page.getByTestId('archive-restore-refusal').textContent()).resolves.toMatch(/^Offline/);
        await page.keyboard.press('Escape');
        await body.waitFor({ state: 'detached' });
      }

      await goTo(page, '3', 'results');
      await page.getByTestId('kpi-value-valid').waitFor({ timeout: 60_000 });
      // The current results are the newest run's, and its cleaned rows page in from the offline copy.
      const newest = runs[1]!.results.kpis!;
      const valid = newest.rows_valid.toLocaleString('en-US');
      await expect(page.getByTestId('kpi-value-valid').textContent()).resolves.toBe(valid);
      await page.locator('[role="row"][aria-rowindex="3"]').first().waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('grid-count').textContent()).resolves.toBe(`${valid} of ${valid} rows`);
      await mkdir(SHOTS, { recursive: true });
      const shot = join(SHOTS, 'fabric-offline-results-light-1280x800.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(10_000);

      // Both servers back at the same addresses: the banner goes away with no click.
      await servers.bringBack();
      await banner.waitFor({ state: 'detached', timeout: 180_000 });
      expect(win.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    } finally {
      await win.close();
    }
  }, 900_000);
});
