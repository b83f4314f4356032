import type { Observable, SchedulerLike } from 'rxjs';
import type * as t from 'io-ts';
import type { AsyncOpStatus } from './async-op-status.js';
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
   * Transient failures retried per poll (network errors, 408, 429, 502, 503, 504), with
   * exponential backoff and jitter (or the server's `Retry-After`). They do not count as polls.
   * @default 3
   */
  readonly retries?: number;
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
   * The scheduler for timers (tests pass a `TestScheduler`).
   * @default asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
}
