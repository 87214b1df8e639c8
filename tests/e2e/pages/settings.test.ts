import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOnPage, unnamedControls, type PortalWindow } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';

// The Settings page in the Demo profile: connection tests against the host's emulator and PGlite, a Fabric
// profile created through the form (validated as the user types) whose test fails part by part, secrets
// shown only as set / not set, a secrets.toml import, activation and deletion.

const GUID = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;
const PARTS = ['token', 'pipeline', 'lakehouse', 'database', 'schema'];

const session = usePreviewSession({ name: 'settings', startTimeoutMs: 180_000 });
let closedPort: number;

async function openSettings(page: Page): Promise<void> {
  await page.keyboard.press('Control+Digit5');
  await expectOnPage(page, 'settings');
  await page.getByTestId('profiles-table').waitFor({ timeout: 120_000 });
}

/** settings-<state>-<theme>-<size>.png of the Settings page once settle has brought it into the state. */
async function shoot(state: string, settle: (page: Page) => Promise<void>, fullPage = true): Promise<void> {
  await session.shootState(
    `settings-${state}`,
    async (page) => {
      await openSettings(page);
      await settle(page);
    },
    { fullPage },
  );
}

async function testDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Test connection of Demo' }).click();
  await page.getByTestId('connection-test-demo').waitFor({ timeout: 120_000 });
}

async function fill(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('dialog').getByLabel(label, { exact: false }).first().fill(value);
}

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  closedPort = typeof address === 'object' && address ? address.port : 9;
  await new Promise<void>((r) => server.close(() => r()));
});

