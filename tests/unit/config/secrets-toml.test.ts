import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/contract/errors';
import { draftToProfileFields } from '../../../src/main/config/config-keys';
import { fromEnv, parseSecretsToml } from '../../../src/main/config/secrets-toml';

const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;

const FLAT = `
FABRIC_TENANT_ID = "${G(1)}"
FABRIC_CLIENT_ID = "${G(2)}"
FABRIC_CLIENT_SECRET = "cs~secret-value"
FABRIC_WORKSPACE_ID = "${G(3)}"
FABRIC_PIPELINE_ID = "${G(4)}"
FABRIC_LAKEHOUSE_ID = "${G(5)}"
OWNER_UPN = "ana@contoso.com"
OWNER_OBJECT_ID = "${G(6)}"
PG_HOST = "db.contoso.com"
PG_PORT = 5433
PG_DATABASE = "portal"
PG_USER = "portal_app"
PG_PASSWORD = "pg-secret-value"
`;

const EXPECTED_DRAFT = {
  name: 'Imported from secrets.toml',
  tenantId: G(1),
  clientId: G(2),
  workspaceId: G(3),
  pipelineId: G(4),
  lakehouseId: G(5),
  ownerUpn: 'ana@contoso.com',
  ownerObjectId: G(6),
  postgres: { host: 'db.contoso.com', port: '5433', database: 'portal', user: 'portal_app' },
};

