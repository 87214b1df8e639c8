import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ChannelInput } from '../../src/shared/contract';
import type { Call } from './composed-app';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
import { startPostgres, type TestPostgres } from './pg';

// The two servers a Fabric profile talks to, as separate things a test can take away and bring back at the
// same addresses: the standalone emulator (its own process) and a PostgreSQL server of the test's own (not
// the global one other tests share). The profile trusts the emulator's certificate from a file chosen once,
// as a user does for a corporate CA; a restarted emulator makes a new certificate, so that file is renewed
// (a real server keeps its own).

export interface FabricServers {
  lakehouseDir: string;
  caPath: string;
  postgres: TestPostgres;
  emulator: () => EmulatorProcess;
  secrets: { FABRIC_CLIENT_SECRET: string; PG_PASSWORD: string };
  /** profiles.save input for a Fabric profile aimed at both servers, with the secrets its auth mode needs */
  profileInput(options?: {
    name?: string;
    authMode?: 'client-credentials' | 'signed-in-user';
  }): ChannelInput<'profiles.save'>;
  /** saves a Fabric profile aimed at both servers (secrets included) and makes it the active one */
  saveProfile(call: Call, name?: string): Promise<string>;
  /** SIGKILL the emulator and stop PostgreSQL */
  takeAway(): Promise<void>;
  /** both back on their old ports with their old data */
  bringBack(): Promise<void>;
  /** a Completed run written straight into the database, as another analyst's portal would */
  insertRunByAnotherAnalyst(requestedBy: string): Promise<string>;
  dispose(): Promise<void>;
}

export async function startFabricServers(options: { speed?: number } = {}): Promise<FabricServers> {
  const base = mkdtempSync(join(tmpdir(), 'portal-fabric-servers-'));
  const lakehouseDir = join(base, 'lakehouse');
  const caPath = join(base, 'emulator-ca.pem');
  const speed = options.speed ?? 10;
  let emulator: EmulatorProcess | null = null;
  let postgres: TestPostgres | null = null;
  try {
    [postgres, emulator] = await Promise.all([
      startPostgres({ maxConnections: 50 }),
      startEmulatorProcess({ lakehouseDir, speed }),
    ]);
  } catch (e) {
    await emulator?.kill();
    await postgres?.dispose();
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(caPath, emulator.caCertPem());
  const env = emulator.env;
  const server = postgres;
  const secrets = {
    FABRIC_CLIENT_SECRET: env.FABRIC_CLIENT_SECRET,
    PG_PASSWORD: new URL(server.url).password,
  };
  const servers: FabricServers = {
    lakehouseDir,
    caPath,
    postgres: server,
    emulator: () => emulator!,
    secrets,
    profileInput(options = {}) {
      const signedIn = options.authMode === 'signed-in-user';
      return {
        profile: {
          name: options.name ?? 'Emulated Fabric',
          ...(options.authMode ? { authMode: options.authMode } : {}),
          tenantId: env.FABRIC_TENANT_ID,
          clientId: env.FABRIC_CLIENT_ID,
          workspaceId: env.FABRIC_WORKSPACE_ID,
          pipelineId: env.FABRIC_PIPELINE_ID,
          lakehouseId: env.FABRIC_LAKEHOUSE_ID,
          ownerUpn: env.OWNER_UPN,
          ownerObjectId: env.OWNER_OBJECT_ID,
          endpoints: {
            authorityUrl: env.FABRIC_AUTHORITY_URL,
            fabricApiUrl: env.FABRIC_API_URL,
            onelakeUrl: env.ONELAKE_URL,
            caCertPath: caPath,
          },
          postgres: {
            host: '127.0.0.1',
            port: server.port,
            database: 'postgres',
            user: 'postgres',
            sslMode: 'disable',
          },
        },
        // a signed-in user needs no client secret
        secrets: signedIn ? { PG_PASSWORD: secrets.PG_PASSWORD } : secrets,
      };
    },
    async saveProfile(call, name = 'Emulated Fabric') {
      const saved = await call('profiles.save', servers.profileInput({ name }));
      await call('profiles.activate', { id: saved.profile.id });
      return saved.profile.id;
    },
    async takeAway() {
      await emulator!.kill();
      await server.stop();
    },
    async bringBack() {
      emulator = await startEmulatorProcess({ lakehouseDir, port: emulator!.port, speed });
      writeFileSync(caPath, emulator.caCertPem());
      await server.start();
    },
    async insertRunByAnotherAnalyst(requestedBy) {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ run_id: string }>(
          `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host,
                                             status, created_at, started_at, finished_at)
           VALUES (gen_random_uuid(), 'Files/import/sales_orders_fact.xlsx', 'sales_orders_fact.xlsx', $1,
                   'LAPTOP-OTHER', 'Completed', now(), now(), now())
           RETURNING run_id`,
          [requestedBy],
        );
        return rows[0]!.run_id;
      } finally {
        await client.end();
      }
    },
    async dispose() {
      await emulator?.kill();
      await server.dispose().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
  return servers;
}
