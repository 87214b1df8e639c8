import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../../src/shared/contract';
import { createRouter } from '../../../src/main/ipc/router';
import { hostilePayloads } from './support/fuzz-payloads';
import { recordingLogger } from './support/recording-logger';
import { sampleInput } from './support/sample-input';
import { spyHandlers } from './support/spy-handlers';

// Iterates the contract itself, so every channel added later is fuzzed without touching this file.

const ctx = { host: 'preview' as const, sender: 'test' };
const MIN_CASES_PER_CHANNEL = 12;

const pollutionCheck = (): void => {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
};

describe('contract fuzz: every channel refuses hostile input before its handler runs', () => {
  const fuzzed = new Set<ChannelName>();

  for (const channel of CHANNEL_NAMES) {
    it(`${channel}`, async () => {
      const logger = recordingLogger();
      const { handlers, calls } = spyHandlers(async () => {
        throw new Error('handler must not run');
      });
      const router = createRouter({ handlers, logger });
      const cases = hostilePayloads(channels[channel].input);
      expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES_PER_CHANNEL);

      for (const c of cases) {
        const result = await router.dispatch(channel, c.payload, ctx);
        expect(result.ok, `${channel} / ${c.label}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code, `${channel} / ${c.label}`).toBe('VALIDATION');
        // bounded: a 1 MB string is never echoed back
        expect(result.error.message.length, `${channel} / ${c.label}`).toBeLessThan(1_000);
        expect(result.error.message).not.toContain('xxxxxxxxxxxxxxxxxxxx');
      }
      expect(calls).toEqual([]);
      pollutionCheck();
      fuzzed.add(channel);
    });
  }

  it('covered 100% of the contract', () => {
    expect([...fuzzed].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(CHANNEL_NAMES.length).toBeGreaterThan(0);
  });

  it('refuses unknown and prototype-named channels without calling anything', async () => {
    const { handlers, calls } = spyHandlers();
    const router = createRouter({ handlers, logger: recordingLogger() });
    const names: unknown[] = [
      'nope',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      'x'.repeat(1024 * 1024),
      null,
      42,
      { channel: 'app.info' },
      ['app.info'],
    ];
    for (const name of names) {
      const result = await router.dispatch(name, {}, ctx);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message.length).toBeLessThan(200);
      }
    }
    expect(calls).toEqual([]);
    pollutionCheck();
  });
});

describe('contract fuzz: a handler that throws a plain Error answers INTERNAL without leaking', () => {
  const valid = CHANNEL_NAMES.map((channel) => ({ channel, sample: sampleInput(channels[channel].input) }));
  const withSample = valid.filter((v) => v.sample.ok);

  it('can build a valid-shaped call for at least 80% of the channels, including the app channels', () => {
    const names = withSample.map((v) => v.channel);
    expect(names).toContain('app.info');
    expect(names).toContain('app.health');
    // The generator knows zod's common shapes; a channel it cannot fill is named here so it can be taught.
    const missing = valid.filter((v) => !v.sample.ok).map((v) => v.channel);
    expect(
      missing.length / CHANNEL_NAMES.length,
      `no valid sample for: ${missing.join(', ')}`,
    ).toBeLessThanOrEqual(0.2);
  });

  for (const { channel, sample } of withSample) {
    it(`${channel}`, async () => {
      const logger = recordingLogger();
      const { handlers, calls } = spyHandlers();
      const router = createRouter({ handlers, logger });
      const result = await router.dispatch(channel, sample.ok ? sample.value : undefined, ctx);

      expect(calls.map((c) => c.channel)).toEqual([channel]);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('INTERNAL');
      const text = JSON.stringify(result);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('boom');
      expect(text).not.toMatch(/at .*\.ts:\d+/);
      const ref = /\(ref ([0-9A-F]{6})\)/.exec(result.error.message)?.[1];
      expect(ref).toBeDefined();
      // the details are in the log, under the same ref
      const logged = logger.entries.find((e) => e.level === 'error' && e.fields['ref'] === ref);
      expect(logged?.fields['stack']).toEqual(expect.stringContaining('boom'));
    });
  }
});
