import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type ComposedApp, type ComposeOptions } from '../../src/main/compose';
import { silentLogger } from '../../src/main/log/logger';
import { Redactor } from '../../src/main/log/redact';
import type { RunTimings } from '../../src/main/runs/run-deps';
import { afterAll, beforeAll } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';

// The app as integration tests drive it: the real composition root (the same services the Electron main
// process and the preview host run) in a temp data folder, called through its router like a renderer.

export type Call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
/** like Call, untyped: for tests that send deliberately wrong input or read the answer themselves */
export type Send = (channel: string, input: unknown) => Promise<unknown>;
export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

export interface TestApp {
  app: ComposedApp;
  dataDir: string;
  /** dispatches like the renderer; a failed call throws an Error carrying the AppError's code, message, hint */
  call: Call;
  send: Send;
  /** the router's raw answer ({ok, value} or {ok: false, error}), for asserting on refusals */
  dispatch: Dispatch;
  /** disposes the app, then removes the data folder when this helper made it */
  dispose(): Promise<void>;
}

const ctx = { host: 'preview' as const, sender: 'test' };

const dispatcherOf =
  (app: ComposedApp): Dispatch =>
  (channel, input) =>
    app.router.dispatch(channel, input, ctx);

const senderOf =
  (app: ComposedApp): Send =>
  async (channel, input) => {
    const r = await app.router.dispatch(channel, input, ctx);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), r.error);
    return r.value;
  };

/** A caller for an app composed elsewhere. */
export function callerOf(app: ComposedApp): Call {
  const send = senderOf(app);
  return async (channel, input) => (await send(channel, input)) as ChannelOutput<typeof channel>;
}

export async function composeTestApp(
  options: {
    /** an existing data folder (kept on dispose); default: a new temp folder named `<tempPrefix>XXXXXX` */
    dataDir?: string;
    tempPrefix?: string;
    timings?: Partial<RunTimings>;
    /** open the active profile's backend at start (default true) */
    warmUp?: boolean;
    demoSpeed?: number;
  } = {},
): Promise<TestApp> {
  const own = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), options.tempPrefix ?? 'portal-app-'));
  const compose: ComposeOptions = {
    host: 'preview',
    dataDir,
    logger: silentLogger,
    redactor: new Redactor(),
    version: '0.0.0-test',
    runs: {
      ...(options.timings ? { timings: options.timings } : {}),
      ...(options.warmUp !== undefined ? { warmUp: options.warmUp } : {}),
    },
    ...(options.demoSpeed !== undefined ? { demoSpeed: options.demoSpeed } : {}),
  };
  let app: ComposedApp;
  try {
    app = await composeApp(compose);
  } catch (e) {
    if (own) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let disposed = false;
  return {
    app,
    dataDir,
    call: callerOf(app),
    send: senderOf(app),
    dispatch: dispatcherOf(app),
    async dispose() {
      if (!disposed) await app.dispose();
      disposed = true;
      if (own) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One composed app for the test file (or describe block) it is called in: composed in beforeAll, disposed
 * with its temp data folder in afterAll. `app` and `dataDir` are readable once beforeAll has run.
 */
export function useComposedApp(options: Parameters<typeof composeTestApp>[0] = {}): TestApp {
  let current: TestApp | null = null;
  const now = (): TestApp => {
    if (!current) throw new Error('The app is composed in beforeAll; use it inside a test or hook.');
    return current;
  };
  beforeAll(async () => {
    current = await composeTestApp(options);
  });
  afterAll(async () => {
    await current?.dispose();
  });
  return {
    get app() {
      return now().app;
    },
    get dataDir() {
      return now().dataDir;
    },
    call: (channel, input) => now().call(channel, input),
    send: (channel, input) => now().send(channel, input),
    dispatch: (channel, input) => now().dispatch(channel, input),
    dispose: () => now().dispose(),
  };
}
