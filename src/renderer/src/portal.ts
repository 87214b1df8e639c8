import type {
  AppErrorData,
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  EventPayload,
  Result,
} from '../../shared/contract';

// The renderer's single access point to main. In Electron the preload exposes `window.portal`; in the browser
// preview host the same interface is implemented over a WebSocket. Only types are imported from the
// contract, so no schema code lands in the renderer bundle.

export interface Portal {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  host: 'electron' | 'preview';
  /** Electron only: the path of a dropped File (the preview host has none; it uploads the bytes instead) */
  pathForFile?: (file: File) => string | null;
  /**
   * Preview host only (Electron's IPC does not drop): called when the lost connection to the host is back.
   * Events pushed meanwhile (lock.changed, run.changed…) were missed, so state is read again.
   */
  onReconnect?(cb: () => void): () => void;
}

declare global {
  interface Window {
    portal?: Portal;
  }
}

const offline = (message: string): { ok: false; error: AppErrorData } => ({
  ok: false,
  error: {
    code: 'OFFLINE',
    message,
    hint: 'The connection to the portal host is retried automatically. If the host was stopped, start it again with npm start.',
  },
});

const CALL_TIMEOUT_MS = 5 * 60_000;
const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const SUBPROTOCOL = 'portal.v1';

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Reads the launch token from ?token= once and removes it from the address bar (and history). */
function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return token;
}

export function createWebSocketPortal(options: { url: string; token: string | null }): Portal {
  const pending = new Map<string, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let connecting: Promise<WebSocket | null> | null = null;
  let attempt = 0;
  let everOpened = false;
  const reconnectListeners = new Set<() => void>();
  let nextId = 1;

  const failAll = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(offline(message));
    }
  };

  const onMessage = (event: MessageEvent): void => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(event.data));
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.event === 'string') {
      for (const cb of [...(listeners.get(m.event) ?? [])]) {
        try {
          cb(m.payload);
        } catch (error) {
          console.error(`portal: listener for ${m.event} failed`, error);
        }
      }
      return;
    }
    if (typeof m.id === 'string') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.result as Result<unknown>);
    }
  };

  const scheduleReconnect = (): void => {
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** attempt);
    attempt += 1;
    // Jitter so several tabs do not reconnect in lockstep after the host restarts.
    setTimeout(() => void connect(), delay / 2 + Math.random() * (delay / 2));
  };

  const connect = (): Promise<WebSocket | null> => {
    if (connecting) return connecting;
    connecting = new Promise<WebSocket | null>((resolve) => {
      const protocols = options.token ? [SUBPROTOCOL, `token.${options.token}`] : [SUBPROTOCOL];
      let ws: WebSocket;
      try {
        ws = new WebSocket(options.url, protocols);
      } catch {
        connecting = null;
        scheduleReconnect();
        resolve(null);
        return;
      }
      let opened = false;
      ws.onopen = () => {
        opened = true;
        attempt = 0;
        socket = ws;
        connecting = null;
        resolve(ws);
        if (everOpened) {
          for (const cb of [...reconnectListeners]) {
            try {
              cb();
            } catch (error) {
              console.error('portal: reconnect listener failed', error);
            }
          }
        }
        everOpened = true;
      };
      ws.onmessage = onMessage;
      ws.onclose = () => {
        if (socket === ws) socket = null;
        if (!opened) {
          connecting = null;
          resolve(null);
        }
        failAll('Lost the connection to the portal host.');
        scheduleReconnect();
      };
    });
    return connecting;
  };

  void connect();

  const invoke = async <C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<Result<ChannelOutput<C>>> => {
    // A call made while the first connection (or a reconnect) is being set up waits for it; a call made while
    // the host is unreachable fails at once with OFFLINE instead of hanging.
    const ws = socket ?? (connecting ? await connecting : null);
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return offline('The portal host is not reachable.') as Result<ChannelOutput<C>>;
    }
    const id = String(nextId++);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `${channel} did not answer in time.` } });
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
      try {
        ws.send(JSON.stringify({ id, channel, input }));
      } catch {
        clearTimeout(timer);
        pending.delete(id);
        resolve({
          ok: false,
          error: { code: 'VALIDATION', message: `The input for ${channel} could not be sent.` },
        });
      }
    });
  };

  const on = <E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const callback = cb as (payload: unknown) => void;
    set.add(callback);
    return () => void set.delete(callback);
  };

  const onReconnect = (cb: () => void): (() => void) => {
    reconnectListeners.add(cb);
    return () => void reconnectListeners.delete(cb);
  };

  return { invoke, on, onReconnect, host: 'preview' };
}

let portal: Portal | undefined;

/** The portal for this window: the preload's bridge in Electron, else a WebSocket client to the preview host. */
export function getPortal(): Portal {
  if (portal) return portal;
  if (window.portal) {
    portal = window.portal;
  } else {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    portal = createWebSocketPortal({
      url: `${scheme}//${window.location.host}/ws`,
      token: takeTokenFromUrl(),
    });
  }
  return portal;
}
