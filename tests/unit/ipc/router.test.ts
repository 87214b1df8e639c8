import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/contract';
import { createRouter, describeIssues } from '../../../src/main/ipc/router';
import { recordingLogger } from './support/recording-logger';
import { spyHandlers } from './support/spy-handlers';

const ctx = { host: 'electron' as const, sender: 'wc:1' };

const info = {
  version: '1.2.3',
  host: 'electron',
  platform: 'linux',
  dataDir: '/tmp/x',
  activeProfile: { id: 'demo', name: 'Demo', kind: 'demo' },
};

describe('router', () => {
  it('calls the handler with the parsed input and the context, and answers ok', async () => {
    const { handlers, calls } = spyHandlers(async () => info);
    const router = createRouter({ handlers, logger: recordingLogger() });
    const result = await router.dispatch('app.info', {}, ctx);
    expect(result).toEqual({ ok: true, value: info });
    expect(calls).toEqual([{ channel: 'app.info', input: {} }]);
  });

  it('passes an AppError through with its code, message and hint', async () => {
    const { handlers } = spyHandlers(async () => {
      throw new AppError('DB_UNAVAILABLE', 'The database is not reachable.', 'Check the server address.');
    });
    const router = createRouter({ handlers, logger: recordingLogger() });
    expect(await router.dispatch('app.health', {}, ctx)).toEqual({
      ok: false,
      error: {
        code: 'DB_UNAVAILABLE',
        message: 'The database is not reachable.',
        hint: 'Check the server address.',
      },
    });
  });

  it('turns a thrown non-Error into INTERNAL and logs it', async () => {
    const logger = recordingLogger();
    const { handlers } = spyHandlers(async () => {
      throw 'a string with token=abc';
    });
    const result = await createRouter({ handlers, logger }).dispatch('app.info', {}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(JSON.stringify(result)).not.toContain('token=abc');
    }
    expect(
      logger.entries.some((e) => e.level === 'error' && String(e.fields['error']).includes('token=abc')),
    ).toBe(true);
  });

  it('treats a handler answer that breaks the output schema as an INTERNAL bug', async () => {
    const logger = recordingLogger();
    const { handlers } = spyHandlers(async () => ({ version: 1 }));
    const result = await createRouter({ handlers, logger }).dispatch('app.info', {}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
    const logged = logger.entries.find((e) => e.level === 'error');
    expect(String(logged?.fields['error'])).toContain('output schema');
  });

  it('strips fields a handler adds beyond the output schema (nothing extra crosses the boundary)', async () => {
    const { handlers } = spyHandlers(async () => ({ ...info, clientSecret: 'do-not-send' }));
    const result = await createRouter({ handlers, logger: recordingLogger() }).dispatch('app.info', {}, ctx);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('do-not-send');
  });

  it('gives a short readable validation message naming the offending paths', async () => {
    const { handlers } = spyHandlers();
    const result = await createRouter({ handlers, logger: recordingLogger() }).dispatch(
      'app.info',
      { a: 1, b: 2, c: 3, d: 4 },
      ctx,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toMatch(/^Invalid input for app\.info: /);
      expect(result.error.message).toContain('"a"');
    }
  });

  it('describeIssues shows at most three issues and clips long paths', () => {
    const issue = (path: string[]) => ({ code: 'custom' as const, path, message: 'bad', input: undefined });
    const text = describeIssues([
      issue(['x'.repeat(500)]),
      issue(['b']),
      issue(['c']),
      issue(['d']),
      issue([]),
    ]);
    expect(text).toContain('(and 2 more)');
    expect(text.length).toBeLessThan(400);
    expect(describeIssues([issue([])])).toBe('(input): bad');
  });
});
