import type { AppInfo } from '../../shared/contract/app';
import type { HostKind } from '../ipc/types';

export type ActiveProfile = AppInfo['activeProfile'];

export const DEMO_PROFILE: ActiveProfile = { id: 'demo', name: 'Demo', kind: 'demo' };

export interface AppInfoService {
  get(): Promise<AppInfo>;
}

/**
 * `activeProfile` is a function so that the config service (profiles) can be plugged in by the composition
 * root without this service knowing about it.
 */
export function createAppInfoService(deps: {
  version: string;
  host: HostKind;
  platform: string;
  dataDir: string;
  activeProfile: () => Promise<ActiveProfile>;
}): AppInfoService {
  return {
    async get() {
      return {
        version: deps.version,
        host: deps.host,
        platform: deps.platform,
        dataDir: deps.dataDir,
        activeProfile: await deps.activeProfile(),
      };
    },
  };
}
