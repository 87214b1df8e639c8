// Run as a child process with DBUS_SESSION_BUS_ADDRESS pointing nowhere (the keychain library keeps its
// D-Bus connection for the life of the process, so the fallback cannot be shown inside the test process).
// Usage: node --import tsx session-fallback.ts <dataDir>; the secret comes in FIXTURE_SECRET.
import { createConfigServices } from '../../../../src/main/config';
import { createLogger } from '../../../../src/main/log/logger';
import { Redactor } from '../../../../src/main/log/redact';

const dataDir = process.argv[2]!;
const secret = process.env.FIXTURE_SECRET!;
const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;

const redactor = new Redactor();
const logger = createLogger({ dataDir, redactor });
const config = await createConfigServices({ dataDir, logger, redactor, keychainTimeoutMs: 3_000 });
const { profile, secrets } = await config.settings.saveProfile({
  profile: {
    name: 'Fallback',
    tenantId: G(1),
    clientId: G(2),
    workspaceId: G(3),
    pipelineId: G(4),
    lakehouseId: G(5),
    postgres: { host: 'db', database: 'd', user: 'u' },
  },
  secrets: { PG_PASSWORD: secret },
});
const readBack = await config.secrets.get(profile.id, 'PG_PASSWORD');
logger.error(`login failed for postgres with ${secret}`);
logger.close();
process.stdout.write(
  JSON.stringify({ status: config.secrets.status(), secrets, readBackMatches: readBack === secret }) + '\n',
);
