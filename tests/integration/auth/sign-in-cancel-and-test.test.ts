import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest } from '../../../src/shared/contract/diagnostics';
import { DEMO_PROFILE_ID } from '../../../src/shared/contract/settings';
import { composeTestApp, type TestApp } from '../../support/composed-app';
import { startFabricServers, type FabricServers } from '../../support/fabric-servers';
import { completeSignIn } from '../../support/fake-sign-in-browser';
import { until } from '../runs/harness';

// A signed-in-user profile through the composed app with real MSAL against the standalone emulator:
// Settings' Test connection uses the saved sign-in silently (never a sign-in page), and Cancel sign-in ends
// the wait for an abandoned page at once, closing MSAL's loopback listener. The test plays the browser the
// app asks to open (auth.openUrl): first one that never comes back, then one that signs in.

let servers: FabricServers;
let app: TestApp;
let profileId: string;
const opened: string[] = [];
let browser: 'abandons the page' | 'signs in' = 'abandons the page';

beforeAll(async () => {
  servers = await startFabricServers();
  app = await composeTestApp({ tempPrefix: 'portal-sign-in-cancel-' });
  app.app.events.on('auth.openUrl', ({ url }) => {
    opened.push(url);
    if (browser === 'signs in') void completeSignIn(url, servers.emulator().caCertPem());
  });
  const saved = await app.call(
    'profiles.save',
    servers.profileInput({ name: 'Fabric as me', authMode: 'signed-in-user' }),
  );
  profileId = saved.profile.id;
  await app.call('profiles.activate', { id: profileId });
}, 180_000);

afterAll(async () => {
  await app?.dispose();
  await servers?.dispose();
});

const statusOf = (t: ConnectionTest) => Object.fromEntries(t.results.map((r) => [r.part, r.status]));
const part = (t: ConnectionTest, name: string) => t.results.find((r) => r.part === name);

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('signed-in-user profile: test connection and cancel sign-in (emulator, real MSAL)', () => {
  it('without a sign-in, the token part says so, the Fabric parts are not tried, no page opens', async () => {
    // auth.status answers once the profile's backend is open (and has migrated the database).
    expect(await app.call('auth.status', {})).toMatchObject({ user: null, signingIn: false });
    const t = await app.call('profiles.testConnection', { profileId });
    expect(statusOf(t)).toEqual({
      token: 'error',
      pipeline: 'skipped',
      lakehouse: 'skipped',
      database: 'ok',
      schema: 'ok',
    });
    expect(part(t, 'token')?.message).toBe('Not signed in: use Sign in above.');
    expect(part(t, 'token')?.hint).toMatch(/Sign in/);
    expect(part(t, 'pipeline')?.message).toMatch(/Not tried: it needs a token/);
    // The Diagnostics page's checks of the active profile say the same.
    const checks = Object.fromEntries(
      (await app.call('diagnostics.run', {})).checks.map((c) => [c.id, c.status]),
    );
    expect(checks).toMatchObject({
      token: 'error',
      trigger: 'skipped',
      importFiles: 'skipped',
      database: 'ok',
    });
    expect(opened).toEqual([]);
  }, 120_000);

  it('Cancel sign-in closes the loopback listener at once; a second sign-in succeeds', async () => {
    const signingIn = app.dispatch('auth.signIn', {});
    await until(async () => opened.length === 1, 'the sign-in page to be opened', 30_000);
    const redirect = new URL(new URL(opened[0]!).searchParams.get('redirect_uri') ?? '');
    const port = Number(redirect.port);
    expect(await accepts(port)).toBe(true);
    const waiting = await app.call('auth.status', {});
    expect(waiting.signingIn).toBe(true);
    expect(waiting.signInStartedAt).not.toBeNull();

    const after = await app.call('auth.cancelSignIn', {});
    expect(after).toMatchObject({ signingIn: false, signInStartedAt: null, user: null });
    expect(await accepts(port)).toBe(false);
    const refused = await signingIn;
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toMatchObject({ code: 'CANCELLED', message: 'Sign-in cancelled.' });

    browser = 'signs in';
    const signedIn = await app.call('auth.signIn', {});
    expect(signedIn.user?.username).toBe(servers.emulator().env.OWNER_UPN);
    expect(opened).toHaveLength(2);
  }, 120_000);

  it('with the sign-in, Test connection passes every part as the signed-in user, without a page', async () => {
    const t = await app.call('profiles.testConnection', { profileId });
    const upn = servers.emulator().env.OWNER_UPN;
    expect(statusOf(t)).toEqual({
      token: 'ok',
      pipeline: 'ok',
      lakehouse: expect.stringMatching(/^(ok|warning)$/) as unknown,
      database: 'ok',
      schema: 'ok',
    });
    expect(part(t, 'token')?.message).toContain(`as ${upn}`);
    expect(part(t, 'pipeline')?.message).toContain(upn);
    const checks = (await app.call('diagnostics.run', {})).checks;
    expect(checks.find((c) => c.id === 'token')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining(upn) as unknown,
    });
    expect(checks.find((c) => c.id === 'trigger')?.status).toBe('ok');
    expect(opened).toHaveLength(2);
  }, 120_000);

  it('a signed-in profile that is not the active one is tested with its saved sign-in too', async () => {
    // Its own MSAL clients over the profile's keychain entry (the running backend is the Demo one now).
    await app.call('profiles.activate', { id: DEMO_PROFILE_ID });
    const t = await app.call('profiles.testConnection', { profileId });
    expect(statusOf(t)).toMatchObject({ token: 'ok', pipeline: 'ok', database: 'ok', schema: 'ok' });
    expect(part(t, 'lakehouse')?.status).toMatch(/^(ok|warning)$/);
    expect(part(t, 'token')?.message).toContain(servers.emulator().env.OWNER_UPN);
    expect(opened).toHaveLength(2);
  }, 120_000);
});
