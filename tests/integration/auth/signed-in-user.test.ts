import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/composed-app';
import type { FabricServers } from '../../support/fabric-servers';
import { completeSignIn } from '../../support/fake-sign-in-browser';
import { useRestartApps } from '../../support/restart-apps';
import { SAMPLE_INPUT, until } from '../runs/harness';

// A Fabric profile with authMode 'signed-in-user', composed like the app (real MSAL public client, the
// standalone emulator over HTTPS, a PostgreSQL server of the test's own, the real keychain when one
// answers). The test plays the browser the app asks to open (auth.openUrl). Run it under
// scripts/with-keyring.sh to cover the restart with the OS keychain; under CI=true a keychain is required.

const apps = useRestartApps();
let servers: FabricServers | null = null;

async function open(dataDir: string): Promise<TestApp> {
  const app = await apps.open(dataDir);
  // The browser: every sign-in page the app asks the renderer to open is signed in at once.
  app.app.events.on('auth.openUrl', ({ url }) => {
    void completeSignIn(url, servers!.emulator().caCertPem());
  });
  return app;
}

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile() && readFileSync(path).includes(needle)) hits.push(name);
  }
  return hits;
}

describe('a signed-in-user Fabric profile through the composed app', () => {
  it('signs in, runs as the user, stays signed in after a restart with the keychain, refuses runs after sign-out', async () => {
    servers = await apps.startServers();
    const env = servers.emulator().env;
    const dataDir = apps.tempDir('portal-sign-in-');

    const a = await open(dataDir);
    const saved = await a.call(
      'profiles.save',
      servers.profileInput({ name: 'Fabric as me', authMode: 'signed-in-user' }),
    );
    const profileId = saved.profile.id;
    await a.call('profiles.activate', { id: profileId });

    // Not signed in yet: the profile opens (no client secret needed) and says nobody is signed in.
    const before = await a.call('auth.status', {});
    expect(before).toMatchObject({ profileId, authMode: 'signed-in-user', user: null, signingIn: false });

    const changes: Array<{ user: string | null; signingIn: boolean }> = [];
    a.app.events.on('auth.changed', (s) =>
      changes.push({ user: s.user?.username ?? null, signingIn: s.signingIn }),
    );
    const signedIn = await a.call('auth.signIn', {});
    expect(signedIn.user?.username).toBe(env.OWNER_UPN);
    expect(changes[0]).toEqual({ user: null, signingIn: true });
    expect(changes.at(-1)).toEqual({ user: env.OWNER_UPN, signingIn: false });

    // The Import page names the user a run will be recorded as; it completes and is attributed to them.
    expect((await a.call('files.context', {})).requestedBy).toBe(env.OWNER_UPN);
    const run = await a.call('runs.start', { inputPath: SAMPLE_INPUT });
    const done = await until(
      async () => {
        const r = await a.call('runs.get', { runId: run.runId });
        return r.status === 'Completed' && r;
      },
      'the signed-in run to complete in the emulator',
      150_000,
    );
    expect(done.requestedBy).toBe(env.OWNER_UPN);

    // The MSAL cache (with the refresh token) is never written to a file in the data folder.
    const storage = (await a.call('config.keychainStatus', {})).storage;
    expect(filesContaining(dataDir, '"RefreshToken"')).toEqual([]);
    await a.dispose();

    // Restart on the same data folder and keychain.
    const b = await open(dataDir);
    const again = await b.call('auth.status', {});
    if (storage === 'keychain') {
      expect(again.user?.username).toBe(env.OWNER_UPN);
    } else if (process.env.CI === 'true') {
      throw new Error(
        'No OS keychain answered; run under scripts/with-keyring.sh (apt-get install dbus gnome-keyring).',
      );
    } else {
      // Session store only: the sign-in lived in memory and is gone after the restart, as it must be.
      console.warn('[signed-in-user.test] no OS keychain: restart checked with the session store only');
      expect(again.user).toBeNull();
      // Session secrets are gone too: give the database password again, then sign in again.
      await b.call('secrets.set', { profileId, name: 'PG_PASSWORD', value: servers.secrets.PG_PASSWORD });
      expect((await b.call('auth.signIn', {})).user?.username).toBe(env.OWNER_UPN);
    }

    // Sign out: the keychain entry goes, and a run is refused with FABRIC_AUTH.
    const out = await b.call('auth.signOut', {});
    expect(out.user).toBeNull();
    const refused = await b.dispatch('runs.start', { inputPath: SAMPLE_INPUT });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FABRIC_AUTH');
    if (!refused.ok) expect(refused.error.message).toBe('You are not signed in to Microsoft Fabric.');
    await b.dispose();

    // The sign-out is remembered: a restart finds nobody signed in.
    const c = await open(dataDir);
    expect((await c.call('auth.status', {})).user).toBeNull();
  }, 300_000);
});
