import { describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../../src/shared/contract/errors';
import { DEFAULT_UI_STATE } from '../../../src/shared/contract/ui-values';
import { createUiStatePersister, loadUiState } from '../../../src/renderer/src/stores/ui-state-persister';
import { createFakePortal } from './fake-portal';

describe('ui-state persister', () => {
  it('sends changes one at a time, in call order, even when an earlier answer is slower', async () => {
    const finished: unknown[] = [];
    let first = true;
    const fake = createFakePortal(async ({ input }) => {
      // The first call answers last if calls were allowed to overlap.
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 30));
      }
      finished.push(input);
      return { ok: true, value: DEFAULT_UI_STATE };
    });
    const persister = createUiStatePersister(fake.portal, () => undefined);
    void persister.save({ lastPage: 'monitor' });
    void persister.save({ colorScheme: 'dark' });
    await persister.save({ lastPage: 'archive' });
    expect(finished).toEqual([{ lastPage: 'monitor' }, { colorScheme: 'dark' }, { lastPage: 'archive' }]);
  });

  it('reports only the first failure and keeps sending later changes', async () => {
    const reported: AppErrorData[] = [];
    const fake = createFakePortal(() => ({ ok: false, error: { code: 'INTERNAL', message: 'disk full' } }));
    const persister = createUiStatePersister(fake.portal, (e) => reported.push(e));
    await persister.save({ lastPage: 'monitor' });
    await persister.save({ lastPage: 'results' });
    expect(reported).toEqual([{ code: 'INTERNAL', message: 'disk full' }]);
    expect(fake.calls).toHaveLength(2);
  });

  it('starts from the defaults, and says why, when the remembered state cannot be read', async () => {
    const reported: AppErrorData[] = [];
    const fake = createFakePortal(() => ({
      ok: false,
      error: { code: 'OFFLINE', message: 'host not reachable' },
    }));
    await expect(loadUiState(fake.portal, (e) => reported.push(e))).resolves.toEqual(DEFAULT_UI_STATE);
    expect(reported[0]?.code).toBe('OFFLINE');
  });
});
