import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logFilePath, parseLogLevel } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'portal-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logger', () => {
  it('writes JSON lines to <dataDir>/logs/portal.log with level, message and fields', () => {
    const dir = tempDir();
    const log = createLogger({
      dataDir: dir,
      redactor: new Redactor(),
      clock: () => new Date('2026-01-02T03:04:05Z'),
    });
    log.child({ scope: 'runs' }).info('run started', { runId: 'r1' });
    log.close();
    expect(log.filePath).toBe(logFilePath(dir));
    expect(lines(logFilePath(dir))).toEqual([
      { time: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'run started', scope: 'runs', runId: 'r1' },
    ]);
  });

  it('drops lines below the configured level', () => {
    const dir = tempDir();
    const log = createLogger({ dataDir: dir, redactor: new Redactor(), level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    log.close();
    expect(lines(logFilePath(dir)).map((l) => l.msg)).toEqual(['w', 'e']);
  });

  it('redacts messages, fields and registered secrets before writing', () => {
    const dir = tempDir();
    const redactor = new Redactor();
    const log = createLogger({ dataDir: dir, redactor });
    redactor.addSecret('S3cret-Value-42');
    log.error('token refresh failed: client_secret=S3cret-Value-42', {
      url: 'postgres://app:pw1234@db/x',
      err: new Error('echo S3cret-Value-42'),
      password: 'hunter2',
    });
    log.close();
    const raw = readFileSync(logFilePath(dir), 'utf8');
    for (const leaked of ['S3cret-Value-42', 'pw1234', 'hunter2']) expect(raw).not.toContain(leaked);
    expect(raw).toContain('token refresh failed');
  });

  it('rotates by size and keeps at most maxFiles files', () => {
    const dir = tempDir();
    const log = createLogger({ dataDir: dir, redactor: new Redactor(), maxBytes: 1_000, maxFiles: 3 });
    for (let i = 0; i < 100; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    log.close();
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['portal.log', 'portal.log.1', 'portal.log.2']);
    for (const f of files) expect(readFileSync(join(dir, 'logs', f)).length).toBeLessThanOrEqual(1_000);
    // The newest line is in portal.log, older ones in .1, and the oldest were dropped.
    expect(lines(join(dir, 'logs', 'portal.log')).at(-1)?.msg).toMatch(/^line 99 /);
    const older = lines(join(dir, 'logs', 'portal.log.1')).map((l) => String(l.msg));
    expect(Number(older.at(-1)?.split(' ')[1])).toBe(
      Number(String(lines(join(dir, 'logs', 'portal.log'))[0]?.msg).split(' ')[1]) - 1,
    );
    expect(readFileSync(join(dir, 'logs', 'portal.log.2'), 'utf8')).not.toContain('line 0 ');
  });

  it('appends to an existing log after a restart and counts its size', () => {
    const dir = tempDir();
    const a = createLogger({ dataDir: dir, redactor: new Redactor(), maxBytes: 500, maxFiles: 2 });
    a.info('first '.repeat(40));
    a.close();
    const b = createLogger({ dataDir: dir, redactor: new Redactor(), maxBytes: 500, maxFiles: 2 });
    b.info('second '.repeat(40));
    b.close();
    expect(lines(logFilePath(dir)).map((l) => String(l.msg).split(' ')[0])).toEqual(['second']);
    expect(existsSync(`${logFilePath(dir)}.1`)).toBe(true);
  });

  it('writes readable lines in text format', () => {
    const dir = tempDir();
    const log = createLogger({
      dataDir: dir,
      redactor: new Redactor(),
      format: 'text',
      clock: () => new Date(0),
    });
    log.child({ scope: 'config' }).warn('keychain unavailable', { backend: 'dbus' });
    log.close();
    expect(readFileSync(logFilePath(dir), 'utf8')).toBe(
      '1970-01-01T00:00:00.000Z WARN  [config] keychain unavailable {"backend":"dbus"}\n',
    );
  });

  it('parses log levels from the environment with a fallback', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('loud', 'warn')).toBe('warn');
    expect(parseLogLevel(undefined)).toBe('info');
  });
});
