import type { PollIntervalFn } from './async-op-options.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { describeValue } from '../errors/describe-value.js';
export { DEFAULT_MAX_RETRY_AFTER_MS } from '../http/retry-after.js';

/** Default wait between status requests, in ms (the Go poller's `WithPollInterval` default). */
export const DEFAULT_POLL_INTERVAL_MS = 2000;
/** Default number of status requests before `AsyncOpTimeoutError` (`reason: 'maxPolls'`). */
export const DEFAULT_MAX_POLLS = 30;
/** Default number of retries of a transient failure, per status request. */
export const DEFAULT_RETRIES = 3;
/**
 * The longest delay a timer can take: Node and browsers store timer delays in a signed 32-bit
 * integer and fire a longer one AT ONCE (Node only warns). Every delay of this library stays
 * at or below it, so that a huge value can never turn into a tight poll loop.
 */
export const MAX_DELAY_MS = 2_147_483_647;

/** What a delay must be, for error messages. */
export const EXPECTED_DELAY = `a number of ms from 0 to ${MAX_DELAY_MS}`;

/** A number of ms that a timer can wait: from 0 to {@link MAX_DELAY_MS}. */
export function isDelay(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= MAX_DELAY_MS;
}

/**
 * Delay before status request number `nextPoll` (1-based).
 *
 * The last update's `retryAfterMs` wins when `honorRetryAfter` is on (capped at `maxRetryAfterMs`);
 * without one, `pollInterval` decides: a number, or a function of `nextPoll` and the last update.
 *
 * @example
 * pollDelay({ nextPoll: 1, lastUpdate, pollInterval: 2000, honorRetryAfter: true, maxRetryAfterMs: 300_000 })
 * // → 5000 when lastUpdate.retryAfterMs is 5000, else 2000
 *
 * @throws TypeError when `pollInterval` (or what its function returns) is negative, NaN, infinite or
 * above {@link MAX_DELAY_MS}: a programming error, reported with the poll number and the value.
 * @return A delay in ms, finite and ≥ 0.
 */
export function pollDelay({
  nextPoll,
  lastUpdate,
  pollInterval,
  honorRetryAfter,
  maxRetryAfterMs,
}: {
  readonly nextPoll: number;
  readonly lastUpdate: AsyncOpUpdate;
  readonly pollInterval: number | PollIntervalFn;
  readonly honorRetryAfter: boolean;
  readonly maxRetryAfterMs: number;
}): number {
  const { retryAfterMs } = lastUpdate;
  if (honorRetryAfter && retryAfterMs !== undefined) return clampToCap(retryAfterMs, maxRetryAfterMs);
  const delay = typeof pollInterval === 'function' ? pollInterval(nextPoll, lastUpdate) : pollInterval;
  if (isDelay(delay)) return delay;
  throw new TypeError(`pollInterval gave ${describeValue(delay)} for poll ${nextPoll}: it must be ${EXPECTED_DELAY}`);
}

/** `value` brought into `[0, min(cap, MAX_DELAY_MS)]`; a NaN value or cap counts as 0. */
function clampToCap(value: number, cap: number): number {
  return value > 0 && cap > 0 ? Math.min(value, cap, MAX_DELAY_MS) : 0;
}
