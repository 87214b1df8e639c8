import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { UiState } from '../../../src/shared/contract/ui';

export const PAGE_LABELS = {
  import: 'Import',
  monitor: 'Monitor',
  results: 'Results',
  archive: 'Archive',
  settings: 'Settings',
  diagnostics: 'Diagnostics',
} as const;
export type PageId = keyof typeof PAGE_LABELS;
export const PAGE_IDS = Object.keys(PAGE_LABELS) as PageId[];

export const SLOW_START_MS = 120_000;

/** A browser tab on the portal, with every console error and uncaught exception it produced. */
export interface PortalWindow {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openPortal(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<PortalWindow> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${new URL(r.url()).pathname}`);
  });
  await page.goto(url, { timeout: SLOW_START_MS });
  await waitForShell(page);
  return { page, errors, close: () => context.close() };
}

/** The shell is up once the header knows the profile (app.info answered). */
export async function waitForShell(page: Page): Promise<void> {
  // Generous: the host answers nothing while the Demo database (PGlite, WASM) compiles, which on a machine
  // shared with other test runs can take a minute.
  await page
    .getByTestId('active-profile')
    .filter({ hasNotText: 'Loading' })
    .waitFor({ timeout: SLOW_START_MS });
}

export async function expectOnPage(page: Page, id: PageId): Promise<void> {
  await page
    .getByRole('heading', { level: 1, name: PAGE_LABELS[id], exact: true })
    .waitFor({ timeout: 60_000 });
}

export const colorScheme = (page: Page): Promise<string | null> =>
  page.locator('html').getAttribute('data-mantine-color-scheme');

/** Waits until main has written the expected state (the renderer saves asynchronously). */
export async function waitForStoredState(
  dataDir: string,
  check: (state: UiState) => boolean,
  timeoutMs = 10_000,
): Promise<UiState> {
  const file = join(dataDir, 'ui-state.json');
  const deadline = Date.now() + timeoutMs;
  let last = 'no file yet';
  while (Date.now() < deadline) {
    try {
      const state = JSON.parse(await readFile(file, 'utf8')) as UiState;
      if (check(state)) return state;
      last = JSON.stringify(state);
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`ui-state.json did not reach the expected state in ${timeoutMs} ms; last: ${last}`);
}

const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'checkbox',
  'radio',
  'combobox',
  'switch',
  'tab',
  'menuitem',
  'slider',
  'searchbox',
  'spinbutton',
  'listbox',
]);

/** Interactive elements in Chromium's accessibility tree that have no accessible name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string }; nodeId: string }[];
    };
    return nodes
      .filter(
        (n) =>
          !n.ignored && INTERACTIVE_ROLES.has(String(n.role?.value)) && !String(n.name?.value ?? '').trim(),
      )
      .map((n) => `${n.role?.value} (ax node ${n.nodeId})`);
  } finally {
    await cdp.detach();
  }
}
