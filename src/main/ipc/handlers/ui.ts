import type { UiStateStore } from '../../ui-state/store';
import type { Handlers } from '../router';

export const uiHandlers = (services: {
  uiState: UiStateStore;
}): Pick<Handlers, 'ui.getState' | 'ui.setState'> => ({
  'ui.getState': async () => services.uiState.get(),
  'ui.setState': async (patch) => services.uiState.update(patch),
});
