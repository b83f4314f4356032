import { isLeft } from 'fp-ts/lib/Either.js';
import { catchError, defer, map, type Observable, retry, throwError, timer } from 'rxjs';
import type { ODataClient } from '../client/odata-client.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { isODataNetworkError, type ODataNetworkError } from '../errors/odata-network-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { transientRetryDelay } from './delay-policy.js';
import { interpretPollResponse, type PollOutcome } from './interpret-poll-response.js';
import { readBody } from './read-body.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/** The outcomes of one status request once transient failures are dealt with. */
export type SettledPollOutcome = Exclude<PollOutcome, { kind: 'transient' }>;

/** A failure worth another try; carries the error to give up with and the server's wish for a wait. */
class TransientFailure {
  constructor(
    readonly error: ODataHttpError | ODataNetworkError,
    readonly retryAfterMs: number | undefined,
  ) {}
}

/**
 * One status request to `location`, with its transient failures (network errors, 408, 429,
 * 502, 503, 504) retried up to `retries` times with backoff. The retries are part of this one
 * poll: they are not counted as polls. When they run out, the last failure is the error.
 */
export function pollOnce(
  client: ODataClient,
  location: string,
  poll: number,
  options: Pick<ResolvedAsyncOpOptions<unknown>, 'scheduler' | 'maxRetryAfterMs' | 'statusMap' | 'retries' | 'honorRetryAfter'>,
): Observable<SettledPollOutcome> {
  return defer(() => client.send({ method: 'GET', url: location })).pipe(
    catchError((error: unknown) => throwError(() => (isODataNetworkError(error) ? new TransientFailure(error, undefined) : error))),
    map((response): SettledPollOutcome => {
      const outcome = interpretPollResponse(response, {
        poll,
        location,
        nowMs: options.scheduler.now(),
        maxRetryAfterMs: options.maxRetryAfterMs,
        statusMap: options.statusMap,
      });
      if (outcome.kind !== 'transient') return outcome;
      const parsed = readBody(response);
      const body = isLeft(parsed) ? response.body : parsed.right;
      throw new TransientFailure(
        new ODataHttpError({ status: response.status, method: 'GET', url: location, headers: response.headers, body, odataError: parseODataError(body) }),
        outcome.retryAfterMs,
      );
    }),
    retry({
      count: options.retries,
      delay: (error: unknown, attempt: number) =>
        error instanceof TransientFailure
          ? timer(
              transientRetryDelay({
                attempt,
                retryAfterMs: error.retryAfterMs,
                honorRetryAfter: options.honorRetryAfter,
                maxRetryAfterMs: options.maxRetryAfterMs,
                random: Math.random,
              }),
              options.scheduler,
            )
          : throwError(() => error),
    }),
    catchError((error: unknown) => throwError(() => (error instanceof TransientFailure ? error.error : error))),
  );
}
