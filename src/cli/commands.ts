import { AppError } from '../shared/contract/errors';
import {
  RUN_STATUS_VALUES,
  RunListQuerySchema,
  TERMINAL_RUN_STATUSES,
  type Run,
  type RunStatusValue,
} from '../shared/contract/runs';
import type { RunBackend } from '../main/runs/backend';
import { FlagReader, usage, type ParsedArgs } from './args';
import { EXIT } from './exit-codes';
import { eventsText, lockText, printResult, runsTable, runText, type Out } from './output';

export interface CommandContext {
  args: ParsedArgs;
  out: Out;
  /** opens the backend; monitor: also take part in monitoring the active run */
  open: (options: { monitor: boolean }) => Promise<RunBackend>;
}

type Command = (ctx: CommandContext, rest: string[], flags: FlagReader) => Promise<number>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function runIdArg(rest: string[], command: string): string {
  const id = rest[0];
  if (id === undefined) throw usage(`\`portal ${command}\` needs a run id.`);
  if (rest.length > 1) throw usage(`\`portal ${command}\` takes one run id.`);
  if (!UUID_RE.test(id))
    throw usage(`"${id}" is not a run id (a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427).`);
  return id;
}

function noArgs(rest: string[], command: string): void {
  if (rest.length > 0) throw usage(`\`portal ${command}\` takes no arguments (got "${rest.join(' ')}").`);
}

/** "sales.xlsx" means Files/import/sales.xlsx. */
function lakehousePath(p: string): string {
  return p.startsWith('Files/') ? p : `Files/import/${p}`;
}

function parseParams(values: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw usage(`--param ${v}: write it as name=value.`);
    params[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return params;
}

const isEnded = (s: RunStatusValue): boolean => TERMINAL_RUN_STATUSES.includes(s);

/** Follows a run (this process also monitors it) until it ends; 0 when Completed, 5 otherwise. */
async function waitForEnd(
  ctx: CommandContext,
  backend: RunBackend,
  runId: string,
): Promise<{ run: Run; code: number }> {
  let last: RunStatusValue | null = null;
  for (;;) {
    const run = await backend.services.orchestrator.get(runId).catch((e: unknown) => {
      // The database may be away for a while; keep waiting, the monitor records what happened meanwhile.
      if (e instanceof AppError && e.code === 'DB_UNAVAILABLE') return null;
      throw e;
    });
    if (run && run.status !== last) {
      last = run.status;
      if (!ctx.out.json) ctx.out.stderr(`${new Date().toISOString()}  ${run.status}\n`);
    }
    if (run && isEnded(run.status)) return { run, code: run.status === 'Completed' ? EXIT.OK : EXIT.FABRIC };
    await new Promise((r) => setTimeout(r, 500));
  }
}

const runsStart: Command = async (ctx, rest, f) => {
  noArgs(rest, 'runs start');
  const input = f.one('input');
  const params = parseParams(f.many('param'));
  const wait = f.bool('wait');
  f.done('runs start');
  if (!input) throw usage('`portal runs start` needs --input <path>, e.g. --input sales_orders_fact.xlsx.');
  const backend = await ctx.open({ monitor: wait });
  const run = await backend.services.orchestrator.start({
    inputPath: lakehousePath(input),
    parameters: params,
  });
  if (!wait) {
    printResult(ctx.out, run, runText(run));
    return EXIT.OK;
  }
  if (!ctx.out.json)
    ctx.out.stderr(`started run ${run.runId}; waiting for it to end (Ctrl+C stops waiting, not the run)\n`);
  const ended = await waitForEnd(ctx, backend, run.runId);
  printResult(ctx.out, ended.run, runText(ended.run));
  return ended.code;
};

const runsList: Command = async (ctx, rest, f) => {
  noArgs(rest, 'runs list');
  const status = f.one('status');
  const raw = {
    limit: f.int('limit', 1, 200),
    offset: f.int('offset', 0, 1_000_000),
    sort: f.one('sort'),
    direction: f.bool('asc') ? 'asc' : undefined,
    status: status?.split(',').map((s) => s.trim()),
    from: f.one('from'),
    to: f.one('to'),
    requestedBy: f.one('requested-by'),
    inputName: f.one('input'),
    text: f.one('text'),
  };
  f.done('runs list');
  const query = RunListQuerySchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!query.success) {
    const issue = query.error.issues[0];
    const hint = issue?.path[0] === 'status' ? ` Statuses: ${RUN_STATUS_VALUES.join(', ')}.` : '';
    throw usage(`Invalid ${issue?.path.join('.') || 'option'}: ${issue?.message ?? 'invalid'}.${hint}`);
  }
  const backend = await ctx.open({ monitor: false });
  const list = await backend.services.orchestrator.list(query.data);
  printResult(ctx.out, list, runsTable(list.runs, list.total));
  return EXIT.OK;
};

const runsShow: Command = async (ctx, rest, f) => {
  const runId = runIdArg(rest, 'runs show');
  const wait = f.bool('wait');
  f.done('runs show');
  const backend = await ctx.open({ monitor: wait });
  if (wait) {
    const ended = await waitForEnd(ctx, backend, runId);
    printResult(ctx.out, ended.run, runText(ended.run));
    return ended.code;
  }
  const run = await backend.services.orchestrator.get(runId);
  printResult(ctx.out, run, runText(run));
  return EXIT.OK;
};

