import { identity, type MonoTypeOperatorFunction, throwError, timeout } from 'rxjs';
import { ODataNetworkError } from '../errors/odata-network-error.js';
import type { HttpRequest, HttpResponse } from './http.js';

/**
 * `requestTimeout` as one deadline for the whole exchange: head **and** body. A transport emits
 * its response once the body has arrived in full, so a deadline on that first emission also
 * bounds a body that trickles in a byte at a time (axios's own `timeout` stops counting once the
 * head is in). When it passes, the exchange is unsubscribed, which aborts the request and
 * releases its socket, and the call fails with `ODataNetworkError` code `ETIMEDOUT`, which
 * status polls retry as transient.
 *
 * ```
 * transport:  ------(head)·····(body)r|     r: the response, once the body is complete
 * deadline:   ---------#                    #: ODataNetworkError ETIMEDOUT; the request is aborted
 * ```
 *
 * @param requestTimeout ms from subscribe to the complete answer; `undefined`: no deadline.
 * @param request The request, for the error's `method` and `url`.
 * @return An operator for a transport's Observable.
 */
export function exchangeDeadline(requestTimeout: number | undefined, request: HttpRequest): MonoTypeOperatorFunction<HttpResponse> {
  if (requestTimeout === undefined) return identity;
  const { method, url } = request;
  return timeout({
    first: requestTimeout,
    with: () =>
      throwError(
        () =>
          new ODataNetworkError({
            method,
            url,
            code: 'ETIMEDOUT',
            message: `${method} ${url} got no complete answer within requestTimeout (${requestTimeout} ms)`,
          }),
      ),
  });
}
