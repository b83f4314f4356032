import { isODataHttpError, type ODataHttpError } from '../errors/odata-http-error.js';
import { isODataNetworkError, type ODataNetworkError } from '../errors/odata-network-error.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * A failure worth the same request again later: no complete answer came (`ODataNetworkError`), or
 * the answer was one of a proxy's, a gateway's or a throttle's (408, 429, 500, 502, 503, 504).
 * It is also the error the caller gets when the retries run out.
 */
export type TransientFailure = ODataHttpError | ODataNetworkError;

/**
 * How transient failures are retried, in the manner of rxjs's `RetryConfig`.
 *
 * @example
 * { count: 5, delay: (attempt) => 1000 * attempt } // 1 s, 2 s, 3 s, 4 s, 5 s
 */
export interface RetryOptions {
  /** How many times a failed request is sent again, an integer ≥ 0. */
  readonly count: number;
  /**
   * Milliseconds before retry number `attempt` (1-based), given the failure it answers. Returning
   * `NaN`, a negative or a non-finite number is a `TypeError` on the stream.
   * @default exponential backoff with full jitter, or the server's `Retry-After` when it sent one
   */
  readonly delay?: (attempt: number, failure: TransientFailure) => number;
}

/** {@link RetryOptions} with the default delay applied: what the loops run on. */
export interface RetryPolicy {
  readonly count: number;
  readonly delay: (attempt: number, failure: TransientFailure) => number;
}

/**
 * Answers of proxies, gateways and throttles, or of a server that failed before it could say
 * anything of the request: 408, 429, 500, 502, 503, 504. They say nothing about an operation.
 */
export const TRANSIENT_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** Whether an HTTP status is worth the same request again later ({@link TRANSIENT_STATUSES}). */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.includes(status);
}

/** Whether `error` is a {@link TransientFailure}: no complete answer, or a transient status. */
export function isTransientFailure(error: unknown): error is TransientFailure {
  return isODataNetworkError(error) || (isODataHttpError(error) && isTransientStatus(error.status));
}

/** First backoff step of a transient retry, in ms, before jitter. */
export const BACKOFF_BASE_MS = 500;
/** Longest backoff step of a transient retry, in ms, before jitter. */
export const BACKOFF_MAX_MS = 30_000;

/**
 * "Full jitter" exponential backoff: `min(BACKOFF_MAX_MS, BACKOFF_BASE_MS × 2^(attempt − 1)) ×
 * random()`. Full jitter spreads the retries of many clients that failed together (a dashboard's
 * pollers behind one proxy) instead of sending them back in one wave.
 *
 * @example
 * backoffDelay(3, () => 0.5) // → 1000 (500 × 2² × 0.5)
 *
 * @param attempt The retry number, an integer ≥ 1.
 * @param random A source of numbers in [0, 1); values outside are clamped into it, NaN counts as 0.
 * @throws RangeError when `attempt` is not an integer ≥ 1 (a programming error).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  if (!(Number.isInteger(attempt) && attempt > 0)) throw new RangeError(`backoffDelay: attempt must be an integer >= 1, got ${attempt}`);
  // 2 ** 2000 is Infinity, which Math.min brings back to BACKOFF_MAX_MS; `r > 0` is false for NaN.
  const r = random();
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)) * (r > 0 ? Math.min(r, 1) : 0);
}

/** What the default delay needs besides the failure: the server's wish, the clock and the dice. */
export interface DefaultDelaySettings {
  /** Follow a transient answer's `Retry-After` (capped at `maxRetryAfterMs`). */
  readonly honorRetryAfter: boolean;
  readonly maxRetryAfterMs: number;
  /** The current time in ms since the epoch, for `Retry-After` HTTP-dates. */
  readonly now: () => number;
  /** The jitter source; `Math.random` unless a test fixes it. */
  readonly random?: () => number;
}

/**
 * The default delay of a retry: the server's `Retry-After` when the failure carries one and
 * `honorRetryAfter` is on (capped), else {@link backoffDelay}.
 */
export function defaultRetryDelay({ honorRetryAfter, maxRetryAfterMs, now, random = Math.random }: DefaultDelaySettings): RetryPolicy['delay'] {
  return (attempt, failure) => {
    const wish = honorRetryAfter && isODataHttpError(failure) ? parseRetryAfter(failure.headers['retry-after'], now(), maxRetryAfterMs) : undefined;
    return wish ?? backoffDelay(attempt, random);
  };
}

/** What a `retries` option must be, for error messages. */
export const EXPECTED_RETRIES = 'an integer >= 0, or { count, delay(attempt, failure) }';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether `value` is a valid `retries` option: a count, or {@link RetryOptions}. */
export function isRetriesOption(value: unknown): value is number | RetryOptions {
  if (isCount(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const count: unknown = Reflect.get(value, 'count');
  const delay: unknown = Reflect.get(value, 'delay');
  return isCount(count) && (delay === undefined || typeof delay === 'function');
}

/** The longest delay a timer can take (a signed 32-bit count of ms): a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The delay before retry number `attempt`, checked: a delay function that returns NaN, a negative
 * number or more than a timer can wait is a programming error, reported as such.
 * @throws TypeError naming the attempt and the value.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, failure: TransientFailure): number {
  const ms = policy.delay(attempt, failure);
  if (typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMER_MS) return ms;
  throw new TypeError(`retries.delay gave ${String(ms)} for retry ${attempt}: it must be a number of ms from 0 to ${MAX_TIMER_MS}`);
}

/**
 * A `retries` option as the policy the loops run on: a count takes the default delay, and so does
 * `{ count }` without one. Read once: a getter cannot hand the loop another value later.
 */
export function retryPolicy(option: number | RetryOptions, defaultDelay: RetryPolicy['delay']): RetryPolicy {
  if (typeof option === 'number') return { count: option, delay: defaultDelay };
  const { count, delay } = option;
  return { count, delay: delay ?? defaultDelay };
}
