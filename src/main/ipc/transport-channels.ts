// The two raw Electron IPC channel names, shared by the main-process transport and the preload.
export const INVOKE_CHANNEL = 'portal:invoke';
export const EVENT_CHANNEL = 'portal:event';
