import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePaths, checkRunId, profileFolder } from '../../../src/main/artifacts/cache-paths';
import { dayToIso, isoToDay } from '../../../src/main/artifacts/columns';

describe('cache paths', () => {
  it('uses safe profile ids as folder names and hashes the others, never colliding with the special areas', () => {
    expect(profileFolder('demo')).toBe('demo');
    expect(profileFolder('Prod_EU-1')).toBe('Prod_EU-1');
    for (const id of ['../etc', '@bundles', '.staging', 'a/b', 'x'.repeat(65), 'Ünïcode']) {
      const folder = profileFolder(id);
      expect(folder, id).toMatch(/^p-[0-9a-f]{16}$/);
    }
    expect(profileFolder('../etc')).not.toBe(profileFolder('../etd'));
  });

  it('refuses run ids that could leave the cache folder', () => {
    const p = cachePaths('/data');
    expect(p.run('demo', 'c0ffee00-0000-4000-8000-000000000000')).toBe(
      join('/data', 'cache', 'demo', 'c0ffee00-0000-4000-8000-000000000000'),
    );
    expect(p.bundleRun('abc')).toBe(join('/data', 'cache', '@bundles', 'abc'));
    for (const bad of ['..', '../x', 'a/b', 'a\\b', '', '.hidden', 'x'.repeat(129)]) {
      expect(() => checkRunId(bad), bad).toThrow(/is not a valid run id/);
    }
  });
});

describe('date values', () => {
  it('round-trips days and refuses impossible dates', () => {
    expect(dayToIso(0)).toBe('1970-01-01');
    expect(dayToIso(19_723)).toBe('2024-01-01');
    expect(isoToDay('2024-01-01')).toBe(19_723);
    expect(isoToDay('1969-12-31')).toBe(-1);
    expect(isoToDay('2024-02-30')).toBeNull();
    expect(isoToDay('2024-1-1')).toBeNull();
    expect(isoToDay('yesterday')).toBeNull();
  });
});
