import { join } from 'node:path';
import type { Redactor } from './redact';
import { RotatingFile } from './rotating-file';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** a logger whose lines all carry these fields, e.g. { scope: 'runs' } */
  child(bindings: LogFields): Logger;
}

export interface RootLogger extends Logger {
  /** the current log file, or null when logging to stderr only */
  readonly filePath: string | null;
  close(): void;
}

export interface LoggerOptions {
  redactor: Redactor;
  /** the app's data folder; the log goes to <dataDir>/logs/portal.log. Omit for stderr only. */
  dataDir?: string;
  level?: LogLevel;
  /** file line format: one JSON object a line (default) or readable text */
  format?: 'json' | 'text';
  /** also write readable lines to stderr (development) */
  stderr?: boolean;
  maxBytes?: number;
  maxFiles?: number;
  clock?: () => Date;
}

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_LOG_FILES = 5;

export const logFilePath = (dataDir: string): string => join(dataDir, 'logs', 'portal.log');

const RESERVED = new Set(['time', 'level', 'msg']);

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  const v = value?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : fallback;
}

export function createLogger(opts: LoggerOptions): RootLogger {
  const { redactor } = opts;
  const minRank = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const clock = opts.clock ?? (() => new Date());
  const filePath = opts.dataDir === undefined ? null : logFilePath(opts.dataDir);
  const file =
    filePath === null
      ? null
      : new RotatingFile({
          path: filePath,
          maxBytes: opts.maxBytes ?? DEFAULT_MAX_LOG_BYTES,
          maxFiles: opts.maxFiles ?? DEFAULT_MAX_LOG_FILES,
        });
  let fileBroken = false;

  function emit(level: LogLevel, msg: string, bindings: LogFields, fields: LogFields | undefined): void {
    if (LOG_LEVELS.indexOf(level) < minRank) return;
    const extra = redactor.value({ ...bindings, ...fields }) as LogFields;
    for (const k of RESERVED) delete extra[k];
    const record = { time: clock().toISOString(), level, msg: redactor.text(msg), ...extra };
    if (file !== null && !fileBroken) {
      try {
        file.write((opts.format === 'text' ? readable(record) : JSON.stringify(record)) + '\n');
      } catch (e) {
        // A full disk or a removed folder must not take the app down; say so once and carry on.
        fileBroken = true;
        process.stderr.write(`portal: cannot write the log file ${filePath}: ${redactor.text(String(e))}\n`);
      }
    }
    if (opts.stderr) process.stderr.write(readable(record) + '\n');
  }

  function make(bindings: LogFields): Logger {
    return {
      debug: (msg, fields) => emit('debug', msg, bindings, fields),
      info: (msg, fields) => emit('info', msg, bindings, fields),
      warn: (msg, fields) => emit('warn', msg, bindings, fields),
      error: (msg, fields) => emit('error', msg, bindings, fields),
      child: (more) => make({ ...bindings, ...more }),
    };
  }

  return {
    ...make({}),
    filePath,
    close: () => file?.close(),
  };
}

function readable(record: { time: string; level: LogLevel; msg: string } & LogFields): string {
  const { time, level, msg, ...rest } = record;
  const scope = typeof rest.scope === 'string' ? `[${rest.scope}] ` : '';
  delete rest.scope;
  const tail = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
  return `${time} ${level.toUpperCase().padEnd(5)} ${scope}${msg}${tail}`;
}

/** A logger that drops everything, for unit tests of services that take a logger. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
