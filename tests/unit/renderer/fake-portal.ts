import type { ChannelName, EventName, EventPayload } from '../../../src/shared/contract/index';
import type { Result } from '../../../src/shared/contract/result';
import type { Portal } from '../../../src/renderer/src/portal';

export interface Call {
  channel: ChannelName;
  input: unknown;
}

/**
 * An in-memory portal for unit tests of store logic: records calls, answers from a handler the test
 * supplies, and lets the test push events. The e2e tests cover the real transport.
 */
export function createFakePortal(answer: (call: Call) => Promise<Result<unknown>> | Result<unknown>) {
  const calls: Call[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const portal: Portal = {
    host: 'preview',
    invoke: (async (channel: ChannelName, input: unknown) => {
      calls.push({ channel, input });
      return answer({ channel, input });
    }) as Portal['invoke'],
    on: ((event: EventName, cb: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(cb);
      return () => void set.delete(cb);
    }) as Portal['on'],
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const cb of listeners.get(event) ?? []) cb(payload);
  };
  const listenerCount = (event: EventName) => listeners.get(event)?.size ?? 0;
  return { portal, calls, emit, listenerCount };
}
