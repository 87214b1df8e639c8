import { describe, expect, it } from 'vitest';
import { pendingAfter } from '../../../src/main/db/migrate';
import { migrationChecksum, migrationLabel, type Migration } from '../../../src/main/db/migration';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { AppError } from '../../../src/shared/contract/errors';

const m1: Migration = { version: 1, name: 'init', sql: 'CREATE TABLE a (id int);\n' };
const m2: Migration = { version: 2, name: 'more', sql: 'CREATE TABLE b (id int);\n' };
const row = (m: Migration, checksum = migrationChecksum(m)) => ({
  version: m.version,
  name: m.name,
  checksum,
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('migration plan', () => {
  it('returns what is not applied yet, in order', () => {
    expect(pendingAfter([], [m1, m2])).toEqual([m1, m2]);
    expect(pendingAfter([row(m1)], [m1, m2])).toEqual([m2]);
    expect(pendingAfter([row(m1), row(m2)], [m1, m2])).toEqual([]);
  });

  it('refuses a database newer than the app, telling the user to update', () => {
    const e = refusal(() => pendingAfter([row(m1), row(m2)], [m1]));
    expect(e.code).toBe('DB_SCHEMA');
    expect(e.message).toContain('schema version 2, newer than this portal knows (1)');
    expect(e.hint).toContain('Update the portal');
  });

  it('refuses an applied migration whose text changed', () => {
    const e = refusal(() => pendingAfter([row(m1, 'deadbeef')], [m1, m2]));
    expect(e.code).toBe('DB_SCHEMA');
    expect(e.message).toContain('0001_init was changed after it was applied');
  });

  it('refuses a history with a hole', () => {
    const m3: Migration = { version: 3, name: 'c', sql: 'SELECT 1' };
    const e = refusal(() => pendingAfter([row(m1), row(m3)], [m1, m2, m3]));
    expect(e.message).toContain('skipped a migration before version 3');
  });

  it('checksums ignore CRLF line endings but nothing else', () => {
    const crlf = { ...m1, sql: m1.sql.replace(/\n/g, '\r\n') };
    expect(migrationChecksum(crlf)).toBe(migrationChecksum(m1));
    expect(migrationChecksum({ ...m1, sql: m1.sql + ' ' })).not.toBe(migrationChecksum(m1));
    expect(migrationLabel(m2)).toBe('0002_more');
  });

  it('ships consecutive migrations whose SQL never contains a template hole', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.sql).not.toContain('${');
      expect(m.name).toMatch(/^[a-z0-9_]+$/);
    });
  });
});
