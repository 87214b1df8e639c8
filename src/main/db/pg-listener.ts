import pg from 'pg';
import type { DbProfile, ListenOptions, NotificationHandler } from './db';
import { connectionErrorToAppError } from './db-errors';
import { pgClientConfig } from './pg-config';
import { quoteIdent } from './sql-ident';

interface Subscription {
  handler: NotificationHandler;
  onResync?: () => void;
}

export interface PgListenerOptions {
  applicationName: string;
  /** first reconnect delay; doubles per failed attempt up to maxBackoffMs, with jitter */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onError?: (e: unknown) => void;
}

/**
 * LISTEN needs one long-lived connection (a pooled one would drop the registration when returned). When
 * the server goes away, this reconnects with capped exponential backoff, LISTENs again on every channel
 * and tells subscribers to resync, because notifications sent during the outage are gone.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly channels = new Map<string, Set<Subscription>>();
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private everConnected = false;

  constructor(
    private readonly profile: DbProfile,
    private readonly options: PgListenerOptions,
  ) {}

  async listen(
    channel: string,
    handler: NotificationHandler,
    options: ListenOptions = {},
  ): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('The database connection is closed.');
    const sub: Subscription = { handler, onResync: options.onResync };
    let subs = this.channels.get(channel);
    const isNewChannel = subs === undefined;
    if (subs === undefined) {
      subs = new Set();
      this.channels.set(channel, subs);
    }
    subs.add(sub);
    try {
      await this.ensureConnected();
      if (isNewChannel && this.client !== undefined) await this.client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (e) {
      this.remove(channel, sub);
      throw connectionErrorToAppError(e, this.profile) ?? e;
    }
    return async () => {
      if (this.remove(channel, sub) && this.client !== undefined && !this.closed) {
        await this.client.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** true when the channel has no subscribers left */
  private remove(channel: string, sub: Subscription): boolean {
    const subs = this.channels.get(channel);
    if (subs === undefined) return false;
    subs.delete(sub);
    if (subs.size > 0) return false;
    this.channels.delete(channel);
    return true;
  }

  private ensureConnected(): Promise<void> {
    if (this.client !== undefined) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(pgClientConfig(this.profile, this.options.applicationName));
    client.on('notification', (msg) => {
      for (const sub of this.channels.get(msg.channel) ?? []) {
        try {
          sub.handler(msg.payload ?? '');
        } catch (e) {
          this.options.onError?.(e);
        }
      }
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    const isReconnect = this.everConnected;
    this.client = client;
    this.everConnected = true;
    this.attempt = 0;
    if (isReconnect) {
      for (const subs of this.channels.values()) for (const sub of subs) sub.onResync?.();
    }
  }

  private lost(client: pg.Client, e: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (e !== undefined) this.options.onError?.(connectionErrorToAppError(e, this.profile) ?? e);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer !== undefined || this.channels.size === 0) return;
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 30_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    // Equal jitter: many laptops that lost the server together do not all come back in the same instant.
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ensureConnected().catch((err: unknown) => {
        this.options.onError?.(connectionErrorToAppError(err, this.profile) ?? err);
        this.scheduleReconnect();
      });
    }, delay);
  }
}
