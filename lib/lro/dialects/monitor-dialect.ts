import type { ODataHttpError } from '../../errors/odata-http-error.js';
import type { ODataProtocolError } from '../../errors/odata-protocol-error.js';
import type { HttpMethod } from '../../http/http.js';
import type { ODataError } from '../../odata/odata-error.js';
import type { AsyncOpStatus } from '../async-op-status.js';

/**
 * The first answer of an operation, as a dialect reads it: the call's request, and its response
 * with the body already parsed (JSON, or the text as it came).
 */
export interface FirstAnswer {
  /** The method of the call that started the operation (`POST`, `PUT`, …). */
  readonly method: string;
  /** The absolute URL of that call: relative monitor URLs are resolved against it. */
  readonly url: string;
  /** The HTTP status of its answer. */
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body: a JSON value, the text when it is not JSON, `undefined` when empty. */
  readonly body: unknown;
}

/**
 * One answer of the status monitor, as a dialect reads it. The engine has already taken the
 * answers that say nothing about the operation: transient ones (408, 429, 500, 502–504: retried),
 * 401 / 403 (the caller's credentials), 1xx / 3xx, and HTML pages (a login or proxy page).
 */
export interface MonitorAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, as it came. */
  readonly text: string;
  /**
   * The parsed body: a JSON value, the text when it is not JSON, `undefined` when empty; or the
   * reason it could not be parsed although it should be JSON (`{ unreadable: '…' }`).
   */
  readonly body: ParsedBody;
}

/** A body as {@link MonitorAnswer} hands it over: its value, or why it could not be read. */
export type ParsedBody = ParsedValue | UnreadableBody;

/** A body that was read. */
export interface ParsedValue {
  /** A JSON value, the text when it is not JSON, `undefined` when empty. */
  readonly value: unknown;
}

/** A body that should be JSON (by its content type, or by how it starts) and is not. */
export interface UnreadableBody {
  /** Why it could not be read, e.g. `the body is not valid JSON: …`. */
  readonly unreadable: string;
}

/** What a dialect needs to know besides the answer itself. */
export interface DialectContext {
  /** The absolute URL of the monitor (or, for the first answer, of the call), for messages. */
  readonly url: string;
  /** Extra server status words (matched without regard to case, blanks, `_` and `-`) and what each means. */
  readonly statusMap: Readonly<Record<string, AsyncOpStatus>>;
  /** How the operation was started, when it is known (not for a monitor URL given to `createAsyncPoller`). */
  readonly started?: StartedBy | undefined;
}

/** How an operation was started, and where its dialect said the final result will be. */
export interface StartedBy {
  /** The method of the call that started it. */
  readonly method: string;
  /** The absolute URL of that call. */
  readonly url: string;
  /** The result's address as the first answer gave it (absolute): Azure's `Location`, or the call's own URL. */
  readonly resultUrl?: string | undefined;
  /** The dialect's own word for how this operation is polled, from {@link StartOutcome} (kept in poller tokens). */
  readonly mode?: string | undefined;
}

/** What one answer says of the operation: an `AsyncOpUpdate` without the fields the engine adds. */
export interface StatusReading {
  /** The operation's state as this answer says it. */
  readonly status: AsyncOpStatus;
  /** The HTTP status the reading comes from (the embedded one for an OData v4 completion). */
  readonly httpStatus: number;
  /** The server's own word, when there was one. */
  readonly rawStatus?: string | undefined;
  /** Progress in percent, 0–100. */
  readonly percentComplete?: number | undefined;
  /** Where the result is, as the server wrote it (the engine resolves and origin-checks it). */
  readonly resultUrl?: string | undefined;
  /** The server's error. */
  readonly error?: ODataError | undefined;
  /** The body the update carries (the embedded one for an OData v4 completion). */
  readonly body: unknown;
}

