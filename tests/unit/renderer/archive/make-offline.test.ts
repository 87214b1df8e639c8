import { describe, expect, it } from 'vitest';
import { createOfflineCopiesStore } from '../../../../src/renderer/src/stores/offline-copies';
import { createFakePortal } from '../fake-portal';

const RUN = '6f1f7c52-5d7e-4d0e-9a55-1f1b2a3c4d5e';
const emptyList = { runs: [], totalBytes: 0, limitBytes: 1 << 30 };

describe('offline copies store: one run made available', () => {
  it('asks main for exactly that run, marks it while it downloads and reloads the list after', async () => {
    let seenWhileFetching: string[] = [];
    const fake = createFakePortal(({ channel }) => {
      if (channel === 'cache.makeAvailable') {
        seenWhileFetching = store.getState().fetching;
        return { ok: true, value: { runs: [{ runId: RUN, state: 'downloaded', bytes: 10 }] } };
      }
      return { ok: true, value: emptyList };
    });
    const store = createOfflineCopiesStore({ portal: fake.portal });
    await expect(store.getState().makeRun(RUN)).resolves.toBeNull();
    expect(seenWhileFetching).toEqual([RUN]);
    expect(store.getState().fetching).toEqual([]);
    expect(fake.calls.map((c) => c.channel)).toEqual(['cache.makeAvailable', 'cache.list']);
    expect(fake.calls[0]?.input).toEqual({ runIds: [RUN] });
  });

  it('returns the run’s own download failure with its hint, and an unknown code as INTERNAL', async () => {
    const fake = createFakePortal(({ channel }) =>
      channel === 'cache.makeAvailable'
        ? {
            ok: true,
            value: {
              runs: [
                {
                  runId: RUN,
                  state: 'failed',
                  bytes: 0,
                  error: { code: 'SOMETHING_NEW', message: 'OneLake refused.', hint: 'Sign in again.' },
                },
              ],
            },
          }
        : { ok: true, value: emptyList },
    );
    const store = createOfflineCopiesStore({ portal: fake.portal });
    await expect(store.getState().makeRun(RUN)).resolves.toEqual({
      code: 'INTERNAL',
      message: 'OneLake refused.',
      hint: 'Sign in again.',
    });
  });

  it('returns main’s refusal unchanged', async () => {
    const refusal = { code: 'OFFLINE' as const, message: 'No network.', hint: 'Try when online.' };
    const fake = createFakePortal(({ channel }) =>
      channel === 'cache.makeAvailable' ? { ok: false, error: refusal } : { ok: true, value: emptyList },
    );
    const store = createOfflineCopiesStore({ portal: fake.portal });
    await expect(store.getState().makeRun(RUN)).resolves.toEqual(refusal);
  });
});
