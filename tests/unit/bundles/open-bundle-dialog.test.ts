import { describe, expect, it } from 'vitest';
import { BUNDLE_DIALOG_FILTERS, openBundleFromDialog } from '../../../src/main/window/open-bundle-dialog';
import type { OpenedBundle } from '../../../src/shared/contract/bundles';
import { AppError } from '../../../src/shared/contract/errors';

const opened: OpenedBundle = {
  runId: '0b7d3c1e-1f65-4d7a-9a8e-3c2b1a0f9e8d',
  file: 'run.fdpbundle',
  exportedAt: '2026-11-26T10:00:00.000Z',
  fromProfile: 'demo',
  openedAt: '2026-11-26T11:00:00.000Z',
  sizeBytes: 1234,
  finishedAt: null,
};

function harness(choose: string | null, open: (path: string) => Promise<OpenedBundle>) {
  const announced: unknown[] = [];
  const paths: string[] = [];
  const run = () =>
    openBundleFromDialog({
      choose: async () => choose,
      open: (p) => {
        paths.push(p);
        return open(p);
      },
      announce: (o) => announced.push(o),
    });
  return { announced, paths, run };
}

describe('File → Open… (Electron)', () => {
  it('filters the dialog to .fdpbundle files', () => {
    expect(BUNDLE_DIALOG_FILTERS).toEqual([{ name: 'Run bundles', extensions: ['fdpbundle'] }]);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const h = harness(null, async () => opened);
    await h.run();
    expect(h.paths).toEqual([]);
    expect(h.announced).toEqual([]);
  });

  it('opens the chosen file and announces the run by its file name', async () => {
    const h = harness('/home/ana/Downloads/q3.fdpbundle', async () => opened);
    await h.run();
    expect(h.paths).toEqual(['/home/ana/Downloads/q3.fdpbundle']);
    expect(h.announced).toEqual([{ file: 'q3.fdpbundle', opened, error: null }]);
  });

  it('announces a refusal with the service’s message and hint (Windows path)', async () => {
    const h = harness('C:\\Users\\ana\\bad.fdpbundle', async (p) => {
      throw new AppError(
        'INPUT_INVALID',
        `The bundle ${p} cannot be opened: it is truncated.`,
        'Copy it again.',
      );
    });
    await h.run();
    expect(h.announced).toEqual([
      {
        file: 'bad.fdpbundle',
        opened: null,
        error: {
          code: 'INPUT_INVALID',
          message: 'The bundle C:\\Users\\ana\\bad.fdpbundle cannot be opened: it is truncated.',
          hint: 'Copy it again.',
        },
      },
    ]);
  });

  it('turns an unexpected failure into an INTERNAL error naming the file', async () => {
    const h = harness('/tmp/x.fdpbundle', async () => {
      throw new Error('EACCES');
    });
    await h.run();
    expect(h.announced).toEqual([
      {
        file: 'x.fdpbundle',
        opened: null,
        error: expect.objectContaining({
          code: 'INTERNAL',
          message: 'x.fdpbundle could not be opened (EACCES).',
        }),
      },
    ]);
  });
});