/** What the first answer means: over already, a monitor to poll, or an answer that cannot be read. */
export type StartOutcome = StartDone | StartPolling | ReadingError;

/** The operation is over already (a synchronous answer): the reading is terminal. */
export interface StartDone {
  /** Always `'done'`. */
  readonly kind: 'done';
  /** The terminal reading of the first answer. */
  readonly reading: StatusReading;
}

/** The operation runs: poll `monitor`. */
export interface StartPolling {
  /** Always `'poll'`. */
  readonly kind: 'poll';
  /** The opening reading (`Running`, with progress when the first answer gives it). */
  readonly reading: StatusReading;
  /** The monitor as the server wrote it: the engine resolves it against the call's URL and origin-checks it. */
  readonly monitor: string;
  /** Where the result will be, when the first answer says so (raw as well). */
  readonly resultUrl?: string | undefined;
  /** The dialect's own word for how it polls this operation; its `read` finds it in `context.started.mode`. */
  readonly mode?: string | undefined;
}

/** An answer that cannot be read: the error the stream ends with. */
export interface ReadingError {
  /** Always `'error'`. */
  readonly kind: 'error';
  /** What is wrong, naming what came. */
  readonly error: ODataProtocolError | ODataHttpError;
}

/** What one monitor answer means: an update, or an answer that cannot be read. */
export type PollReading = PollUpdate | ReadingError;

/** One monitor answer read as a status. */
export interface PollUpdate {
  /** Always `'update'`. */
  readonly kind: 'update';
  /** What the answer says of the operation. */
  readonly reading: StatusReading;
  /** The monitor to poll from now on, as the server wrote it (OData lets a running monitor move). */
  readonly next?: string | undefined;
}

/** A request that cancels an operation. */
export interface CancelRequest {
  /** The method, e.g. `DELETE` (OData) or `POST` (a vendor's own cancel action). */
  readonly method: HttpMethod;
  /** The absolute URL to send it to. */
  readonly url: string;
}

/**
 * The seam between the generic poll engine and a vendor's status monitors: data and pure
 * functions. The engine sends the requests, retries transient answers, enforces the limits and
 * origin checks; the dialect says what the answers mean.
 *
 * Built in: `odataV4Dialect`, `sapGatewayDialect`, `azureDialect` (`createAzureDialect` for
 * final-state-via), `graphDialect`. A vendor of your own is one object of this type.
 *
 * @example
 * // A job API that answers {"job": {"phase": "RUNNING" | "DONE" | "ERROR", "pct": 40}}
 * const jobDialect: MonitorDialect = {
 *   name: 'acme-jobs',
 *   recognizes: (first) => first.headers['x-job-monitor'] !== undefined,
 *   start: (first) => ({ kind: 'poll', monitor: first.headers['x-job-monitor'] ?? '', reading: { status: 'Running', httpStatus: first.status, body: first.body } }),
 *   read: (answer) => { … },
 * };
 */
export interface MonitorDialect {
  /** A short name (`'odata-v4'`, `'azure'`), kept in poller tokens and shown in messages. */
  readonly name: string;
  /**
   * Whether the first answer is one of this vendor's (when several dialects are given, the first
   * that recognizes the answer reads the operation).
   */
  recognizes(first: FirstAnswer): boolean;
  /** What the first answer means: over already, or a monitor to poll. */
  start(first: FirstAnswer, context: DialectContext): StartOutcome;
  /** What one monitor answer means. */
  read(answer: MonitorAnswer, context: DialectContext): PollReading;
  /** The request that cancels the operation behind `monitor`; absent when the vendor has none. */
  readonly cancel?: (monitor: string) => CancelRequest;
}

/** Whether a `dialect` option is a list (`Array.isArray` does not narrow a readonly array out of a union). */
export function isDialectList(dialect: MonitorDialect | readonly MonitorDialect[] | undefined): dialect is readonly MonitorDialect[] {
  return Array.isArray(dialect);
}
