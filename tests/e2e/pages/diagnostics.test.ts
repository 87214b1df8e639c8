import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectOnPage, unnamedControls } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';

// The Diagnostics page in the Demo profile: the checks run against the host's emulator and PGlite when the
// page opens; a lakehouse without import workbooks turns one check into a warning with its fix.

const CHECK_IDS = ['token', 'trigger', 'database', 'schema', 'lock', 'importFiles'];

const session = usePreviewSession({ name: 'diagnostics', startTimeoutMs: 180_000 });

async function openDiagnostics(page: Page): Promise<void> {
  await page.keyboard.press('Control+Digit6');
  await expectOnPage(page, 'diagnostics');
}

/** Waits until every check has a result and none is still running. */
async function checksSettled(page: Page): Promise<void> {
  // The first answer waits for the Demo environment (PGlite, emulator) to start.
  await page.getByTestId('check-importFiles').waitFor({ timeout: 120_000 });
  await page.getByText('Checking…').waitFor({ state: 'detached', timeout: 60_000 });
}

describe('Diagnostics page (Demo profile)', () => {
  it('runs every check by itself on opening, all passing, and copies a report without secrets', async () => {
    const win = await session.open();
    try {
      await win.page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.host.origin });
      await openDiagnostics(win.page);
      await checksSettled(win.page);
      for (const id of CHECK_IDS) {
        await expect(win.page.getByTestId(`check-${id}`).getAttribute('data-status')).resolves.toBe('ok');
      }
      await win.page.getByText('All 6 checks passed').waitFor();
      await expect(win.page.getByTestId('check-importFiles').textContent()).resolves.toContain(
        'sales_orders_fact.xlsx',
      );
      await expect(win.page.getByRole('img', { name: 'Passed' }).count()).resolves.toBe(6);

      await win.page.getByRole('button', { name: 'Copy report' }).click();
      await win.page.getByRole('button', { name: 'Report copied' }).waitFor();
      const report = await win.page.evaluate<string>('navigator.clipboard.readText()');
      expect(report).toMatch(/^Fabric Data Portal diagnostics/);
      expect(report).toContain('Profile:  Demo');
      expect(report).toContain('[OK  ] Trigger permission');
      expect(report).not.toMatch(/secret-|client_secret/i);
      expect(report).toMatch(/Recent warnings and errors from the log \(\d+\):/);
      expect(report).not.toContain(session.host.token);

      await expect(unnamedControls(win.page)).resolves.toEqual([]);
      await shootThemesAndSizes(win.page, 'diagnostics-ok', { fullPage: true });
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  });

  it('warns with the fix when Files/import has no workbook, and passes again once it is back', async () => {
    const importDir = join(session.dataDir, 'demo', 'lakehouse', 'Files', 'import');
    await rename(importDir, `${importDir}.aside`);
    const win = await session.open();
    try {
      await openDiagnostics(win.page);
      await checksSettled(win.page);
      const row = win.page.getByTestId('check-importFiles');
      await expect(row.getAttribute('data-status')).resolves.toBe('warning');
      await expect(row.textContent()).resolves.toMatch(
        /No workbooks found in Files\/import.*Fix:.*Import page/,
      );
      await win.page.getByText('1 needs attention, 5 passed').waitFor();
      await shootThemesAndSizes(win.page, 'diagnostics-no-import-files', { fullPage: true });

      await rename(`${importDir}.aside`, importDir);
      await win.page.getByRole('button', { name: 'Run checks again' }).click();
      await win.page
        .locator('[data-testid="check-importFiles"][data-status="ok"]')
        .waitFor({ timeout: 60_000 });
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  });
});
