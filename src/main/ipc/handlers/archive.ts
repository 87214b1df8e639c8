import type { RunBackend } from '../../runs/backend';
import type { Handlers } from '../router';

/** One run's whole story and the restore history, over the active profile's run backend. */
export const archiveHandlers = (services: {
  runBackend: { ready(): Promise<RunBackend> };
}): Pick<Handlers, 'runs.detail' | 'runs.restores'> => {
  const details = async () => (await services.runBackend.ready()).services.details;
  return {
    'runs.detail': async (input) => (await details()).detail(input.runId),
    'runs.restores': async (input) => (await details()).restores(input.runId, input.limit),
  };
};
