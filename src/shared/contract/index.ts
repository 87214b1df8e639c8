import type { z } from 'zod';
import { appChannels, appEvents } from './app';
import { uiChannels } from './ui';
import { settingsChannels, settingsEvents } from './settings';
import { runsChannels, runsEvents } from './runs';
import { artifactsChannels, artifactsEvents } from './artifacts';
import { bundlesChannels, bundlesEvents } from './bundles';
import { filesChannels, filesEvents } from './files';
import { archiveChannels } from './archive';
import { connectivityChannels, connectivityEvents } from './connectivity';
import { diagnosticsChannels } from './diagnostics';
import { authChannels, authEvents } from './auth';

// The one IPC contract. Every channel and push event is declared once, in a domain file beside this one,
// and merged here. Main (router), preload and the preview host transport all derive their types from
// these two objects; adding a channel means adding it to a domain file and writing its handler.
export const channels = {
  ...appChannels,
  ...uiChannels,
  ...settingsChannels,
  ...runsChannels,
  ...artifactsChannels,
  ...bundlesChannels,
  ...filesChannels,
  ...archiveChannels,
  ...connectivityChannels,
  ...diagnosticsChannels,
  ...authChannels,
} as const;

export const events = {
  ...appEvents,
  ...settingsEvents,
  ...runsEvents,
  ...artifactsEvents,
  ...bundlesEvents,
  ...filesEvents,
  ...connectivityEvents,
  ...authEvents,
} as const;

export type Channels = typeof channels;
export type Events = typeof events;
export type ChannelName = keyof Channels;
export type EventName = keyof Events;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export * from './errors';
export * from './result';
