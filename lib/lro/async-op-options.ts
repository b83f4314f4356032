import type { Observable, SchedulerLike } from 'rxjs';
import type * as t from 'io-ts';
import type { RetryOptions } from '../http/retry-policy.js';
import type { AsyncOpStatus } from './async-op-status.js';
import type { MonitorDialect } from './dialects/monitor-dialect.js';
import type { AsyncOpUpdate } from './async-op-update.js';

/** The wait before poll `poll` (1-based), given the last update seen. */
export type PollIntervalFn = (poll: number, lastUpdate: AsyncOpUpdate) => number;

/** Options of {@link asyncOp$}, {@link createAsyncPoller} and `resumeAsyncPoller`. */
export interface AsyncOpOptions<R = unknown> {
  /**
   * Milliseconds between status requests, or a function of the poll number (1-based) and the
   * last update. A server's `Retry-After` takes precedence while `honorRetryAfter` is on.
   * @default 2000
   */
  readonly pollInterval?: number | PollIntervalFn;
  /**
   * Status requests without a terminal state before giving up with `AsyncOpTimeoutError`
   * (`reason: 'maxPolls'`). `Infinity` polls until `timeout` or a terminal state.
   * @default 30
   */
  readonly maxPolls?: number;
  /**
   * Milliseconds in total for one operation, counted from the start of its polling (the 202
   * reaching asyncOp$; for `createAsyncPoller`, the first subscription), before giving up with
   * `AsyncOpTimeoutError` (`reason: 'timeout'`). The action call itself is bounded by the client's
   * `requestTimeout`.
   * @default undefined (no total timeout)
   */
  readonly timeout?: number;
  /**
   * Wait as long as the server's `Retry-After` asks (delta-seconds or HTTP-date), capped at
   * `maxRetryAfter`. Off: always wait `pollInterval`.
   * @default true
   */
  readonly honorRetryAfter?: boolean;
  /**
   * Upper bound, in ms, for any single wait the server asks for with `Retry-After`.
   * @default 300000 (5 minutes)
   */
  readonly maxRetryAfter?: number;
  /**
   * Transient failures retried within a poll (no complete answer: a reset, a timeout, unreadable
   * bytes; and 408, 429, 500, 502, 503, 504), not counted as polls: a count, or
   * `{ count, delay(attempt, failure) }` in the manner of rxjs's `RetryConfig`. The default delay is
   * exponential backoff with full jitter, or the server's `Retry-After` when it gives one. When the
   * retries run out the error is `ODataHttpError` or `ODataNetworkError`: the monitor could not be
   * read, which says nothing about the operation.
   * @default 3
   */
  readonly retries?: number | RetryOptions;
  /**
   * Send `DELETE` to the monitor when the subscriber leaves before a terminal state, asking
   * the server to cancel the operation.
   * @default false
   */
  readonly cancelOnUnsubscribe?: boolean;
  /**
   * Extra server status words (case-insensitive) and the status each one means, for monitors
   * that use words outside the built-in list, e.g. `{ 'SCHEDULED': 'Running' }`.
   * @default {}
   */
  readonly statusMap?: Readonly<Record<string, AsyncOpStatus>>;
  /**
   * io-ts codec for the operation's result. It is decoded from the final body, or fetched from
   * the terminal update's `resultUrl`, and set as `update.result`.
   * @default undefined (the result is not decoded; `body` holds it as parsed)
   */
  readonly result?: t.Type<R, unknown>;
  /**
   * Pause polling while the page is hidden (browser tab in the background) and resume as soon as
   * it is visible again: a poll that fell due while hidden goes out at once, none is lost or
   * doubled, and a request already in flight is allowed to finish. `true` follows
   * `document.visibilityState` (outside a browser the page counts as visible); an
   * `Observable<boolean>` of "visible" (emitting the current state on subscribe) is followed instead.
   * @default false
   */
  readonly pauseWhenHidden?: boolean | Observable<boolean>;
  /**
   * Who reads the monitor's answers: one of the built-in dialects (`odataV4Dialect`,
   * `sapGatewayDialect`, `azureDialect` or `createAzureDialect(…)`, `graphDialect`), a list of them
   * (the first that recognizes the operation's first answer reads it), or your own
   * {@link MonitorDialect}.
   * @default inferred from the first answer: an `Operation-Location` or `Azure-AsyncOperation`
   * header (or a PUT / PATCH answered with a `provisioningState`) means Azure, else OData v4 or SAP
   * Gateway by the client's protocol
   */
  readonly dialect?: MonitorDialect | readonly MonitorDialect[];
  /**
   * The scheduler for timers (tests pass a `TestScheduler`).
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
}
