// The app's logger (src/main/log): leveled, redacting, with child loggers.
export type { Logger } from '../log/logger';

export type HostKind = 'electron' | 'preview';

/** Who is calling. Handlers may use it for audit fields; it is never taken from the payload. */
export interface CallContext {
  host: HostKind;
  /** transport-specific caller id: the webContents id in Electron, the socket id in the preview host */
  sender: string;
}
