import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail, type Result } from '../../shared/contract';
import type { EventBus } from './event-bus';
import type { Router } from './router';
import type { Logger } from './types';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './transport-channels';
import { isSenderAllowed } from '../window/security-policy';
import type { WindowRegistry } from '../window/main-window';

/**
 * The main-process half of the Electron transport: the ONLY ipcMain use in the app (checklist #17: every
 * message's sender is checked before the router sees it).
 */
export function attachElectronTransport(deps: {
  router: Router;
  events: EventBus;
  windows: WindowRegistry;
  origins: readonly string[];
  logger: Logger;
}): () => void {
  const handle = async (
    event: IpcMainInvokeEvent,
    channel: unknown,
    input: unknown,
  ): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    const allowed = isSenderAllowed({
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      isOurWindow: deps.windows.has(event.sender.id),
      origins: deps.origins,
    });
    if (!allowed) {
      deps.logger.warn('IPC call from an unexpected sender refused', {
        channel: String(channel).slice(0, 60),
      });
      return fail({ code: 'UNAUTHORIZED', message: 'This window may not call the app.' });
    }
    return deps.router.dispatch(channel, input, { host: 'electron', sender: `wc:${event.sender.id}` });
  };
  ipcMain.handle(INVOKE_CHANNEL, handle);

  const unsubscribe = deps.events.subscribe((name, payload) => {
    for (const win of deps.windows.all()) win.webContents.send(EVENT_CHANNEL, name, payload);
  });

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
