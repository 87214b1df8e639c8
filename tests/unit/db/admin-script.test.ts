import { describe, expect, it } from 'vitest';
import { buildAdminScript } from '../../../src/main/db/admin-script';
import { migrationChecksum } from '../../../src/main/db/migration';
import { MIGRATIONS } from '../../../src/main/db/migrations';

describe('admin script', () => {
  it('wraps every migration with its checksum in one transaction', () => {
    const sql = buildAdminScript(MIGRATIONS);
    expect(sql.startsWith('-- Fabric Data Portal')).toBe(true);
    expect(sql).toMatch(/^BEGIN;$/m);
    expect(sql.trimEnd().endsWith('COMMIT;')).toBe(true);
    for (const m of MIGRATIONS) {
      expect(sql).toContain(m.sql);
      expect(sql).toContain(`'${migrationChecksum(m)}'`);
    }
    expect(sql).not.toContain('GRANT');
  });

  it('adds owner and grants only for plain role names', () => {
    const sql = buildAdminScript(MIGRATIONS, { owner: 'portal_owner', grantTo: 'portal_app' });
    expect(sql).toContain('SET LOCAL ROLE "portal_owner";');
    expect(sql).toContain('GRANT SELECT, INSERT ON public.run_events, public.run_restores TO "portal_app";');
    expect(sql).not.toMatch(/GRANT [^;]*UPDATE[^;]*run_lock/);
    expect(() => buildAdminScript(MIGRATIONS, { grantTo: 'x; DROP TABLE y' })).toThrow(
      /not a plain PostgreSQL role/,
    );
  });
});
