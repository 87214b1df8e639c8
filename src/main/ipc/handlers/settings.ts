import type { SettingsService } from '../../config/settings-service';
import type { Handlers } from '../router';

type SettingsChannel =
  | 'profiles.list'
  | 'profiles.save'
  | 'profiles.delete'
  | 'profiles.activate'
  | 'secrets.status'
  | 'secrets.set'
  | 'secrets.clear'
  | 'profiles.importSecretsToml'
  | 'config.keychainStatus';

export const settingsHandlers = (services: {
  settings: SettingsService;
}): Pick<Handlers, SettingsChannel> => {
  const s = services.settings;
  return {
    'profiles.list': async () => s.listProfiles(),
    'profiles.save': async (input) => s.saveProfile(input),
    'profiles.delete': async ({ id }) => s.deleteProfile(id),
    'profiles.activate': async ({ id }) => s.activateProfile(id),
    'secrets.status': async ({ profileId }) => s.secretsStatus(profileId),
    'secrets.set': async ({ profileId, name, value }) => s.setSecret(profileId, name, value),
    'secrets.clear': async ({ profileId, name }) => s.clearSecret(profileId, name),
    'profiles.importSecretsToml': async ({ content }) => s.importSecretsToml(content),
    'config.keychainStatus': async ({ recheck }) => s.keychainStatus(recheck),
  };
};
