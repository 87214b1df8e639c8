import { z } from 'zod';
import { channel, event, noInput } from './define';

// Whether the app can reach its database and Fabric, and since when it answers from the local run-history
// snapshot instead. Answers served from the snapshot carry an `offline` marker (OfflineMarkerSchema).

const iso = z.string();

/** Added to runs.list / runs.get / runs.events / runs.detail / results.current answers read offline. */
export const OfflineMarkerSchema = z.object({
  /** when the app lost the connection (ISO) */
  since: iso,
  /** when the local copy was last brought up to date from the database (ISO); null when never */
  lastSyncAt: iso.nullable(),
  /** why the app is offline, in words */
  reason: z.string(),
});
export type OfflineMarker = z.infer<typeof OfflineMarkerSchema>;

const reachability = z.enum(['unknown', 'reachable', 'unreachable']);

export const ConnectivitySchema = z.object({
  online: z.boolean(),
  database: reachability,
  fabric: reachability,
  /** offline since (ISO); null while online */
  since: iso.nullable(),
  lastSyncAt: iso.nullable(),
  /** why offline; null while online */
  reason: z.string().nullable(),
  /**
   * what keeps the app offline: a server that cannot be reached, or the profile's credentials (a client
   * secret missing from the keychain, refused by Entra ID), which only Settings can mend; absent while online
   */
  cause: z.enum(['unreachable', 'credentials']).optional(),
  /** when the next reconnect attempt is due (ISO); null while online */
  nextAttemptAt: iso.nullable(),
});
export type Connectivity = z.infer<typeof ConnectivitySchema>;

export const connectivityChannels = {
  'connectivity.status': channel(
    'Whether the database and Fabric can be reached, offline since when and the last sync time',
    noInput,
    ConnectivitySchema,
  ),
  'connectivity.retry': channel(
    'Try to reach the database again now instead of waiting for the next attempt',
    noInput,
    ConnectivitySchema,
  ),
};

export const connectivityEvents = {
  'connectivity.changed': event('The app went offline, came back online or synced', ConnectivitySchema),
};
