import { describe, expect, it } from 'vitest';
import { ArtifactSaves } from '../../../../src/renderer/src/pages/results/artifact-saves';
import { createFakePortal } from '../fake-portal';

const RUN = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

describe('artifact saves', () => {
  it('starts a browser download per address and follows main’s progress for the current run only', async () => {
    const fake = createFakePortal(() => ({
      ok: true,
      value: {
        kind: 'download',
        files: [{ name: 'kpis.json', bytes: 2_000, url: '/download/abcdefghijklmnop' }],
      },
    }));
    const started: [string, string][] = [];
    const saves = new ArtifactSaves(fake.portal, (url, name) => started.push([url, name]));
    const off = saves.connect();
    await saves.save(RUN, ['kpis.json']);
    expect(fake.calls).toEqual([{ channel: 'artifacts.save', input: { runId: RUN, files: ['kpis.json'] } }]);
    expect(started).toEqual([['/download/abcdefghijklmnop', 'kpis.json']]);
    expect(saves.getSnapshot().files['kpis.json']).toEqual({
      state: 'saving',
      bytesDone: 0,
      bytesTotal: 2_000,
      error: null,
    });

    fake.emit('save.progress', {
      runId: OTHER,
      name: 'kpis.json',
      bytesDone: 2_000,
      bytesTotal: 2_000,
      state: 'done',
    });
    expect(saves.getSnapshot().files['kpis.json']?.state).toBe('saving');
    fake.emit('save.progress', {
      runId: RUN,
      name: 'kpis.json',
      bytesDone: 1_000,
      bytesTotal: 2_000,
      state: 'saving',
    });
    expect(saves.getSnapshot().files['kpis.json']?.bytesDone).toBe(1_000);
    const error = {
      code: 'INPUT_INVALID' as const,
      message: 'kpis.json is damaged.',
      hint: 'Check offline copy.',
    };
    fake.emit('save.progress', {
      runId: RUN,
      name: 'kpis.json',
      bytesDone: 1_000,
      bytesTotal: 2_000,
      state: 'failed',
      error,
    });
    expect(saves.getSnapshot().files['kpis.json']).toMatchObject({ state: 'failed', error });

    // Another run in the panel: its saves start from nothing.
    saves.setRun(OTHER);
    expect(saves.getSnapshot().files).toEqual({});
    off();
    expect(fake.listenerCount('save.progress')).toBe(0);
  });

  it('shows where the app saved the files, nothing when the dialog was closed, and why a save could not start', async () => {
    const answers = [
      {
        ok: true,
        value: {
          kind: 'saved',
          folder: '/home/a/Exports',
          files: [{ name: 'kpis.json', savedAs: 'kpis (1).json', bytes: 5 }],
        },
      },
      { ok: true, value: { kind: 'cancelled' } },
      {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Run is not available offline.', hint: 'Connect first.' },
      },
    ];
    const fake = createFakePortal(() => answers.shift() as never);
    const saves = new ArtifactSaves(fake.portal, () => {
      throw new Error('no browser download in the app');
    });
    await saves.save(RUN);
    expect(fake.calls[0]?.input).toEqual({ runId: RUN });
    expect(saves.getSnapshot().saved).toEqual({
      folder: '/home/a/Exports',
      files: [{ name: 'kpis.json', savedAs: 'kpis (1).json', bytes: 5 }],
    });
    await saves.save(RUN);
    expect(saves.getSnapshot()).toMatchObject({ saved: null, error: null });
    await saves.save(RUN);
    expect(saves.getSnapshot().error).toEqual({
      code: 'NOT_FOUND',
      message: 'Run is not available offline.',
      hint: 'Connect first.',
    });
  });
});