describe('Settings page (Demo profile)', () => {
  it('tests the Demo connection part by part and shows where secrets are kept', async () => {
    const win = await session.open();
    try {
      await openSettings(win.page);
      await expect(win.page.getByTestId('profile-demo').textContent()).resolves.toContain('Active');
      const keychain = win.page.getByTestId('keychain-status');
      await keychain.waitFor();
      const storage = await keychain.getAttribute('data-storage');
      await expect(keychain.textContent()).resolves.toContain(
        storage === 'keychain' ? 'Secrets in the OS keychain' : 'Secrets for this session only',
      );
      await testDemo(win.page);
      for (const part of PARTS) {
        await expect(win.page.getByTestId(`part-${part}`).getAttribute('data-status')).resolves.toBe('ok');
      }
      await expect(win.page.getByTestId('part-schema').textContent()).resolves.toMatch(/up to date/);
      await expect(unnamedControls(win.page)).resolves.toEqual([]);
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
    await shoot('profiles', testDemo);
  });

  it('creates a Fabric profile with field messages as the user types; its test fails part by part; secrets are set/clear only', async () => {
    const win: PortalWindow = await session.open();
    try {
      await openSettings(win.page);
      await win.page.getByRole('button', { name: 'New Fabric profile' }).click();
      const dialog = win.page.getByRole('dialog');
      await fill(win.page, 'Tenant ID', 'not-a-guid');
      await dialog.getByText('Tenant ID must be a GUID like').waitFor();
      await fill(win.page, 'Port', '70000');
      await dialog.getByText('PostgreSQL port must be between 1 and 65535').waitFor();
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await dialog.getByText(/\d+ fields to fix/).waitFor();
      await expect(dialog.getByText('Profile name is required').count()).resolves.toBe(1);

      await fill(win.page, 'Profile name', 'Sales EU (unreachable)');
      await fill(win.page, 'Tenant ID', GUID(1));
      await fill(win.page, 'Client (application) ID', GUID(2));
      await fill(win.page, 'Workspace ID', GUID(3));
      await fill(win.page, 'Pipeline ID', GUID(4));
      await fill(win.page, 'Lakehouse ID', GUID(5));
      await fill(win.page, 'Authority URL', `https://127.0.0.1:${closedPort}`);
      await fill(win.page, 'Host', '127.0.0.1');
      await fill(win.page, 'Port', String(closedPort));
      await fill(win.page, 'Database', 'portal');
      await fill(win.page, 'User', 'portal_app');
      await fill(win.page, 'Client secret', 'e2e-client-secret-value');
      await fill(win.page, 'PostgreSQL password', 'e2e-pg-password-value');
      await dialog.getByText('All fields valid').waitFor();
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await dialog.waitFor({ state: 'detached' });

      const row = win.page.locator('[data-testid^="profile-"]', { hasText: 'Sales EU (unreachable)' });
      await row.waitFor();
      await row.getByRole('button', { name: /^Test connection/ }).click();
      const id = (await row.getAttribute('data-testid'))!.replace('profile-', '');
      const result = win.page.getByTestId(`connection-test-${id}`);
      await result.waitFor({ timeout: 90_000 });
      await expect(result.getByTestId('part-token').getAttribute('data-status')).resolves.toBe('error');
      await expect(result.getByTestId('part-database').getAttribute('data-status')).resolves.toBe('error');
      await expect(result.getByTestId('part-database').textContent()).resolves.toMatch(
        /PostgreSQL|database/i,
      );
      // with both secrets set, the failures are the unreachable servers, not missing settings
      await expect(result.getByTestId('part-database').textContent()).resolves.not.toMatch(
        /no PostgreSQL password/,
      );
      await expect(result.getByTestId('part-token').textContent()).resolves.not.toMatch(/no client secret/);
      expect(await win.page.content()).not.toMatch(/e2e-client-secret-value|e2e-pg-password-value/);

      await row.getByRole('button', { name: /^Edit profile/ }).click();
      const secret = win.page.getByRole('dialog').getByTestId('secret-FABRIC_CLIENT_SECRET');
      await secret.getByText(/^Set \(/).waitFor();
      await expect(
        win.page.getByRole('dialog').getByTestId('secret-PG_PASSWORD').textContent(),
      ).resolves.toMatch(/Set \(/);
      await secret.getByRole('button', { name: 'Clear Client secret' }).click();
      await secret.getByText('Not set').waitFor();
      await win.page.keyboard.press('Escape');
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
    await shoot(
      'form-errors',
      async (page) => {
        await page.getByRole('button', { name: 'New Fabric profile' }).click();
        await fill(page, 'Tenant ID', 'not-a-guid');
        await fill(page, 'Fabric API URL', 'http://api.fabric.microsoft.com');
        await page.getByRole('dialog').getByText('Tenant ID must be a GUID like').waitFor();
      },
      false,
    );
  });

  it('shows a failed connection test of a Fabric profile line by line', async () => {
    await shoot('fabric-test-failed', async (page) => {
      await page.getByRole('button', { name: 'Test connection of Sales EU (unreachable)' }).click();
      await page
        .locator('[data-testid^="connection-test-"] [data-testid="part-schema"]')
        .waitFor({ timeout: 90_000 });
    });
  });

  it('imports an old secrets.toml, activates the profile (the header follows), switches back and deletes it', async () => {
    const toml = [
      `FABRIC_TENANT_ID = "${GUID(6)}"`,
      `FABRIC_CLIENT_ID = "${GUID(7)}"`,
      'FABRIC_CLIENT_SECRET = "toml-secret-value"',
      `FABRIC_WORKSPACE_ID = "${GUID(8)}"`,
      `FABRIC_PIPELINE_ID = "${GUID(9)}"`,
      `FABRIC_LAKEHOUSE_ID = "${GUID(1)}"`,
      'PG_HOST = "127.0.0.1"',
      `PG_PORT = ${closedPort}`,
      'PG_DATABASE = "portal"',
      'PG_USER = "portal_app"',
      'PG_PASSWORD = "toml-pg-password"',
    ].join('\n');
    const file = join(session.dataDir, 'secrets.toml');
    await writeFile(file, toml);
    const win = await session.open();
    try {
      await openSettings(win.page);
      await win.page.getByTestId('secrets-toml-drop').locator('input[type="file"]').setInputFiles(file);
      const dialog = win.page.getByRole('dialog');
      await dialog.getByText('Found in secrets.toml; saved with the profile').first().waitFor();
      await expect(dialog.getByLabel('Tenant ID', { exact: false }).first().inputValue()).resolves.toBe(
        GUID(6),
      );
      await fill(win.page, 'Profile name', 'From Streamlit');
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await dialog.waitFor({ state: 'detached' });

      await win.page.getByRole('button', { name: 'Use profile From Streamlit' }).click();
      await win.page.getByTestId('active-profile').filter({ hasText: 'From Streamlit' }).waitFor();
      await win.page.getByRole('button', { name: 'Use profile Demo' }).click();
      await win.page.getByTestId('active-profile').filter({ hasText: 'Demo' }).waitFor();

      await win.page.getByRole('button', { name: 'Delete profile From Streamlit' }).click();
      await win.page.getByRole('dialog').getByRole('button', { name: 'Delete profile' }).click();
      await win.page
        .getByRole('button', { name: 'Use profile From Streamlit' })
        .waitFor({ state: 'detached' });
      expect(await win.page.content()).not.toContain('toml-secret-value');
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  });
});
