import { defer, map, type Observable } from 'rxjs';
import type { ODataClient } from '../client/odata-client.js';
import { interpretPollResponse, type PollOutcome } from './interpret-poll-response.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { TransientFailure, withTransientRetries } from './transient-retry.js';

/** The outcomes of one status request once transient failures are dealt with. */
export type SettledPollOutcome = Exclude<PollOutcome, { kind: 'transient' }>;

/** The options one status request needs. */
export type PollOnceOptions = Pick<ResolvedAsyncOpOptions<unknown>, 'scheduler' | 'maxRetryAfterMs' | 'statusMap' | 'retries' | 'honorRetryAfter'>;

/**
 * One status request to `location`, with its transient failures (network errors, 408, 429,
 * 502, 503, 504) retried up to `retries` times with backoff. The retries are part of this one
 * poll: they are not counted as polls. When they run out, the last failure is the error.
 * The outcome's `base` is the URL that answered, for resolving a relative `Location`.
 */
export function pollOnce(
  client: ODataClient,
  location: string,
  poll: number,
  options: PollOnceOptions,
): Observable<SettledPollOutcome & { readonly base: string }> {
  return defer(() => client.send({ method: 'GET', url: location })).pipe(
    map((response) => {
      const outcome = interpretPollResponse(response, {
        poll,
        location,
        nowMs: options.scheduler.now(),
        maxRetryAfterMs: options.maxRetryAfterMs,
        statusMap: options.statusMap,
      });
      if (outcome.kind === 'transient') throw TransientFailure.fromResponse(response, 'GET', location, outcome.retryAfterMs);
      return { ...outcome, base: response.url ?? location };
    }),
    withTransientRetries(options),
  );
}
