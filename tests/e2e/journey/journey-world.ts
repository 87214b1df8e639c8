import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { KpisSchema, type Kpis } from '../../../src/shared/artifacts';
import { expectOnPage } from '../renderer/portal-window';

// What the e2e journeys share: workbooks in the host's lakehouse, a run started from the Import page's
// dialog, a run watched on Monitor, and the KPIs a run wrote to its kpis.json.

/** Statuses after which a run does not change any more. */
export const TERMINAL = ['Completed', 'Failed', 'Cancelled', 'Lost', 'Deduped'];

/**
 * How long a run started from the UI may take to start and end on a loaded 2-core machine: the trigger alone
 * waits up to 90 s for Fabric's answer. Generous on purpose; a healthy run ends in well under a minute.
 */
export const RUN_TIMEOUT_MS = 240_000;

export const importDir = (dataDir: string): string => join(dataDir, 'demo', 'lakehouse', 'Files', 'import');

export const money = (n: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const count = (n: number): string => n.toLocaleString('en-US');
export const short = (runId: string): string => runId.slice(0, 8);

/** The KPIs a run wrote to the host's lakehouse: Files/results/runs/<runId>/kpis.json. */
export async function kpisJson(dataDir: string, runId: string): Promise<Kpis> {
  const file = join(dataDir, 'demo', 'lakehouse', 'Files', 'results', 'runs', runId, 'kpis.json');
  return KpisSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

export const workbookRow = (page: Page, name: string): Locator =>
  page.getByRole('button', { name: `Inspect ${name}`, exact: true });
export const inspected = (page: Page): Locator =>
  page.locator('[data-testid="inspection"][data-phase="done"]');

/** Import page, the workbook selected and its inspection done. */
export async function inspectOnImport(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+Digit1');
  await expectOnPage(page, 'import');
  await workbookRow(page, name).click({ timeout: 60_000 });
  await page
    .locator('[data-testid="inspection"][data-phase="done"]')
    .filter({ hasText: name })
    .waitFor({ timeout: 120_000 });
}

/** Opens the run dialog for the inspected workbook and types the parameters into it. */
export async function openRunDialog(
  page: Page,
  name: string,
  parameters: Record<string, string>,
): Promise<Locator> {
  await page.getByRole('button', { name: `Run the pipeline on ${name}` }).click({ timeout: 60_000 });
  const dialog = page.getByTestId('run-dialog');
  await dialog.waitFor();
  for (const [i, [key, value]] of Object.entries(parameters).entries()) {
    await dialog.getByRole('button', { name: 'Add parameter' }).click();
    await dialog.getByRole('textbox', { name: `Name of parameter ${i + 1}` }).fill(key);
    await dialog.getByRole('textbox', { name: `Value of parameter ${i + 1}` }).fill(value);
  }
  return dialog;
}

/**
 * Presses "Start run" and waits for Monitor to show the new run (a run id not in `known`); fails with the
 * dialog's message when main refused the start. Returns the new run's id, as Monitor shows it.
 */
export async function startAndFollow(page: Page, dialog: Locator, known: readonly string[]): Promise<string> {
  await dialog.getByRole('button', { name: 'Start run' }).click();
  const refused = dialog.getByTestId('run-dialog-error');
  const shown = page.getByTestId('monitor-run');
  await shown.or(refused).first().waitFor({ timeout: RUN_TIMEOUT_MS });
  if (await refused.isVisible()) throw new Error(`The run was refused: ${await refused.textContent()}`);
  await expectOnPage(page, 'monitor');
  // Until the new run is loaded Monitor may still show the previous one.
  for (;;) {
    const runId = await shown.getAttribute('data-run-id', { timeout: 60_000 });
    if (runId && !known.includes(runId)) return runId;
    await page
      .locator(`[data-testid="monitor-run"]:not([data-run-id="${runId}"])`)
      .waitFor({ timeout: 60_000 });
  }
}

/** Waits until Monitor shows the run as ended and expects it Completed. */
export async function waitForRunEnd(page: Page, runId: string): Promise<void> {
  const ended = page.locator(
    TERMINAL.map((s) => `[data-testid="monitor-run"][data-run-id="${runId}"][data-status="${s}"]`).join(', '),
  );
  await ended.waitFor({ timeout: RUN_TIMEOUT_MS });
  expect(await ended.getAttribute('data-status')).toBe('Completed');
}

/**
 * Records in the page every status Monitor shows for a run (`window.__monitorSeen`, "runId:status" in
 * order) and marks the document (`window.__journeyDocument`), so a test can prove the page followed a run
 * live: a status before the end, the end itself, and no reload in between.
 */
export async function recordMonitorStatuses(page: Page): Promise<string> {
  const marker = `doc-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await page.evaluate(`(() => {
    window.__journeyDocument = ${JSON.stringify(marker)};
    window.__monitorSeen = [];
    const look = () => {
      for (const el of document.querySelectorAll('[data-testid="monitor-run"]')) {
        const v = el.getAttribute('data-run-id') + ':' + el.getAttribute('data-status');
        if (window.__monitorSeen[window.__monitorSeen.length - 1] !== v) window.__monitorSeen.push(v);
      }
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-run-id'],
    });
    look();
    return true;
  })()`);
  return marker;
}

/** The statuses Monitor showed for a run, in order, and whether the document is still the marked one. */
export async function monitorStatuses(
  page: Page,
  runId: string,
  marker: string,
): Promise<{ statuses: string[]; sameDocument: boolean }> {
  const seen = (await page.evaluate('window.__monitorSeen ?? []')) as string[];
  const doc = (await page.evaluate('window.__journeyDocument ?? null')) as string | null;
  return {
    statuses: seen.filter((v) => v.startsWith(`${runId}:`)).map((v) => v.slice(runId.length + 1)),
    sameDocument: doc === marker,
  };
}
