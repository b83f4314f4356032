import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { defer, map, type Observable, of } from 'rxjs';
import { decodeOrThrow } from '../actions/decode-result.js';
import { unwrapPayload } from '../actions/unwrap.js';
import type { ODataClient } from '../client/odata-client.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { isTransientStatus } from './interpret-poll-response.js';
import { readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import { responseError, TransientFailure, withTransientRetries, type RetryOptions } from './transient-retry.js';

/** Where the result comes from: the operation's name unwraps SAP's `{"d":{"<Name>": …}}`. */
export interface ResultSource {
  readonly method?: string;
  readonly operationName?: string;
}

/**
 * The decoded result of a succeeded operation: fetched from its `resultUrl` when it has one
 * (already origin-checked; transient failures retried like polls), else taken from the final
 * body. OData wrappers are unwrapped first.
 */
export function fetchResult<R>(
  client: ODataClient,
  update: AsyncOpUpdate,
  codec: t.Type<R, unknown>,
  options: RetryOptions,
  source: ResultSource = {},
): Observable<R> {
  const decode = (body: unknown, method: string, url: string, status: number) =>
    decodeOrThrow(codec, unwrapPayload(body, client.protocol, source.operationName), { method, url, status });
  const url = update.resultUrl;
  if (url === undefined) return defer(() => of(decode(update.body, source.method ?? 'GET', update.location, update.httpStatus)));
  return defer(() => client.send({ method: 'GET', url })).pipe(
    map((response) => {
      const { status } = response;
      if (isTransientStatus(status)) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs);
        throw new TransientFailure(responseError(response, 'GET', url), retryAfterMs);
      }
      if (status < 200 || status > 299) throw responseError(response, 'GET', url);
      const parsed = readBody(response);
      if (isLeft(parsed))
        throw new ODataProtocolError(`GET ${url} (the operation's result) answered HTTP ${status}, but ${parsed.left}`, { method: 'GET', url, status });
      return decode(parsed.right, 'GET', url, status);
    }),
    withTransientRetries(options),
  );
}
