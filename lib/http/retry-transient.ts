import { type MonoTypeOperatorFunction, retry, type SchedulerLike, throwError, timer } from 'rxjs';
import { isTransientFailure, retryDelay, type RetryPolicy } from './retry-policy.js';

/**
 * Resubscribes to the source after a {@link TransientFailure} (no complete answer, 408, 429, 500,
 * 502, 503, 504), up to `policy.count` times, each after `policy.delay(attempt, failure)` ms on
 * `scheduler`; any other error passes at once. When the retries run out the last failure is the
 * stream's error.
 *
 * ```
 * source:  --#           (# a 503: ODataHttpError)
 * result:  --(250ms)--#  with { count: 1 } and a delay of 250 ms: one more request, then its error
 * ```
 */
export function retryTransient<T>(policy: RetryPolicy, scheduler?: SchedulerLike): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.count,
    delay: (error: unknown, attempt) => (isTransientFailure(error) ? timer(retryDelay(policy, attempt, error), scheduler) : throwError(() => error)),
  });
}