function expectTomlError(content: string): Error {
  try {
    parseSecretsToml(content);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected parseSecretsToml to throw');
}

describe('parseSecretsToml', () => {
  it('reads the flat top-level form with no warnings', () => {
    const r = parseSecretsToml(FLAT);
    expect(r.draft).toEqual(EXPECTED_DRAFT);
    expect(r.secrets).toEqual({ FABRIC_CLIENT_SECRET: 'cs~secret-value', PG_PASSWORD: 'pg-secret-value' });
    expect(r.warnings).toEqual([]);
    // The draft completes into a valid profile.
    expect(draftToProfileFields(r.draft, 'the test').postgres.port).toBe(5433);
  });

  it('reads [fabric] and [postgres] sections with lowercase keys', () => {
    const r = parseSecretsToml(`
[fabric]
tenant_id = "${G(1)}"
Client-ID = "${G(2)}"
client_secret = "cs~secret-value"
workspace_id = "${G(3)}"
pipeline_id = "${G(4)}"
lakehouse_id = "${G(5)}"
owner_upn = "ana@contoso.com"
owner_object_id = "${G(6)}"

[postgres]
host = "db.contoso.com"
port = 5433
database = "portal"
user = "portal_app"
password = "pg-secret-value"
`);
    expect(r.draft).toEqual(EXPECTED_DRAFT);
    expect(r.secrets.PG_PASSWORD).toBe('pg-secret-value');
    expect(r.warnings).toEqual([]);
  });

  it("reads Streamlit's [connections.*] sections, including a postgresql url", () => {
    const r = parseSecretsToml(`
[connections.fabric]
FABRIC_TENANT_ID = "${G(1)}"
client_id = "${G(2)}"

[connections.postgresql]
dialect = "postgresql"
url = "postgresql+psycopg2://portal_app:p%40ss@db.contoso.com:6432/portal?sslmode=verify-full"
`);
    expect(r.draft.tenantId).toBe(G(1));
    expect(r.draft.clientId).toBe(G(2));
    expect(r.draft.postgres).toEqual({
      host: 'db.contoso.com',
      port: '6432',
      database: 'portal',
      user: 'portal_app',
      sslMode: 'verify-full',
    });
    expect(r.secrets.PG_PASSWORD).toBe('p@ss');
    expect(r.warnings.join('\n')).not.toMatch(/dialect/);
  });

  it('warns about unknown keys and missing required keys', () => {
    const r = parseSecretsToml(
      `FABRIC_TENANT_ID = "${G(1)}"\nSTREAMLIT_THEME = "dark"\n[misc]\nhost = "x"\n`,
    );
    expect(r.warnings).toContain('Unknown key "STREAMLIT_THEME" in the top level was ignored.');
    expect(r.warnings).toContain('Unknown key "host" in [misc] was ignored.');
    for (const key of [
      'FABRIC_CLIENT_ID',
      'FABRIC_CLIENT_SECRET',
      'FABRIC_WORKSPACE_ID',
      'PG_HOST',
      'PG_PASSWORD',
    ]) {
      expect(r.warnings).toContain(`${key} was not found; fill it in before saving.`);
    }
    expect(r.warnings.join('\n')).not.toContain('OWNER_UPN');
  });

  it('warns about invalid values by the key the user wrote, without quoting secrets', () => {
    const r = parseSecretsToml(
      `FABRIC_TENANT_ID = "not-a-guid"\nPG_PORT = 99999\nFABRIC_API_URL = "http://api"\nPG_PASSWORD = "pw-one"\n[postgres]\npassword = "pw-two"\n`,
    );
    const text = r.warnings.join('\n');
    expect(text).toContain('FABRIC_TENANT_ID: Tenant ID must be a GUID');
    expect(text).toContain('PG_PORT: PostgreSQL port must be between 1 and 65535');
    expect(text).toContain('FABRIC_API_URL: Fabric API URL must be an https:// URL');
    expect(text).toContain('PG_PASSWORD is given in both the top level and [postgres] with different values');
    expect(text).not.toContain('pw-one');
    expect(text).not.toContain('pw-two');
    expect(r.secrets.PG_PASSWORD).toBe('pw-one');
  });

  it('rejects invalid TOML with the line and column and without echoing the file', () => {
    const e = expectTomlError('FABRIC_TENANT_ID = "ok"\nFABRIC_CLIENT_SECRET = "unterminated-secret\n');
    expect(isAppError(e) && e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/line 2, column \d+/);
    expect(e.message).not.toContain('unterminated-secret');
  });

  it('rejects a file over 64 KB', () => {
    const e = expectTomlError(`# ${'x'.repeat(70_000)}\n`);
    expect(e.message).toMatch(/at most 64 KB/);
  });

  it('flags non-text values', () => {
    const r = parseSecretsToml('PG_HOST = ["a", "b"]\n');
    expect(r.warnings).toContain('PG_HOST in the top level must be text; it was ignored.');
  });
});

describe('fromEnv', () => {
  it('builds the same draft from environment variables, with endpoint overrides', () => {
    const r = fromEnv({
      FABRIC_TENANT_ID: G(1),
      FABRIC_CLIENT_ID: G(2),
      FABRIC_CLIENT_SECRET: 'cs',
      FABRIC_WORKSPACE_ID: G(3),
      FABRIC_PIPELINE_ID: G(4),
      FABRIC_LAKEHOUSE_ID: G(5),
      FABRIC_AUTHORITY_URL: 'https://127.0.0.1:8443',
      FABRIC_API_URL: 'https://127.0.0.1:8443/v1',
      ONELAKE_URL: 'https://127.0.0.1:8443',
      FABRIC_CA_CERT: '/tmp/emu/ca.pem',
      PG_HOST: 'localhost',
      PGPORT: '5444',
      PG_DATABASE: 'portal',
      PGUSER: 'me',
      PGPASSWORD: 'libpq-pw',
      HOME: '/root',
    });
    expect(r.warnings).toEqual([]);
    expect(r.secrets).toEqual({ FABRIC_CLIENT_SECRET: 'cs', PG_PASSWORD: 'libpq-pw' });
    const fields = draftToProfileFields(r.draft, 'the environment');
    expect(fields.endpoints).toEqual({
      authorityUrl: 'https://127.0.0.1:8443',
      fabricApiUrl: 'https://127.0.0.1:8443/v1',
      onelakeUrl: 'https://127.0.0.1:8443',
      caCertPath: '/tmp/emu/ca.pem',
    });
    expect(fields.postgres).toEqual({
      host: 'localhost',
      port: 5444,
      database: 'portal',
      user: 'me',
      sslMode: 'require',
    });
  });

  it('prefers PG_* over the libpq names and reports what is missing', () => {
    const r = fromEnv({ PG_HOST: 'a', PGHOST: 'b', FABRIC_AUTH_MODE: 'robot' });
    expect(r.draft.postgres?.host).toBe('a');
    expect(r.warnings).toContain('FABRIC_TENANT_ID was not found; fill it in before saving.');
    expect(r.warnings).toContain(
      'FABRIC_AUTH_MODE must be client-credentials or signed-in-user; it was ignored.',
    );
    expect(() => draftToProfileFields(r.draft, 'the environment')).toThrow(/Tenant ID is required/);
  });
});
