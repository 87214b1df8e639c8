import type { DiagnosticsService } from '../../diagnostics';
import type { Handlers } from '../router';

export const diagnosticsHandlers = (services: {
  diagnostics: DiagnosticsService;
}): Pick<Handlers, 'profiles.testConnection' | 'diagnostics.run'> => ({
  'profiles.testConnection': async ({ profileId, parts }) =>
    services.diagnostics.testConnection(profileId, parts),
  'diagnostics.run': async () => services.diagnostics.run(),
});
