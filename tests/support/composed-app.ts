import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type ComposedApp, type ComposeOptions } from '../../src/main/compose';
import { silentLogger } from '../../src/main/log/logger';
import { Redactor } from '../../src/main/log/redact';
import type { RunTimings } from '../../src/main/runs/run-deps';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';

// The app as integration tests drive it: the real composition root (the same services the Electron main
// process and the preview host run) in a temp data folder, called through its router like a renderer.

export type Call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;

export interface TestApp {
  app: ComposedApp;
  dataDir: string;
  /** dispatches like the renderer; a failed call throws an Error carrying the AppError's code, message, hint */
  call: Call;
  /** disposes the app, then removes the data folder when this helper made it */
  dispose(): Promise<void>;
}

const ctx = { host: 'preview' as const, sender: 'test' };

/** A caller for an app composed elsewhere. */
export function callerOf(app: ComposedApp): Call {
  return async (channel, input) => {
    const r = (await app.router.dispatch(channel, input, ctx)) as Result<ChannelOutput<typeof channel>>;
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), r.error);
    return r.value;
  };
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
    async dispose() {
      if (!disposed) await app.dispose();
      disposed = true;
      if (own) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
