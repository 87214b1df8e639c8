import WebSocket from 'ws';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../src/shared/contract/index';
import type { Result } from '../../../src/shared/contract/result';
import type { PreviewHost } from '../../support/preview-host';

/**
 * Calls a channel of a running preview host over its WebSocket, as a second window of the app would: lets a
 * test change state behind the renderer's back (another analyst, the CLI) and watch the renderer follow.
 */
export async function invokeOnHost<C extends ChannelName>(
  host: PreviewHost,
  channel: C,
  input: ChannelInput<C>,
): Promise<Result<ChannelOutput<C>>> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, ['portal.v1', `token.${host.token}`], {
    origin: host.origin,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: string; result?: Result<ChannelOutput<C>> };
        if (msg.id === '1' && msg.result) resolve(msg.result);
      });
      ws.once('close', () => reject(new Error(`The host closed the socket before answering ${channel}.`)));
      ws.send(JSON.stringify({ id: '1', channel, input }));
    });
  } finally {
    ws.close();
  }
}
