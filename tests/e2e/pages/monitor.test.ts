import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { migrate } from '../../../src/main/db/migrate';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import type { Run } from '../../../src/shared/contract/runs';
import type { PreviewHost } from '../../support/preview-host';
import { invokeOnHost } from '../renderer/host-client';
import {
  colorScheme,
  expectOnPage,
  unnamedControls,
  waitForShell,
  type PortalWindow,
} from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { SHOT_SIZES, shootThemesAndSizes, type Theme } from '../renderer/themed-shots';

// The Monitor page in the Demo profile through the browser preview host: empty state, a run started by
// another client picked up live (no reload), its end notified while the analyst is on another page, the
// timeline, event log filters remembered across a reload, cancel disabled with its reason, and screenshots.

const SAMPLE = 'Files/import/sales_orders_fact.xlsx';
const TERMINAL = ['Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost'];

// Records the notifications the page creates (headless Chromium shows none), with permission granted.
const RECORD_NOTIFICATIONS = `
  window.__notices = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, opts) { window.__notices.push({ title, body: (opts && opts.body) || '' }); this.onclick = null; }
    close() {}
  };
`;

/** Like openPortal, with generous timeouts (other test suites load this machine) and the recorder installed. */
async function openMonitor(browser: Browser, host: PreviewHost): Promise<PortalWindow> {
  const context = await browser.newContext({ viewport: SHOT_SIZES[0], colorScheme: 'light' });
  context.setDefaultTimeout(90_000);
  await context.grantPermissions(['notifications'], { origin: host.origin });
  await context.addInitScript({ content: RECORD_NOTIFICATIONS });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(host.url, { timeout: 120_000 });
  await waitForShell(page);
  return { page, errors, close: () => context.close() };
}

const notices = (page: Page) =>
  page.evaluate('window.__notices') as Promise<{ title: string; body: string }[]>;

