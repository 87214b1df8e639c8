import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import { useRestartApps, withoutOffline } from '../../support/restart-apps';
import { SAMPLE_INPUT, until } from '../runs/harness';

// A Fabric profile whose client secret IS stored but Entra ID refuses it (a wrong or rotated secret): the
// emulator answers invalid_client AADSTS7000215 through real MSAL over HTTPS. The app says "Signed out" with
// the profile and Entra's words, answers reads from the offline copy, refuses actions with the credential
// error, and reconnects by itself once the right secret is stored. Entra being away (503 AADSTS90033) is not
// a refusal: the app stays online.

const PROFILE = 'Contoso (rotated secret)';
const WRONG = 'the-secret-id-not-its-value';
const REFUSED = new RegExp(
  `^Entra ID refused the client secret of profile "${PROFILE.replace(/[()]/g, '\\$&')}" \\(AADSTS7000215: Invalid client secret provided\\. `,
);

const { open, tempDir, startServers } = useRestartApps();

describe('a Fabric profile whose client secret Entra ID refuses', () => {
  it('says Signed out with Entra’s reason, reads from the copy, and reconnects with the right secret', async () => {
    const servers = await startServers();
    const { secrets } = servers;
    const dataDir = tempDir('portal-secret-refused-');

    // ---- online with the right secret: a run in the history, listed (so kept for offline use)
    const a = await open(dataDir);
    const profileId = await servers.saveProfile(a.call, PROFILE);
    const storage = (await a.call('config.keychainStatus', {})).storage;
    await a.call('runs.list', {}); // the backend is open and the schema migrated
    const first = await servers.insertRunByAnotherAnalyst('alice (this laptop)');
    const online = {
      list: await a.call('runs.list', {}),
      run: await a.call('runs.get', { runId: first }),
    };
    expect(online.list.runs.map((r) => r.runId)).toEqual([first]);
    expect((await a.call('connectivity.status', {})).online).toBe(true);

    // ---- a wrong secret stored while online: Signed out at once, before any page asks
    const aChanges: EventPayload<'connectivity.changed'>[] = [];
    a.app.events.on('connectivity.changed', (s) => aChanges.push(s));
    await a.call('secrets.set', { profileId, name: 'FABRIC_CLIENT_SECRET', value: WRONG });
    const signedOutLive = await until(
      async () => aChanges.find((s) => s.cause === 'credentials'),
      'the app to say signed out after a refused secret is stored',
      30_000,
    );
    expect(signedOutLive).toMatchObject({ online: false, fabric: 'unreachable' });
    expect(signedOutLive.reason).toMatch(REFUSED);
    await a.dispose();

    // ---- the app starts again with the refused secret stored; both servers are up
    const refusedTokens = async (): Promise<number> =>
      (
        (await servers.emulator().admin('GET', '/_emulator/requests?service=token&status=401')).json as {
          count: number;
        }
      ).count;
    const refusedBefore = await refusedTokens();
    const b = await open(dataDir);
    const changes: EventPayload<'connectivity.changed'>[] = [];
    b.app.events.on('connectivity.changed', (s) => changes.push(s));
    if (storage === 'session') {
      // Without an OS keychain secrets last one session: the same two are entered again.
      await b.call('secrets.set', { profileId, name: 'PG_PASSWORD', value: secrets.PG_PASSWORD });
      await b.call('secrets.set', { profileId, name: 'FABRIC_CLIENT_SECRET', value: WRONG });
    }
    expect(
      (await b.call('secrets.status', { profileId })).find((s) => s.name === 'FABRIC_CLIENT_SECRET')?.isSet,
    ).toBe(true);

    const list = await b.call('runs.list', {});
    expect(list.offline).toBeDefined();
    expect(withoutOffline(list)).toEqual(withoutOffline(online.list));
    expect(withoutOffline(await b.call('runs.get', { runId: first }))).toEqual(online.run);
    const signedOut = await b.call('connectivity.status', {});
    expect(signedOut).toMatchObject({ online: false, cause: 'credentials', fabric: 'unreachable' });
    expect(signedOut.reason).toMatch(REFUSED);
    expect(signedOut.reason).not.toContain(WRONG);
    expect(signedOut.reason).not.toMatch(/Trace ID|Correlation ID/);
    const health = await b.call('app.health', {});
    expect(health.fabric.status).toBe('down');
    expect(health.fabric.message).toMatch(REFUSED);

    for (const [channel, input] of [
      ['runs.start', { inputPath: SAMPLE_INPUT }],
      ['runs.cancel', { runId: first }],
      ['runs.restore', { runId: first }],
    ] as const) {
      await expect(b.call(channel, input as never)).rejects.toMatchObject({
        code: 'FABRIC_AUTH',
        message: expect.stringMatching(REFUSED),
        hint: expect.stringMatching(/^Store a new secret in Settings → Profiles/),
      });
    }
    // still signed out after the reconnect loop's own probes (each asks Entra again)
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await b.call('connectivity.status', {})).cause).toBe('credentials');

    // Each open attempt asks Entra once (a refusal is not retried); the count shows no loop hammering it.
    const asked = (await refusedTokens()) - refusedBefore;
    console.info(`[secret refused] ${asked} refused token requests while signed out`);
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(15);

    // ---- another analyst records a run meanwhile; then the right secret is stored in Settings
    const second = await servers.insertRunByAnotherAnalyst('bob (other laptop)');
    await b.call('secrets.set', {
      profileId,
      name: 'FABRIC_CLIENT_SECRET',
      value: secrets.FABRIC_CLIENT_SECRET,
    });
    const back = await until(
      async () => changes.find((s) => s.online && s.database === 'reachable'),
      'the app to reconnect once the right secret is stored',
      60_000,
    );
    expect(back).toMatchObject({ online: true, reason: null });
    expect(back.cause).toBeUndefined();
    const after = await b.call('runs.list', {});
    expect(after.offline).toBeUndefined();
    expect(after.runs.map((r) => r.runId)).toEqual([second, first]);
    await until(
      async () => (await b.call('app.health', {})).fabric.status === 'ok',
      'the Fabric health to say signed in',
      30_000,
    );

    // ---- Entra away (503 AADSTS90033 on every token request): the backend reopens, and the app stays
    // online and does not say signed out; the Fabric health says why Fabric is down
    expect(
      await servers.emulator().admin('POST', '/_emulator/faults', {
        service: 'token',
        method: 'POST',
        times: 'always',
        action: { kind: 'status', status: 503 },
      }),
    ).toMatchObject({ status: 201 });
    const seenBefore = changes.length;
    await b.call('secrets.set', {
      profileId,
      name: 'FABRIC_CLIENT_SECRET',
      value: secrets.FABRIC_CLIENT_SECRET,
    });
    const down = await until(
      async () => {
        const h = await b.call('app.health', {});
        return h.fabric.status === 'down' ? h.fabric : undefined;
      },
      'the Fabric health to report Entra answering 503',
      90_000,
    );
    // With the status when MSAL passes it on (it does not on every path).
    expect(down.message).toMatch(
      /Entra ID could not issue a sign-in token right now \((503 )?.*AADSTS90033\)\.$/,
    );
    expect(down.message).not.toMatch(/\(90033 /);
    const during = await b.call('connectivity.status', {});
    expect(during).toMatchObject({ online: true, reason: null });
    expect(during.cause).toBeUndefined();
    expect(changes.slice(seenBefore).some((s) => s.cause === 'credentials')).toBe(false);
    expect((await b.call('runs.list', {})).offline).toBeUndefined();
    expect(await servers.emulator().admin('DELETE', '/_emulator/faults')).toMatchObject({ status: 204 });

    for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const)
      await b.call('secrets.clear', { profileId, name });
  }, 600_000);

  it('says Signed out when Entra refuses the secret while the app runs (it expired), and reconnects', async () => {
    const servers = await startServers();
    const dataDir = tempDir('portal-secret-expired-');
    const a = await open(dataDir);
    const profileId = await servers.saveProfile(a.call, PROFILE);
    expect((await a.call('runs.list', {})).offline).toBeUndefined();
    expect((await a.call('files.list', {})).files.length).toBeGreaterThan(0);

    // The secret expires while the app runs: Entra refuses it from now on, and the tokens the app holds
    // run out, so the next Fabric call asks Entra again.
    const admin = servers.emulator().admin;
    expect(
      await admin('POST', '/_emulator/faults', {
        service: 'token',
        method: 'POST',
        times: 'always',
        action: {
          kind: 'status',
          status: 401,
          errorCode: 'invalid_client',
          message: `The provided client secret keys for app '${servers.emulator().env.FABRIC_CLIENT_ID}' are expired.`,
        },
      }),
    ).toMatchObject({ status: 201 });
    expect(await admin('POST', '/_emulator/tokens/expire')).toMatchObject({ status: 204 });
    await expect(a.call('files.list', {})).rejects.toMatchObject({
      code: 'FABRIC_AUTH',
      message: expect.stringMatching(/^Entra ID refused the credentials of profile "Contoso/),
    });
    const out = await until(
      async () => {
        const s = await a.call('connectivity.status', {});
        return s.cause === 'credentials' ? s : undefined;
      },
      'the app to say Signed out after the refusal',
      60_000,
    );
    expect(out).toMatchObject({ online: false, reason: expect.stringMatching(/are expired/) });
    expect((await a.call('runs.list', {})).offline).toBeDefined();
    await expect(a.call('runs.start', { inputPath: SAMPLE_INPUT })).rejects.toMatchObject({
      code: 'FABRIC_AUTH',
    });

    // A renewed secret (Entra accepts again) stored in Settings: back online by itself.
    expect(await admin('DELETE', '/_emulator/faults')).toMatchObject({ status: 204 });
    await a.call('secrets.set', {
      profileId,
      name: 'FABRIC_CLIENT_SECRET',
      value: servers.secrets.FABRIC_CLIENT_SECRET,
    });
    await until(
      async () => (await a.call('connectivity.status', {})).online,
      'the app to reconnect with the renewed secret',
      60_000,
    );
    expect((await a.call('runs.list', {})).offline).toBeUndefined();
    expect((await a.call('files.list', {})).files.length).toBeGreaterThan(0);
    for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const)
      await a.call('secrets.clear', { profileId, name });
  }, 300_000);
});