const runsEvents: Command = async (ctx, rest, f) => {
  const runId = runIdArg(rest, 'runs events');
  f.done('runs events');
  const events = await (await ctx.open({ monitor: false })).services.orchestrator.events(runId, 1_000);
  printResult(ctx.out, { events }, eventsText(events));
  return EXIT.OK;
};

const runsCancel: Command = async (ctx, rest, f) => {
  const runId = runIdArg(rest, 'runs cancel');
  f.done('runs cancel');
  const run = await (await ctx.open({ monitor: false })).services.orchestrator.cancel(runId);
  printResult(
    ctx.out,
    run,
    `${runText(run)}\ncancellation requested; the status becomes Cancelled when Fabric reports it`,
  );
  return EXIT.OK;
};

const lockShow: Command = async (ctx, rest, f) => {
  noArgs(rest, 'lock show');
  f.done('lock show');
  const status = await (await ctx.open({ monitor: false })).services.orchestrator.lockStatus();
  printResult(ctx.out, status, lockText(status));
  return EXIT.OK;
};

const lockRelease: Command = async (ctx, rest, f) => {
  noArgs(rest, 'lock release');
  const reason = f.one('reason')?.trim();
  f.done('lock release');
  if (!reason) throw usage('`portal lock release` needs --reason "<why the lock is stuck>" (it is audited).');
  const r = await (await ctx.open({ monitor: false })).services.orchestrator.forceRelease(reason);
  printResult(
    ctx.out,
    r,
    r.released
      ? `released the lock of ${r.previousHolderLabel} (run ${r.previousRunId ?? '-'})`
      : 'the lock was not held',
  );
  return EXIT.OK;
};

const resultsShow: Command = async (ctx, rest, f) => {
  noArgs(rest, 'results show');
  const runId = f.one('run');
  f.done('results show');
  if (runId !== undefined) runIdArg([runId], 'results show --run');
  const r = await (await ctx.open({ monitor: false })).services.results.current(runId);
  const k = r.kpis;
  const text = k
    ? [
        `run ${r.runId} (${r.source}: ${r.reason})`,
        `rows in ${k.rows_in}, valid ${k.rows_valid}, rejected ${k.rows_rejected}, duplicates removed ${k.duplicates_removed}`,
        `revenue ${k.total_revenue}, orders ${k.order_count}, units ${k.units_sold}`,
      ].join('\n')
    : r.reason;
  printResult(ctx.out, r, text);
  return EXIT.OK;
};

const restore: Command = async (ctx, rest, f) => {
  const runId = runIdArg(rest, 'restore');
  const reason = f.one('reason');
  f.done('restore');
  const r = await (await ctx.open({ monitor: false })).services.restorer.restore(runId, reason);
  printResult(
    ctx.out,
    r,
    `Files/results/current now holds run ${r.runId} (was ${r.previousRunId ?? 'none'}): ${r.files.join(', ')}`,
  );
  return EXIT.OK;
};

const filesList: Command = async (ctx, rest, f) => {
  noArgs(rest, 'files list');
  f.done('files list');
  const files = await (await ctx.open({ monitor: false })).services.files.list();
  printResult(
    ctx.out,
    { files },
    files.length
      ? files.map((x) => `${x.path}  ${x.size}  ${x.lastModified}`).join('\n')
      : 'Files/import is empty.',
  );
  return EXIT.OK;
};

const filesUpload: Command = async (ctx, rest, f) => {
  const local = rest[0];
  if (local === undefined || rest.length > 1) throw usage('`portal files upload` takes one local file.');
  const as = f.one('as');
  f.done('files upload');
  const file = await (await ctx.open({ monitor: false })).services.files.upload(local, as);
  printResult(ctx.out, file, `uploaded ${file.path} (${file.size} bytes)`);
  return EXIT.OK;
};

const inspect: Command = async (ctx, rest, f) => {
  const p = rest[0];
  if (p === undefined || rest.length > 1) throw usage('`portal inspect` takes one workbook path.');
  const rows = f.int('rows', 1, 100) ?? 10;
  f.done('inspect');
  const r = await (await ctx.open({ monitor: false })).services.files.inspect(lakehousePath(p), rows);
  const text = [
    `${r.path}: sheet ${r.sheet}, header row ${r.headerRow}, ${r.profile.rows_in} rows`,
    `columns: ${r.columns.map((c) => c.name).join(', ')}`,
    r.missingRequired.length
      ? `MISSING required columns: ${r.missingRequired.join(', ')}`
      : 'all required columns present',
    ...r.profile.rules.map(
      (rule) => `rule ${rule.id} (${rule.severity}): ${rule.count} rows  ${rule.description}`,
    ),
    ...r.rows.map((row) => `${row.row}: ${row.values.map((v) => (v === null ? '' : String(v))).join(' | ')}`),
  ].join('\n');
  printResult(ctx.out, r, text);
  return EXIT.OK;
};

export const COMMANDS: Record<string, Command> = {
  'runs start': runsStart,
  'runs list': runsList,
  'runs show': runsShow,
  'runs events': runsEvents,
  'runs cancel': runsCancel,
  'lock show': lockShow,
  'lock release': lockRelease,
  'results show': resultsShow,
  restore,
  'files list': filesList,
  'files upload': filesUpload,
  inspect,
};
