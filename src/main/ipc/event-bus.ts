import { events, type EventName, type EventPayload } from '../../shared/contract';
import type { Logger } from './types';

export type EventListener = (name: EventName, payload: unknown) => void;

export interface EventBus {
  /** Validates the payload against the contract; an invalid one is a bug in main, logged and dropped. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): boolean;
  /** For transports: every event, already validated. Returns unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /** For services inside main that react to one event. Returns unsubscribe. */
  on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void;
}

export function createEventBus(deps: { logger: Logger }): EventBus {
  const listeners = new Set<EventListener>();

  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): boolean => {
    const def = Object.prototype.hasOwnProperty.call(events, name) ? events[name] : undefined;
    const parsed = def ? def.payload.safeParse(payload) : undefined;
    if (!parsed?.success) {
      deps.logger.error(`Event ${String(name)} dropped: payload does not match the contract`, {
        event: String(name),
      });
      return false;
    }
    for (const listener of [...listeners]) {
      try {
        listener(name, parsed.data);
      } catch (error) {
        // One broken subscriber (e.g. a window being destroyed) must not stop delivery to the others.
        deps.logger.warn(`Event ${name} listener failed`, { error: String(error) });
      }
    }
    return true;
  };

  const subscribe = (listener: EventListener): (() => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  const on = <E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): (() => void) =>
    subscribe((n, p) => {
      if (n === name) cb(p as EventPayload<E>);
    });

  return { emit, subscribe, on };
}
