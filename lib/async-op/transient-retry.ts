import { isLeft } from 'fp-ts/lib/Either.js';
import { catchError, type MonoTypeOperatorFunction, pipe, retry, throwError, timer } from 'rxjs';
import type { HttpResponse } from '../client/http.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { isODataNetworkError, type ODataNetworkError } from '../errors/odata-network-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { transientRetryDelay } from './delay-policy.js';
import { readBody } from './read-body.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/** The options that shape transient retries. */
export type RetryOptions = Pick<ResolvedAsyncOpOptions<unknown>, 'scheduler' | 'maxRetryAfterMs' | 'retries' | 'honorRetryAfter'>;

/** An error answer as an `ODataHttpError`, with its body parsed (raw text when it is not JSON) and its OData error. */
export function responseError(response: HttpResponse, method: string, url: string, message?: string): ODataHttpError {
  const parsed = readBody(response);
  const body = isLeft(parsed) ? response.body : parsed.right;
  return new ODataHttpError({
    status: response.status,
    method,
    url,
    headers: response.headers,
    body,
    odataError: parseODataError(body),
    ...(message ? { message } : {}),
  });
}

/** A failure worth another try; carries the error to give up with and the server's wish for a wait. */
export class TransientFailure extends Error {
  override readonly name = 'TransientFailure';

  constructor(
    readonly error: ODataHttpError | ODataNetworkError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(error.message, { cause: error });
  }
}

/**
 * Retries the source while it fails transiently (a network error, or a `TransientFailure` the
 * source threw for a 408/429/502/503/504), up to `retries` times, waiting the server's
 * `Retry-After` or an exponential backoff with full jitter. When the retries run out, the last
 * failure's error is the error; any other error passes at once. (The poll loop does the same
 * by hand, without an operator chain per poll.)
 */
export function withTransientRetries<T>(options: RetryOptions): MonoTypeOperatorFunction<T> {
  const { honorRetryAfter, maxRetryAfterMs } = options;
  return pipe(
    catchError((error: unknown) => throwError(() => (isODataNetworkError(error) ? new TransientFailure(error, undefined) : error))),
    retry({
      count: options.retries,
      delay: (error: unknown, attempt: number) =>
        error instanceof TransientFailure
          ? timer(transientRetryDelay({ attempt, retryAfterMs: error.retryAfterMs, honorRetryAfter, maxRetryAfterMs, random: Math.random }), options.scheduler)
          : throwError(() => error),
    }),
    catchError((error: unknown) => throwError(() => (error instanceof TransientFailure ? error.error : error))),
  );
}
