import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import type { Kpis } from '../../../src/shared/artifacts';
import type { TablePage } from '../../../src/shared/contract/artifacts';
import { invokeOnHost } from '../renderer/host-client';
import { expectOnPage, unnamedControls } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';
import { expectKpiCards } from '../pages/kpi-cards';

// A run exported as a .fdpbundle on one portal (data folder A) opens on another (data folder B) that never
// saw it: chosen with "Open bundle…" (a file input) or dropped on the window, the bundle's bytes are sent to
// the host in chunks and checked; Results shows it read-only with the KPIs of its kpis.json and the same
// first page of cleaned rows as on A. A tampered bundle and a file that is not a bundle are refused with
// the reason, and nothing of them is kept.

const SAMPLE = 'Files/import/sales_orders_fact.xlsx';

// The session's host is laptop B; laptop A is a second host on a data folder of its own.
const session = usePreviewSession({ name: 'bundle-e2e' });

async function call<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * Drags a file over the window (and drops it) as the OS would: a DataTransfer built in the page. The page
 * scripts are strings because this file is compiled without the DOM library.
 */
async function dropFile(page: Page, name: string, bytes: Buffer, release = true): Promise<void> {
  await page.evaluate(`(() => {
    const data = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], ${JSON.stringify(name)}));
    window.__e2eTransfer = dt;
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);
  if (release) await dragEvent(page, 'drop');
}

const dragEvent = (page: Page, type: 'drop' | 'dragleave') =>
  page.evaluate(`document.body.dispatchEvent(
    new DragEvent(${JSON.stringify(type)}, { dataTransfer: window.__e2eTransfer, bubbles: true, cancelable: true }),
  )`);

/** bundle-<state>-<theme>-<size>.png of the current window, full page, once settle has seen the state. */
async function shoot(page: Page, state: string, settle: () => Promise<void>): Promise<void> {
  await settle();
  // a full-page shot of a scrolled window draws the fixed header mid-page
  await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
  await shootThemesAndSizes(page, `bundle-${state}`, { fullPage: true });
}

describe('opening a run bundle (preview host, Chromium)', () => {
  it('opens a bundle from another data folder read-only with identical KPIs and rows; refuses bad ones', async () => {
    // ---- laptop A: a run of the Demo sample, exported as a bundle ----
    const hostA = await session.startHost('a');
    // files.list waits for the Demo environment, which seeds the sample workbook into the lakehouse
    await call(invokeOnHost(hostA, 'files.list', {}));
    const lakehouse = join(hostA.dataDir, 'demo', 'lakehouse');
    const runId = randomUUID();
    const ran = await runSalesPipeline({
      lakehouseDir: lakehouse,
      inputPath: SAMPLE,
      runId,
      parameters: {},
      requestedBy: 'e2e',
    });
    expect(ran.status).toBe('succeeded');
    const kpis = JSON.parse(
      await readFile(join(lakehouse, 'Files/results/runs', runId, 'kpis.json'), 'utf8'),
    ) as Kpis;
    const exported = await call(invokeOnHost(hostA, 'bundles.export', { runId }));
    const firstPageA: TablePage = await call(invokeOnHost(hostA, 'artifacts.query', { runId, limit: 20 }));
    await hostA.stop();

    const bundle = await readFile(exported.path);
    const tampered = Buffer.from(bundle);
    const at = tampered.indexOf(Buffer.from('PAR1')) + 64; // inside the stored parquet entry
    tampered[at] = (tampered[at] as number) ^ 0x01;
    const files = join(hostA.dataDir, 'files');
    await mkdir(files);
    const goodPath = join(files, 'q4-sales.fdpbundle');
    const notesPath = join(files, 'notes.fdpbundle');
    await writeFile(goodPath, bundle);
    await writeFile(notesPath, 'order_id,region\n1,EMEA\n');

    // ---- laptop B: another data folder that never saw the run ----
    const hostB = session.host;
    const win = await session.open();
    const { page } = win;
    try {
      await page.keyboard.press('Control+Digit3');
      await expectOnPage(page, 'results');
      await page
        .getByTestId('results-empty')
        .filter({ hasText: 'No results yet' })
        .waitFor({ timeout: 120_000 });
      const input = page.getByTestId('bundle-file-input');

      // A text file named .fdpbundle: refused with what is wrong and what to do.
      await input.setInputFiles(notesPath);
      const refusal = page.getByTestId('bundle-open-error');
      await refusal.waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('bundle-open-error-message').textContent()).resolves.toBe(
        'The bundle notes.fdpbundle cannot be opened: it is not a run bundle (the file is not a zip archive).',
      );
      await expect(refusal.textContent()).resolves.toContain('Nothing from this file was kept');
      await refusal.getByRole('button', { name: 'OK' }).click();
      await refusal.waitFor({ state: 'detached' });

      // The bundle with one byte changed, dropped on the window: refused, nothing kept.
      await dropFile(page, 'q4-sales-copy.fdpbundle', tampered);
      await refusal.waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('bundle-open-error-message').textContent()).resolves.toMatch(
        /^The bundle q4-sales-copy\.fdpbundle cannot be opened: artifacts\/sales_cleaned\.parquet does not match its sha256 in bundle\.json: the bundle was changed or damaged after export\.$/,
      );
      await shoot(page, 'refused', () => refusal.waitFor());
      expect((await call(invokeOnHost(hostB, 'bundles.list', {}))).bundles).toEqual([]);
      expect(await readdir(join(hostB.dataDir, 'cache', '.staging'))).toEqual([]);
      await refusal.getByRole('button', { name: 'OK' }).click();

      // While a file is dragged over the window, the overlay says what a drop does.
      await dropFile(page, 'q4-sales.fdpbundle', bundle, false);
      await page.getByTestId('bundle-drop-overlay').waitFor();
      await shoot(page, 'dragging', () => page.getByTestId('bundle-drop-overlay').waitFor());
      await dragEvent(page, 'dragleave');
      await page.getByTestId('bundle-drop-overlay').waitFor({ state: 'detached' });

      // The good bundle through the file input: Results shows it, marked read-only.
      await input.setInputFiles(goodPath);
      const banner = page.locator('[data-testid="results-viewing"][data-kind="bundle"]');
      await banner.waitFor({ timeout: 60_000 });
      await expect(banner.textContent()).resolves.toContain(
        'Opened from bundle q4-sales.fdpbundle — read-only',
      );
      await expect(page.getByTestId('results-viewing-detail').textContent()).resolves.toMatch(
        new RegExp(`Run ${runId}, exported .* from profile .*nothing here is sent to Fabric`),
      );
      await expectKpiCards(page, kpis);
      await expect(page.getByTestId('results-run').textContent()).resolves.toContain(runId);
      // no KPI source badge: these KPIs are not the current results of this computer
      await expect(page.getByTestId('kpi-source').count()).resolves.toBe(0);

      // The same first page of cleaned rows as on A, in the same order.
      const all = kpis.rows_valid.toLocaleString('en-US');
      await page
        .getByTestId('grid-count')
        .filter({ hasText: `${all} of ${all} rows` })
        .waitFor({ timeout: 60_000 });
      expect(firstPageA.total).toBe(kpis.rows_valid);
      // Every text and date cell of A's first rows, in order (numbers are formatted for display).
      const textCols = firstPageA.columns
        .map((c, i) => ({ ...c, i }))
        .filter((c) => c.type === 'string' || c.type === 'date');
      expect(textCols.map((c) => c.name)).toContain('order_id');
      for (let r = 0; r < 8; r++) {
        const row = page.locator(`[data-row-index="${r}"][data-loaded="1"]`);
        await row.waitFor();
        const text = (await row.textContent()) ?? '';
        for (const c of textCols) {
          const v = firstPageA.rows[r]?.[c.i];
          if (typeof v === 'string') expect(text, `row ${r} ${c.name}`).toContain(v);
        }
      }
      // Network actions: an opened bundle is only checked locally, never downloaded or repaired; nothing
      // of it went to B's lakehouse.
      await page.getByTestId('offline-state').waitFor();
      await expect(page.getByTestId('make-offline').textContent()).resolves.toBe('Check offline copy');
      await page.getByTestId('make-offline').click();
      await page.getByTestId('offline-state').waitFor();
      await expect(page.getByTestId('download-progress').count()).resolves.toBe(0);
      await expect(
        page.getByRole('button', { name: 'Remove the offline copy and download it again' }).count(),
      ).resolves.toBe(0);
      await expect(
        readdir(join(hostB.dataDir, 'demo', 'lakehouse', 'Files', 'results', 'runs', runId)),
      ).rejects.toThrow(/ENOENT/);
      expect(await unnamedControls(page)).toEqual([]);
      await shoot(page, 'opened', async () => {
        await banner.waitFor();
        await page
          .locator('[data-testid="lazy-chart"][data-state="ready"]')
          .nth(3)
          .waitFor({ timeout: 60_000 });
        await page.locator('[data-row-index="0"][data-loaded="1"]').waitFor();
      });

      // Back to the current results (none on B).
      await page.getByTestId('results-back-to-current').click();
      await page.getByTestId('results-empty').filter({ hasText: 'No results yet' }).waitFor();
      await expect(banner.count()).resolves.toBe(0);

      // Settings → Offline copies lists it as from a bundle; Open shows it on Results again.
      await page.keyboard.press('Control+Digit5');
      await expectOnPage(page, 'settings');
      const copy = page.locator(`[data-testid="offline-copy-row"][data-run-id="${runId}"]`);
      await copy.waitFor({ timeout: 60_000 });
      await expect(copy.textContent()).resolves.toContain('From bundle');
      await copy.getByTestId('offline-copy-open').click();
      await expectOnPage(page, 'results');
      await banner.waitFor({ timeout: 60_000 });
      await page.getByTestId('results-back-to-current').click();

      // The Archive lists the opened bundle; Open shows it again, Remove takes it off this computer.
      await page.keyboard.press('Control+Digit4');
      await expectOnPage(page, 'archive');
      const row = page.locator(`[data-testid="opened-bundle-row"][data-run-id="${runId}"]`);
      await row.waitFor({ timeout: 60_000 });
      await expect(row.textContent()).resolves.toContain('q4-sales.fdpbundle');
      await shoot(page, 'archive', () => row.waitFor());
      await row.getByRole('button', { name: /^Open the bundled run/ }).click();
      await expectOnPage(page, 'results');
      await banner.waitFor({ timeout: 60_000 });
      // Its rows are read before it is removed, so the step below checks the removal on a loaded page (a
      // reading still under way is asked again anyway: results-store.test.ts).
      await page.locator('[data-row-index="0"][data-loaded="1"]').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Control+Digit4');
      await row.getByRole('button', { name: /^Remove the bundled run/ }).click();
      await row.waitFor({ state: 'detached' });
      expect((await call(invokeOnHost(hostB, 'bundles.list', {}))).bundles).toEqual([]);
      // The run on screen was removed: Results says so, with the way back.
      await page.keyboard.press('Control+Digit3');
      await page
        .getByTestId('results-viewed-error')
        .filter({ hasText: 'no longer on this computer' })
        .waitFor({ timeout: 60_000 });

      expect(win.errors.filter((e) => !e.startsWith('console: Failed to load resource'))).toEqual([]);
    } finally {
      await win.close();
    }
  }, 900_000);
});
