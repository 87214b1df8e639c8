import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../../../../src/renderer/src/pages/archive/archive-query';
import { createArchiveStore, MAX_COMPARE } from '../../../../src/renderer/src/stores/archive';
import type { Result } from '../../../../src/shared/contract/result';
import { createFakePortal, type Call } from '../fake-portal';
import { makeDetail, makeRun } from './fixtures';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

const ok = (value: unknown): Result<unknown> => ({ ok: true, value });

function answer(call: Call): Result<unknown> {
  const input = call.input as { runId?: string };
  switch (call.channel) {
    case 'runs.list':
      return ok({ runs: [makeRun(A), makeRun(B)], total: 60, limit: 25, offset: 0 });
    case 'runs.detail':
      return ok(
        makeDetail(input.runId ?? A, {
          run: { createdAt: input.runId === A ? '2026-02-01T00:00:00.000Z' : '2026-01-01T00:00:00.000Z' },
        }),
      );
    case 'runs.events':
      return ok({ events: [] });
    case 'runs.restores':
      return ok({ restores: [], currentRunId: A });
    case 'runs.restore':
      return input.runId === B
        ? { ok: false, error: { code: 'LOCKED', message: 'Run x is still InProgress', hint: 'Wait' } }
        : ok({ runId: A, previousRunId: B, restoredAt: '2026-01-01T00:00:00.000Z', files: [] });
    default:
      return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${call.channel}` } };
  }
}

describe('archive store', () => {
  it('goes back to page 1 when the query changes and keeps the page when only refreshing', async () => {
    const fake = createFakePortal(answer);
    const store = createArchiveStore({ portal: fake.portal });
    await store.getState().load(DEFAULT_QUERY, 3);
    expect(fake.calls.at(-1)?.input).toMatchObject({ offset: 50 });
    await store.getState().load(DEFAULT_QUERY);
    expect(store.getState().page).toBe(3);
    await store.getState().load({ ...DEFAULT_QUERY, status: 'failed' });
    expect(store.getState().page).toBe(1);
    expect(fake.calls.at(-1)?.input).toMatchObject({ offset: 0, status: ['Failed', 'Lost'] });
    expect(store.getState().runs).toMatchObject({ status: 'ready', value: { total: 60 } });
  });

  it('drops an answer for a query the user already left', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const fake = createFakePortal(async (call) => {
      if ((call.input as { status?: string[] }).status) await slow;
      const total = (call.input as { status?: string[] }).status ? 1 : 2;
      return ok({ runs: [], total, limit: 25, offset: 0 });
    });
    const store = createArchiveStore({ portal: fake.portal });
    const first = store.getState().load({ ...DEFAULT_QUERY, status: 'failed' });
    await store.getState().load(DEFAULT_QUERY);
    release();
    await first;
    expect(store.getState().runs).toMatchObject({ status: 'ready', value: { total: 2 } });
  });

  it('selects up to the maximum, compares oldest first and follows run.changed', async () => {
    const fake = createFakePortal(answer);
    const store = createArchiveStore({ portal: fake.portal });
    const s = store.getState();
    s.toggleSelected(A);
    s.toggleSelected(B);
    for (let i = 0; i < MAX_COMPARE + 3; i++) s.toggleSelected(`x${i}`);
    expect(store.getState().selected).toHaveLength(MAX_COMPARE);
    store.getState().clearSelected();
    s.toggleSelected(A);
    s.toggleSelected(B);
    await store.getState().openCompare();
    const compare = store.getState().compare;
    expect(compare?.status === 'ready' && compare.value.map((d) => d.run.runId)).toEqual([B, A]);

    await store.getState().openDetail(A);
    const off = store.getState().connect();
    const before = fake.calls.length;
    fake.emit('run.changed', { runId: A, run: null });
    await new Promise((r) => setTimeout(r, 0));
    const channels = fake.calls.slice(before).map((c) => c.channel);
    expect(channels).toEqual(expect.arrayContaining(['runs.list', 'runs.restores', 'runs.detail']));
    off();
    expect(fake.listenerCount('run.changed')).toBe(0);
  });

  it('returns the refusal of a restore and refreshes the history after one', async () => {
    const fake = createFakePortal(answer);
    const store = createArchiveStore({ portal: fake.portal });
    await expect(store.getState().restore(B, '')).resolves.toMatchObject({ code: 'LOCKED' });
    expect(fake.calls.at(-1)?.input).toEqual({ runId: B });
    await expect(store.getState().restore(A, '  because  ')).resolves.toBeNull();
    expect(
      fake.calls.find((c) => c.channel === 'runs.restore' && (c.input as { runId: string }).runId === A)
        ?.input,
    ).toEqual({
      runId: A,
      reason: 'because',
    });
    expect(store.getState().history).toMatchObject({ status: 'ready', value: { currentRunId: A } });
  });
});
