import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, type ErrorCode } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../main/ipc/transport-channels';

// The renderer's whole view of main: `window.portal` with invoke/on/host. Raw ipcRenderer and the
// IpcRendererEvent never cross the bridge (checklist #20), and names outside the contract are refused here,
// before anything is sent.

const channelNames = new Set<string>(CHANNEL_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

const failure = (code: ErrorCode, message: string) => ({ ok: false as const, error: { code, message } });

type Callback = (payload: unknown) => void;
const listeners = new Map<string, Set<Callback>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const cb of [...(listeners.get(name) ?? [])]) {
    try {
      cb(payload);
    } catch (error) {
      console.error(`portal: listener for ${name} failed`, error);
    }
  }
});

const portal = {
  host: 'electron' as const,
  async invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channelNames.has(channel)) {
      return failure('VALIDATION', `Unknown channel "${String(channel).slice(0, 60)}".`);
    }
    try {
      return await ipcRenderer.invoke(INVOKE_CHANNEL, channel, input);
    } catch {
      // e.g. the input could not be structured-cloned (a function or a DOM node was passed)
      return failure('VALIDATION', `The input for ${channel} could not be sent to the app.`);
    }
  },
  on(event: unknown, cb: unknown): () => void {
    if (typeof event !== 'string' || !eventNames.has(event) || typeof cb !== 'function') {
      throw new TypeError(
        `portal.on: unknown event "${String(event).slice(0, 60)}" or callback is not a function`,
      );
    }
    const set = listeners.get(event) ?? new Set<Callback>();
    listeners.set(event, set);
    const callback = cb as Callback;
    set.add(callback);
    return () => void set.delete(callback);
  },
  /** The path of a File dropped on the window (a .fdpbundle to open); null when it has none. */
  pathForFile(file: unknown): string | null {
    // The File arrives copied through the context bridge, so `instanceof File` is not a reliable check here;
    // getPathForFile throws for anything that is not a File, and answers '' for one without a path.
    try {
      const path = webUtils.getPathForFile(file as File);
      return path === '' ? null : path;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('portal', portal);
