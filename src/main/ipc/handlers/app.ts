import type { AppInfoService } from '../../app/app-info';
import type { HealthService } from '../../app/health';
import type { Handlers } from '../router';

export const appHandlers = (services: {
  appInfo: AppInfoService;
  health: HealthService;
}): Pick<Handlers, 'app.info' | 'app.health'> => ({
  'app.info': async () => services.appInfo.get(),
  'app.health': async () => services.health.get(),
});
