import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract/index';
import type { Result } from '../../../shared/contract/result';
import type { Portal } from '../portal';

/** Like `portal.invoke`, but a transport failure (host gone, socket closed) also arrives as an error result. */
export async function invokeSafely<C extends ChannelName>(
  portal: Portal,
  channel: C,
  input: ChannelInput<C>,
): Promise<Result<ChannelOutput<C>>> {
  try {
    return await portal.invoke(channel, input);
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `The portal's background service did not answer (${e instanceof Error ? e.message : String(e)}).`,
        hint: 'Restart the portal; if it keeps happening, copy the details from Diagnostics.',
      },
    };
  }
}
