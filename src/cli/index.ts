import { pathToFileURL } from 'node:url';
import { isAppError, type AppErrorData } from '../shared/contract/errors';
import { WorkbookInspector } from '../main/ingest/workbook-inspector';
import { silentLogger } from '../main/log/logger';
import { openFabricBackend, type RunBackend } from '../main/runs/backend';
import { loadInstallIdentity } from '../main/runs/install-identity';
import type { RunTimings } from '../main/runs/run-deps';
import { FlagReader, parseArgs, usage } from './args';
import { COMMANDS } from './commands';
import { cliDataDir, resolveConnection } from './connection';
import { EXIT, exitCodeFor } from './exit-codes';
import { printError, type Out } from './output';
import { USAGE } from './usage';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Test and tuning knobs from the environment (docs/cli.md "Tuning"). */
function timingsFromEnv(env: NodeJS.ProcessEnv): Partial<RunTimings> {
  const t: Partial<RunTimings> = {};
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw usage(`${name} must be a positive number.`);
    return n;
  };
  const set = <K extends keyof RunTimings>(k: K, v: number | undefined): void => {
    if (v !== undefined) t[k] = v;
  };
  set('pollMs', num('PORTAL_POLL_MS'));
  set('idleMs', num('PORTAL_POLL_MS'));
  set('monitorLeaseSec', num('PORTAL_MONITOR_LEASE_SEC'));
  set('lockLeaseSec', num('PORTAL_LOCK_LEASE_SEC'));
  set('triggerGraceSec', num('PORTAL_TRIGGER_GRACE_SEC'));
  return t;
}

/** Runs one `portal` command and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let out: Out = { json: argv.includes('--json'), stdout: io.stdout, stderr: io.stderr };
  let backend: RunBackend | null = null;
  try {
    const args = parseArgs(argv);
    out = { ...out, json: args.bools.has('json') };
    if (args.bools.has('help') || args.words.length === 0) {
      io.stdout(USAGE);
      return args.words.length === 0 && !args.bools.has('help') ? EXIT.USAGE : EXIT.OK;
    }
    const two = args.words.slice(0, 2).join(' ');
    const [name, rest] = COMMANDS[two] ? [two, args.words.slice(2)] : [args.words[0]!, args.words.slice(1)];
    const command = COMMANDS[name];
    if (!command) throw usage(`Unknown command "${args.words.join(' ')}".`);
    const one = (flag: string): string | undefined => args.flags.get(flag)?.[0];
    const dataDir = cliDataDir(one('data-dir'), io.env);
    const open = async (options: { monitor: boolean }): Promise<RunBackend> => {
      if (backend) return backend;
      const connection = await resolveConnection(
        {
          ...(one('profile') ? { profile: one('profile') } : {}),
          ...(one('secrets-toml') ? { secretsToml: one('secrets-toml') } : {}),
          env: io.env,
        },
        dataDir,
      );
      backend = await openFabricBackend(connection, {
        logger: silentLogger,
        identity: await loadInstallIdentity(dataDir),
        inspector: new WorkbookInspector(),
        timings: timingsFromEnv(io.env),
        monitor: options.monitor,
        applicationName: 'fabric-data-portal cli',
        startDemo: () => Promise.reject(new Error('not used by the CLI')),
        secret: async () => null,
      });
      return backend;
    };
    return await command({ args, out, open }, rest, new FlagReader(args));
  } catch (e) {
    const data: AppErrorData = isAppError(e)
      ? e.toData()
      : { code: 'INTERNAL', message: `Unexpected error: ${e instanceof Error ? e.message : String(e)}` };
    printError(out, data);
    return exitCodeFor(data.code);
  } finally {
    const b = backend as RunBackend | null;
    if (b) await b.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const io: CliIo = {
    env: process.env,
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
  };
  const code = await runCli(process.argv.slice(2), io);
  // Let stdout drain before exiting (a pipe may be slower than we are).
  process.stdout.write('', () => process.exit(code));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
