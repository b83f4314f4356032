import type { FaultKind } from './scenario.js';

/** One request as the mock server saw it. */
export interface LoggedRequest {
  /** The method as sent, e.g. `POST` or `OPTIONS` for a CORS preflight. */
  readonly method: string;
  /** Path and query, as sent (percent-encoding kept). */
  readonly url: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body as text ('' when none). */
  readonly body: string;
  /** When the request arrived (`Date.now()`). */
  readonly time: number;
  /** The status answered; absent while pending, after a reset, or when the client left first. */
  readonly status?: number;
  /** The client closed the connection before the answer was sent. */
  readonly aborted?: boolean;
  /** The fault injected into this request, if any. */
  readonly fault?: FaultKind;
}

/** The mutable form the server fills in while it answers. */
export interface LogEntry {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  body: string;
  readonly time: number;
  status?: number;
  aborted?: boolean;
  fault?: FaultKind;
}

/** Which requests `requestsTo` returns: a path prefix (or absolute URL prefix), or a predicate. */
export type RequestFilter = string | ((request: LoggedRequest) => boolean);

/** Every request of one server, in arrival order. */
export class RequestLog {
  private entries: LogEntry[] = [];

  constructor(private readonly origin: string) {}

  /** Records a request as it arrives, so a request still in flight is already counted. */
  start(method: string, url: string, headers: Readonly<Record<string, string>>, time: number): LogEntry {
    const entry: LogEntry = { method, url, headers, body: '', time };
    this.entries.push(entry);
    return entry;
  }

  /** A snapshot of the log (the entries themselves keep receiving their status). */
  all(): readonly LoggedRequest[] {
    return [...this.entries];
  }

  /** Requests whose path+query starts with the prefix (an absolute URL of this server works too). */
  matching(filter: RequestFilter): LoggedRequest[] {
    if (typeof filter === 'function') return this.entries.filter((e) => filter(e));
    const prefix = filter.startsWith(this.origin) ? filter.slice(this.origin.length) : filter;
    return this.entries.filter((e) => e.url.startsWith(prefix));
  }

  clear(): void {
    this.entries = [];
  }
}
