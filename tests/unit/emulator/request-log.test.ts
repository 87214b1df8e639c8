import { describe, expect, it } from 'vitest';
import { RequestLog } from '../../../src/emulator/request-log';

describe('RequestLog', () => {
  it('counts by service, method, path regex and status, and clears', () => {
    const log = new RequestLog();
    const base = { url: '', time: '', durationMs: 1 };
    log.record({ ...base, service: 'jobs', method: 'GET', path: '/v1/x/jobs/instances', status: 200 });
    log.record({
      ...base,
      service: 'jobs',
      method: 'POST',
      path: '/v1/x/jobs/Pipeline/instances',
      status: 429,
    });
    log.record({ ...base, service: 'onelake', method: 'GET', path: '/onelake/ws', status: 200 });
    expect(log.count()).toBe(3);
    expect(log.count({ service: 'jobs' })).toBe(2);
    expect(log.count({ method: 'get' })).toBe(2);
    expect(log.count({ path: /Pipeline/ })).toBe(1);
    expect(log.count({ path: 'instances$', status: 200 })).toBe(1);
    log.all().pop(); // a copy: the log itself is unchanged
    expect(log.count()).toBe(3);
    log.clear();
    expect(log.all()).toEqual([]);
  });

  it('keeps only the newest maxEntries', () => {
    const log = new RequestLog(2);
    for (const status of [200, 201, 202]) {
      log.record({ service: 'jobs', method: 'GET', path: '/', url: '/', time: '', durationMs: 0, status });
    }
    expect(log.all().map((e) => e.status)).toEqual([201, 202]);
  });
});
