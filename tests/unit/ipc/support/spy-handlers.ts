import { CHANNEL_NAMES, type ChannelName } from '../../../../src/shared/contract';
import type { Handlers } from '../../../../src/main/ipc/router';

export type SpyCall = { channel: ChannelName; input: unknown };

/**
 * A handler for every channel in the contract that records its calls and runs `impl` (default: throws a
 * plain Error carrying a recognisable secret, which must never reach the caller).
 */
export function spyHandlers(impl?: (channel: ChannelName, input: unknown) => Promise<unknown>): {
  handlers: Handlers;
  calls: SpyCall[];
} {
  const calls: SpyCall[] = [];
  const entries = CHANNEL_NAMES.map((channel) => [
    channel,
    async (input: unknown) => {
      calls.push({ channel, input });
      if (impl) return impl(channel, input);
      throw new Error(`boom in ${channel}: password=hunter2-SECRET`);
    },
  ]);
  return { handlers: Object.fromEntries(entries) as unknown as Handlers, calls };
}