/** monitor-<state>-<theme>-<size>.png, without a focus ring in the picture; the page is left in light. */
async function shoot(page: Page, state: string, themes?: readonly Theme[]): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await shootThemesAndSizes(page, `monitor-${state}`, themes ? { themes } : {});
  expect(await colorScheme(page)).toBe('light');
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
  const session = usePreviewSession({ name: 'monitor-live' });

  it('follows a run live from start to end, notifies its end, and explains it', async () => {
    const win = await openMonitor(session.browser, session.host);
    const { page } = win;
    try {
      await page.keyboard.press('Control+Digit2');
      await expectOnPage(page, 'monitor');

      // Empty: nothing has run in this data folder.
      await page.getByTestId('monitor-empty').waitFor();
      await expect(page.getByTestId('monitor-empty').textContent()).resolves.toContain('No run yet');
      await shoot(page, 'empty');

      // Another client starts a run; the page shows it without any reload or refresh button.
      const started = invokeOnHost(session.host, 'runs.start', { inputPath: SAMPLE });
      const runId = await waitForRunId(session.host, 120_000);
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
      const ended = await waitForEnd(session.host, runId, 240_000);
      await started;
      await page.waitForFunction('window.__notices.length > 0', undefined, { timeout: 30_000 });
      const shown = await notices(page);
      expect(shown).toHaveLength(1);
      expect(shown[0]?.title).toBe(
        ended.status === 'Completed' ? 'Run completed' : `Run ${ended.status.toLowerCase()}`,
      );
      expect(shown[0]?.body).toContain('sales_orders_fact.xlsx');

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
        // Its duration is compared with earlier Completed runs, never with itself: it is the only one so far.
        const stats = await invokeOnHost(session.host, 'runs.stats', { limit: 50 });
        expect(stats.ok && stats.value.count).toBe(1);
        const others = await invokeOnHost(session.host, 'runs.stats', { limit: 50, excludeRunId: runId });
        expect(others.ok && others.value.count).toBe(0);
        await page
          .getByTestId('monitor-elapsed')
          .filter({ hasText: 'No completed runs yet to compare with.' })
          .waitFor();
      }

      // Cancel is disabled with the reason once the run has ended.
      await expect(page.getByTestId('monitor-cancel').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('monitor-cancel-reason').textContent()).resolves.toBe(
        'The run has already ended.',
      );

      // The event log holds every audit event of the run.
      const events = await invokeOnHost(session.host, 'runs.events', { runId, limit: 1_000 });
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
      await page.evaluate(
        "document.getElementById('monitor-events-title').scrollIntoView({ block: 'start' })",
      );
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

// Earlier sessions' runs in the Demo database (real PGlite, written before the host opens it): six Completed
// runs for the duration statistics, a Failed one, and a run still InProgress whose Fabric job the emulator does
// not know, so it stays active (the monitor keeps asking Fabric) and Cancel meets a real Fabric error.
const DURATIONS_SEC = [35, 40, 45, 50, 60, 90];
const FAILED_ID = randomUUID();
const ACTIVE_ID = randomUUID();

async function seedHistory(db: Db): Promise<void> {
  const insert = (id: string, status: string, ageSec: number, durSec: number | null, extra = {}) =>
    db.query(
      `INSERT INTO public.pipeline_runs (run_id, job_instance_id, input_path, input_name, requested_by, requested_host,
                                         parameters, status, created_at, started_at, finished_at, failure)
       VALUES ($1, $2, 'Files/import/sales_orders_fact.xlsx', 'sales_orders_fact.xlsx', $3, 'LAPTOP-BOB', $4, $5,
               now() - make_interval(secs => $6), now() - make_interval(secs => $6 - 3),
               CASE WHEN $7::float8 IS NULL THEN NULL ELSE now() - make_interval(secs => $6 - $7::float8) END, $8)`,
      [
        id,
        randomUUID(),
        'bob@contoso.com',
        { region: 'EMEA' },
        status,
        ageSec,
        durSec,
        (extra as { failure?: unknown }).failure ?? null,
      ],
    );
  const event = (
    id: string,
    ageSec: number,
    kind: string,
    from: string | null,
    to: string | null,
    message: string,
  ) =>
    db.query(
      `INSERT INTO public.run_events (run_id, at, actor, host, kind, from_status, to_status, message)
       VALUES ($1, now() - make_interval(secs => $2), 'bob@contoso.com', 'LAPTOP-BOB', $3, $4, $5, $6)`,
      [id, ageSec, kind, from, to, message],
    );
  for (const [i, d] of DURATIONS_SEC.entries()) {
    const age = 86_400 * (DURATIONS_SEC.length - i);
    const id = randomUUID();
    await insert(id, 'Completed', age, d);
    await event(id, age, 'run_requested', null, null, 'Run of Files/import/sales_orders_fact.xlsx requested');
    await event(id, age - 1, 'status_changed', 'triggering', 'NotStarted', 'Fabric accepted the run');
    await event(id, age - 3, 'status_changed', 'NotStarted', 'InProgress', 'Fabric reports InProgress');
    await event(id, age - d, 'status_changed', 'InProgress', 'Completed', 'Fabric reports Completed');
  }
  await insert(FAILED_ID, 'Failed', 3_600, 20, {
    failure: { code: 'MISSING_COLUMNS', message: 'The sheet has no column "Net sales" (required).' },
  });
  await event(FAILED_ID, 3_600 - 20, 'status_changed', 'InProgress', 'Failed', 'Fabric reports Failed');
  await insert(ACTIVE_ID, 'InProgress', 55, null);
  await event(
    ACTIVE_ID,
    55,
    'run_requested',
    null,
    null,
    'Run of Files/import/sales_orders_fact.xlsx requested',
  );
  await event(ACTIVE_ID, 53, 'status_changed', 'triggering', 'NotStarted', 'Fabric accepted the run');
  await event(ACTIVE_ID, 52, 'status_changed', 'NotStarted', 'InProgress', 'Fabric reports InProgress');
}

describe('Monitor page with run history (Demo profile)', () => {
  // Earlier sessions' runs in the Demo database before the host opens it.
  const session = usePreviewSession({
    name: 'monitor',
    prepare: async (dataDir) => {
      const pgdata = join(dataDir, 'demo', 'pgdata');
      await mkdir(pgdata, { recursive: true });
      const db = await createPgliteDb({ dataDir: pgdata });
      try {
        await migrate(db);
        await seedHistory(db);
      } finally {
        await db.close();
      }
    },
  });

  it('compares an active run with past durations, explains a failure, and reports a refused cancel', async () => {
    const win = await openMonitor(session.browser, session.host);
    const { page } = win;
    try {
      await page.keyboard.press('Control+Digit2');
      await expectOnPage(page, 'monitor');
      const card = page.locator(`[data-testid="monitor-run"][data-run-id="${ACTIVE_ID}"]`);
      await card.waitFor({ timeout: 60_000 });
      await expect(card.getAttribute('data-status')).resolves.toBe('InProgress');

      // Elapsed time against the median/p90 of the six Completed runs (runs.stats from SQL).
      const stats = await invokeOnHost(session.host, 'runs.stats', { limit: 50 });
      if (!stats.ok) throw new Error(stats.error.message);
      expect(stats.value.count).toBe(6);
      expect(stats.value.medianMs).toBe(47_500);
      expect(stats.value.p90Ms).toBe(75_000);
      const bar = page.getByTestId('monitor-elapsed');
      await bar.filter({ hasText: 'Usually 47 s (median), 9 in 10 runs within 1 min 15 s' }).waitFor();
      await expect(bar.getAttribute('data-verdict')).resolves.toMatch(/slower-than-usual|unusually-slow/);
      const before = await page.getByTestId('monitor-elapsed-value').textContent();
      await page.waitForTimeout(2_100);
      await expect(page.getByTestId('monitor-elapsed-value').textContent()).resolves.not.toBe(before);
      // Why it is not done: who polls Fabric, or that Fabric does not answer for this job.
      await page.locator('[data-testid="monitor-waiting"] [data-reason]').first().waitFor();
      await expect(
        page.locator('[data-testid="monitor-timeline"] [data-step="InProgress"]').getAttribute('data-state'),
      ).resolves.toBe('current');
      await expect(page.getByTestId('monitor-run-details').textContent()).resolves.toContain('region = EMEA');
      await shoot(page, 'active');

      // Cancel asks first; Fabric refuses (it does not know the job): the contract's message is shown.
      await page.getByTestId('monitor-cancel').click();
      const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
      await dialog.waitFor();
      await shoot(page, 'cancel-confirm', ['light']);
      await dialog.getByRole('button', { name: 'Cancel the run' }).click();
      await dialog.waitFor({ state: 'detached' });
      const refused = await invokeOnHost(session.host, 'runs.cancel', { runId: ACTIVE_ID });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      await page.getByText(refused.error.message, { exact: true }).first().waitFor();
      await expect(card.getAttribute('data-status')).resolves.toBe('InProgress');

      // The failed run, picked from the recent list: its reason in plain words and what to do.
      await page.locator(`[data-testid="monitor-recent-run"][data-run-id="${FAILED_ID}"]`).click();
      const failure = page.getByTestId('monitor-failure');
      await failure.waitFor();
      await expect(failure.getAttribute('data-code')).resolves.toBe('MISSING_COLUMNS');
      await expect(failure.textContent()).resolves.toContain('The workbook lacks columns the pipeline needs');
      await expect(failure.textContent()).resolves.toContain(
        'The sheet has no column "Net sales" (required).',
      );
      await expect(page.getByTestId('monitor-cancel-reason').textContent()).resolves.toBe(
        'The run has already ended.',
      );
      await page.evaluate('window.scrollTo(0, 0)');
      await shoot(page, 'failed');

      // A completed run: every step done, the bar shows what it took.
      await page.getByTestId('monitor-recent-run').last().click();
      await page.locator('[data-testid="monitor-run"][data-status="Completed"]').waitFor();
      await page
        .locator('[data-testid="monitor-timeline"] [data-step="InProgress"][data-state="done"]')
        .waitFor();
      await expect(
        page.locator('[data-testid="monitor-timeline"] [data-state="done"]').count(),
      ).resolves.toBe(5);
      await page.evaluate('window.scrollTo(0, 0)');
      await shoot(page, 'completed');

      await page.getByTestId('monitor-follow-newest').click();
      await card.waitFor();
      expect(await unnamedControls(page)).toEqual([]);
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  }, 300_000);
});
