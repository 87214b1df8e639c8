import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../../../src/renderer/src/pages/archive/restore-block';

describe('restore refusal while a run is active', () => {
  it('names the active run and the holder while the lock is held', () => {
    const reason = blockedReason({
      state: 'held',
      holder: 'ann@LAPTOP-ANN',
      runId: '7f3c9a1e-2b4d-4c6e-8f00-112233445566',
      since: '2026-01-05T10:00:00.000Z',
      lapsed: false,
    });
    expect(reason).toMatch(
      /^Run 7f3c9a1e is active \(lock held by ann@LAPTOP-ANN since .+\)\. Results cannot be restored/,
    );
  });

  it('lets a restore go ahead when the lock is free, lapsed or unknown', () => {
    expect(blockedReason({ state: 'free' })).toBeNull();
    expect(blockedReason({ state: 'unknown' })).toBeNull();
    expect(
      blockedReason({
        state: 'held',
        holder: 'x',
        runId: 'r',
        since: '2026-01-05T10:00:00.000Z',
        lapsed: true,
      }),
    ).toBeNull();
  });
});
