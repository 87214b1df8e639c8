import type { WebSocket, WebSocketServer } from 'ws';
import { fail, type Result } from '../../shared/contract';
import type { EventBus } from '../ipc/event-bus';
import type { Router } from '../ipc/router';
import type { Logger } from '../ipc/types';

// The preview host's transport. Wire format (JSON text frames):
//   client → server  {id: string, channel: string, input: unknown}
//   server → client  {id, result: Result}            one answer per request
//   server → client  {event: string, payload: unknown}  push events
// A frame that is not such a request is answered with {id: null | id, result: VALIDATION} and the socket
// stays open; only a frame over the size limit closes it (ws closes with 1009).

export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 100;

type Request = { id: string; channel: unknown; input: unknown };

function parseRequest(data: string): { request: Request } | { id: string | null; error: string } {
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return { id: null, error: 'The message is not valid JSON.' };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return { id: null, error: 'The message must be a JSON object {id, channel, input}.' };
  }
  const m = msg as Record<string, unknown>;
  const id = m['id'];
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return { id: null, error: `The message needs an "id" string of 1 to ${MAX_ID_LENGTH} characters.` };
  }
  return { request: { id, channel: m['channel'], input: m['input'] } };
}

export function attachWebSocketTransport(deps: {
  wss: WebSocketServer;
  router: Router;
  events: EventBus;
  logger: Logger;
}): void {
  let nextSocket = 1;
  deps.wss.on('connection', (ws: WebSocket) => {
    const sender = `ws:${nextSocket++}`;
    const send = (value: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(value));
    };
    const reply = (id: string | null, result: Result<unknown>): void => send({ id, result });

    const unsubscribe = deps.events.subscribe((event, payload) => send({ event, payload }));
    ws.on('close', unsubscribe);
    ws.on('error', (error) => deps.logger.warn('Preview WebSocket error', { sender, error: error.message }));

    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        reply(
          null,
          fail({ code: 'VALIDATION', message: 'Binary messages are not accepted; send JSON text.' }),
        );
        return;
      }
      const parsed = parseRequest(data.toString());
      if ('error' in parsed) {
        reply(parsed.id, fail({ code: 'VALIDATION', message: parsed.error }));
        return;
      }
      const { id, channel, input } = parsed.request;
      deps.router
        .dispatch(channel, input, { host: 'preview', sender })
        .then((result) => reply(id, result))
        .catch((error: unknown) => {
          // dispatch never rejects by design; this is the last line of defence for the socket
          deps.logger.error('Router rejected', { error: String(error) });
          reply(
            id,
            fail({
              code: 'INTERNAL',
              message: 'Something went wrong in the app. The details are in the log file.',
            }),
          );
        });
    });
  });
}
