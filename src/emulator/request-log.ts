export type EmulatorService = 'token' | 'jobs' | 'onelake';

export interface LoggedRequest {
  service: EmulatorService;
  method: string;
  /** path without the query string */
  path: string;
  /** path with the query string */
  url: string;
  /** HTTP status sent; 0 when the connection was dropped by a fault */
  status: number;
  /** ISO time the request arrived */
  time: string;
  durationMs: number;
  /** id of the fault rule that shaped this response, if any */
  faultId?: string;
}

export interface RequestFilter {
  service?: EmulatorService;
  method?: string;
  path?: RegExp | string;
  status?: number;
}

/**
 * Every request the emulator answered (admin calls excluded), so tests can count client traffic. Keeps
 * the newest `maxEntries`, so a demo-mode emulator polled for hours does not grow without bound.
 */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  constructor(private readonly maxEntries = 50_000) {}

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  filter(filter: RequestFilter = {}): LoggedRequest[] {
    const pathRe = typeof filter.path === 'string' ? new RegExp(filter.path) : filter.path;
    return this.entries.filter(
      (e) =>
        (filter.service === undefined || e.service === filter.service) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (pathRe === undefined || pathRe.test(e.path)) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.filter(filter).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
