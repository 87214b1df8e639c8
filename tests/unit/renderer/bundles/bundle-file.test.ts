import { describe, expect, it } from 'vitest';
import {
  checkBundleFile,
  formatBundleBytes,
  pickBundle,
} from '../../../../src/renderer/src/pages/results/bundle-file';
import { MAX_BUNDLE_UPLOAD_BYTES_VALUE } from '../../../../src/renderer/src/pages/results/bundle-limits';
import { MAX_BUNDLE_UPLOAD_BYTES } from '../../../../src/shared/contract/bundles';

describe('bundle files in the renderer', () => {
  it('uses the contract’s size limit', () => {
    expect(MAX_BUNDLE_UPLOAD_BYTES_VALUE).toBe(MAX_BUNDLE_UPLOAD_BYTES);
  });

  it('accepts a .fdpbundle of any case within the limit', () => {
    expect(checkBundleFile({ name: 'Run.FDPBUNDLE', size: 10 })).toBeNull();
    expect(checkBundleFile({ name: 'r.fdpbundle', size: MAX_BUNDLE_UPLOAD_BYTES })).toBeNull();
  });

  it('refuses another kind of file, an empty file and a too large one, saying what to do', () => {
    expect(checkBundleFile({ name: 'sales.xlsx', size: 10 })).toMatchObject({
      code: 'VALIDATION',
      message: 'sales.xlsx is not a run bundle: only .fdpbundle files can be opened.',
      hint: expect.stringContaining('Export run bundle'),
    });
    expect(checkBundleFile({ name: 'r.fdpbundle', size: 0 })).toMatchObject({ code: 'INPUT_INVALID' });
    expect(checkBundleFile({ name: 'r.fdpbundle', size: MAX_BUNDLE_UPLOAD_BYTES + 1 })?.message).toBe(
      'r.fdpbundle is 1.00 GB; the portal opens bundles up to 1.00 GB.',
    );
  });

  it('picks the bundle among dropped files, else the first file (to refuse it with a reason)', () => {
    expect(pickBundle([{ name: 'a.csv' }, { name: 'b.fdpbundle' }])).toEqual({ name: 'b.fdpbundle' });
    expect(pickBundle([{ name: 'a.csv' }])).toEqual({ name: 'a.csv' });
    expect(pickBundle([])).toBeNull();
  });

  it('formats sizes', () => {
    expect([512, 54 * 1024, 3.4 * 1024 ** 2, 1024 ** 3].map(formatBundleBytes)).toEqual([
      '512 B',
      '54 KB',
      '3.4 MB',
      '1.00 GB',
    ]);
  });
});
