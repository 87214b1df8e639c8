import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/emulator/faults';

describe('FaultController', () => {
  it('matches by service, method and path, first rule wins, and counts down uses', () => {
    const f = new FaultController();
    const a = f.inject({
      service: 'jobs',
      method: 'get',
      path: '/instances$',
      times: 2,
      action: { kind: 'drop' },
    });
    const b = f.inject({ service: 'jobs', action: { kind: 'delay', ms: 5 } });
    expect(f.match('onelake', 'GET', '/x/instances')).toBeUndefined();
    expect(f.match('jobs', 'GET', '/v1/a/instances')?.id).toBe(a);
    expect(f.match('jobs', 'POST', '/v1/a/instances')?.id).toBe(b); // method differs → next rule, its one use
    expect(f.match('jobs', 'POST', '/v1/a/instances')).toBeUndefined();
    expect(f.match('jobs', 'GET', '/v1/a/instances')?.id).toBe(a);
    expect(f.match('jobs', 'GET', '/v1/a/instances')).toBeUndefined(); // a used up
    expect(f.pendingRules()).toBe(0);
  });

  it("keeps an 'always' rule until removed, and clear() drops rules and queued outcomes", () => {
    const f = new FaultController();
    const id = f.inject({ service: 'token', times: 'always', action: { kind: 'status', status: 503 } });
    for (let i = 0; i < 10; i++) expect(f.match('token', 'POST', '/t/oauth2/v2.0/token')?.id).toBe(id);
    f.nextJob({ kind: 'hang' });
    f.clear();
    expect(f.match('token', 'POST', '/t')).toBeUndefined();
    expect(f.takeJobOutcome()).toBeUndefined();
  });

  it('queues job outcomes in order', () => {
    const f = new FaultController();
    f.nextJob({ kind: 'complete' });
    f.nextJob({ kind: 'fail', errorCode: 'E', message: 'm' });
    expect(f.takeJobOutcome()).toEqual({ kind: 'complete' });
    expect(f.takeJobOutcome()).toEqual({ kind: 'fail', errorCode: 'E', message: 'm' });
    expect(f.takeJobOutcome()).toBeUndefined();
  });

  it('expireAllTokens revokes everything issued up to now, not later', () => {
    let now = 1000;
    const f = new FaultController(() => now);
    expect(f.isRevoked(999)).toBe(false);
    f.expireAllTokens();
    expect(f.isRevoked(1000)).toBe(true);
    now = 1001;
    expect(f.isRevoked(1001)).toBe(false);
  });

  it('rejects bad rules and outcomes with a message naming the field', () => {
    const f = new FaultController();
    expect(() => f.inject({ service: 'x' as never, action: { kind: 'drop' } })).toThrow(/service/);
    expect(() => f.inject({ service: 'jobs', action: { kind: 'delay', ms: -1 } })).toThrow(/ms/);
    expect(() => f.inject({ service: 'jobs', action: { kind: 'status', status: 302 } })).toThrow(/status/);
    expect(() => f.inject({ service: 'jobs', times: 1.5, action: { kind: 'drop' } })).toThrow(/times/);
    expect(() => f.nextJob({ kind: 'explode' } as never)).toThrow(/kind/);
    expect(() => f.nextJob({ kind: 'fail' } as never)).toThrow(/errorCode/);
  });
});
