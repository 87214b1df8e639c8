import type { RunBackend } from '../../runs/backend';
import type { Handlers } from '../router';

type RunsChannel =
  | 'runs.start'
  | 'runs.list'
  | 'runs.get'
  | 'runs.events'
  | 'runs.cancel'
  | 'runs.stats'
  | 'runs.restore'
  | 'lock.status'
  | 'lock.forceRelease'
  | 'files.list'
  | 'files.inspect'
  | 'results.current';

/** The runs, lock, files and results channels, over the active profile's run backend. */
export const runsHandlers = (services: {
  runBackend: { ready(): Promise<RunBackend> };
}): Pick<Handlers, RunsChannel> => {
  const s = async () => (await services.runBackend.ready()).services;
  return {
    'runs.start': async (input) =>
      (await s()).orchestrator.start({ inputPath: input.inputPath, parameters: input.parameters ?? {} }),
    'runs.list': async (input) => (await s()).orchestrator.list(input),
    'runs.get': async (input) => (await s()).orchestrator.get(input.runId),
    'runs.events': async (input) => ({
      events: await (await s()).orchestrator.events(input.runId, input.limit),
    }),
    'runs.cancel': async (input) => (await s()).orchestrator.cancel(input.runId),
    'runs.stats': async (input) => (await s()).orchestrator.stats(input.limit, input.excludeRunId ?? null),
    'runs.restore': async (input) => (await s()).restorer.restore(input.runId, input.reason),
    'lock.status': async () => (await s()).orchestrator.lockStatus(),
    'lock.forceRelease': async (input) => (await s()).orchestrator.forceRelease(input.reason),
    'files.list': async () => ({ files: await (await s()).files.list() }),
    'files.inspect': async (input) => (await s()).files.inspect(input.path, input.maxRows),
    'results.current': async (input) => (await s()).results.current(input.runId),
  };
};
