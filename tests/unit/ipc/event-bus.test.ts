import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src/main/ipc/event-bus';
import { createHealthService } from '../../../src/main/app/health';
import { createLifecycle } from '../../../src/main/app/lifecycle';
import { createOnlineWatcher } from '../../../src/main/window/online-watcher';
import type { EventName } from '../../../src/shared/contract';
import { recordingLogger } from './support/recording-logger';

describe('event bus', () => {
  it('delivers valid payloads to subscribers until they unsubscribe', () => {
    const bus = createEventBus({ logger: recordingLogger() });
    const seen: string[] = [];
    const off = bus.subscribe((name) => seen.push(name));
    const health = createHealthService().get();
    expect(bus.emit('health.changed', health)).toBe(true);
    off();
    bus.emit('health.changed', health);
    expect(seen).toEqual(['health.changed']);
  });
  it('drops and logs a payload that breaks the contract, and unknown event names', () => {
    const logger = recordingLogger();
    const bus = createEventBus({ logger });
    const seen: unknown[] = [];
    bus.subscribe((_n, p) => seen.push(p));
    expect(bus.emit('health.changed', { fabric: 'nope' } as never)).toBe(false);
    expect(bus.emit('__proto__' as EventName, {} as never)).toBe(false);
    expect(seen).toEqual([]);
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });
  it('keeps delivering when one subscriber throws', () => {
    const bus = createEventBus({ logger: recordingLogger() });
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('window gone');
    });
    bus.on('health.changed', (h) => seen.push(h.database.status));
    bus.emit('health.changed', createHealthService().get());
    expect(seen).toEqual(['unknown']);
  });
});

describe('health service', () => {
  it('notifies only on real changes', () => {
    const health = createHealthService({ now: () => new Date('2026-01-01T00:00:00Z') });
    const seen: string[] = [];
    health.onChange((h) => seen.push(h.database.status));
    health.report('database', 'ok', 'Connected');
    health.report('database', 'ok', 'Connected');
    health.report('database', 'down', 'Refused');
    expect(seen).toEqual(['ok', 'down']);
    expect(health.get().database.checkedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('lifecycle', () => {
  it('runs every hook even when one fails, and reports the failure', async () => {
    const errors: string[] = [];
    const lifecycle = createLifecycle({ onHookError: (e, err) => errors.push(`${e}:${String(err)}`) });
    const ran: string[] = [];
    lifecycle.on('suspend', () => {
      throw new Error('x');
    });
    const off = lifecycle.on('suspend', async () => void ran.push('b'));
    await lifecycle.notify('suspend');
    off();
    await lifecycle.notify('suspend');
    await lifecycle.notify('resume');
    expect(ran).toEqual(['b']);
    expect(errors).toEqual(['suspend:Error: x', 'suspend:Error: x']);
  });
});

describe('online watcher', () => {
  it('reports only changes', () => {
    let online = true;
    const seen: boolean[] = [];
    const w = createOnlineWatcher({
      isOnline: () => online,
      onChange: (o) => seen.push(o),
      intervalMs: 60_000,
    });
    w.check();
    online = false;
    w.check();
    w.check();
    online = true;
    w.check();
    w.stop();
    expect(seen).toEqual([false, true]);
  });
});
