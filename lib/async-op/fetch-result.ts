import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { defer, map, type Observable, of } from 'rxjs';
import { decodeOrThrow } from '../actions/decode-result.js';
import { unwrapPayload } from '../actions/unwrap.js';
import type { ODataClient } from '../client/odata-client.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { isTransientStatus } from './interpret-poll-response.js';
import { readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import { TransientFailure, withTransientRetries, type RetryOptions } from './transient-retry.js';

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
  if (update.resultUrl === undefined) {
    return defer(() =>
      of(
        decodeOrThrow(codec, unwrapPayload(update.body, client.protocol, source.operationName), {
          method: source.method ?? 'GET',
          url: update.location,
          status: update.httpStatus,
        }),
      ),
    );
  }
  const url = update.resultUrl;
  return defer(() => client.send({ method: 'GET', url })).pipe(
    map((response) => {
      if (isTransientStatus(response.status)) {
        throw TransientFailure.fromResponse(
          response,
          'GET',
          url,
          parseRetryAfter(response.headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs),
        );
      }
      const parsed = readBody(response);
      if (response.status < 200 || response.status > 299) {
        const body = isLeft(parsed) ? response.body : parsed.right;
        throw new ODataHttpError({ status: response.status, method: 'GET', url, headers: response.headers, body, odataError: parseODataError(body) });
      }
      if (isLeft(parsed))
        throw new ODataProtocolError(`GET ${url} (the operation's result) answered HTTP ${response.status}, but ${parsed.left}`, {
          method: 'GET',
          url,
          status: response.status,
        });
      return decodeOrThrow(codec, unwrapPayload(parsed.right, client.protocol, source.operationName), { method: 'GET', url, status: response.status });
    }),
    withTransientRetries(options),
  );
}
