import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUiStateStore } from '../../../src/main/ui-state/store';
import { DEFAULT_UI_STATE, UiStateSchema } from '../../../src/shared/contract/ui';

describe('ui-state store', () => {
  let dir: string;
  let file: string;
  let warnings: string[];
  const make = () =>
    createUiStateStore({
      filePath: file,
      warn: (m) => warnings.push(m),
      now: () => new Date('2026-01-02T03:04:05Z'),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ui-state-'));
    file = join(dir, 'ui-state.json');
    warnings = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts with the defaults when no file exists, and writes nothing until something changes', async () => {
    expect(await make().get()).toEqual(DEFAULT_UI_STATE);
    expect(await readdir(dir)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('remembers the last page, colour scheme and preferences across store instances (restarts)', async () => {
    const first = make();
    await first.update({ lastPage: 'archive', colorScheme: 'dark' });
    await first.update({ prefs: { archive: { status: 'failed', sort: 'startedAt:desc' } } });
    const reloaded = await make().get();
    expect(reloaded).toEqual({
      lastPage: 'archive',
      colorScheme: 'dark',
      prefs: { archive: { status: 'failed', sort: 'startedAt:desc' } },
    });
    expect(UiStateSchema.parse(JSON.parse(await readFile(file, 'utf8')))).toEqual(reloaded);
  });

  it('merges preferences key by key and forgets a key set to null', async () => {
    const store = make();
    await store.update({ prefs: { archive: { status: 'failed' }, results: { chart: 'bar' } } });
    const after = await store.update({ prefs: { archive: { sort: 'name', status: null } } });
    expect(after.prefs).toEqual({ archive: { sort: 'name' }, results: { chart: 'bar' } });
  });

  it('applies concurrent updates in call order and leaves no temp files behind', async () => {
    const store = make();
    const pages = ['monitor', 'results', 'archive', 'settings', 'diagnostics'] as const;
    await Promise.all(pages.map((lastPage) => store.update({ lastPage })));
    expect((await make().get()).lastPage).toBe('diagnostics');
    expect(await readdir(dir)).toEqual(['ui-state.json']);
  });

  it('refuses a merge that would keep more than 32 preferences on one page, and keeps the old state', async () => {
    const store = make();
    const many = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, 'v']));
    await store.update({ prefs: { results: many } });
    await expect(store.update({ prefs: { results: { extra: 'v' } } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(Object.keys((await make().get()).prefs.results ?? {})).toHaveLength(32);
  });

  it('keeps an unreadable file under a dated name and starts from the defaults', async () => {
    await writeFile(file, '{ not json');
    expect(await make().get()).toEqual(DEFAULT_UI_STATE);
    const backup = join(dir, 'ui-state.json.unreadable-2026-01-02T03-04-05-000Z');
    expect(await readFile(backup, 'utf8')).toBe('{ not json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(DEFAULT_UI_STATE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('not valid JSON');
  });

  it('salvages the valid fields of a file from another version and names what it dropped', async () => {
    const stored = {
      lastPage: 'results',
      colorScheme: 'sepia',
      prefs: { archive: { status: 'ok', 'bad key!': 'x' }, nowhere: { a: 'b' } },
      extra: 1,
    };
    await writeFile(file, JSON.stringify(stored));
    expect(await make().get()).toEqual({
      lastPage: 'results',
      colorScheme: 'light',
      prefs: { archive: { status: 'ok' } },
    });
    expect(warnings[0]).toMatch(
      /unknown field "extra".*colorScheme.*prefs\.archive\.bad key!.*prefs\.nowhere/,
    );
    const backups = (await readdir(dir)).filter((f) => f.includes('unreadable'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, backups[0] ?? ''), 'utf8'))).toEqual(stored);
  });
});
