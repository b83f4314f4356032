import { isLeft } from '../http/either.js';
import { defer, map, type Observable, of, switchMap, throwError } from 'rxjs';
import type { ODataClient } from '../odata/odata-client.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollLoop } from './poll-loop.js';
import { readBody } from '../http/read-body.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { responseError } from '../odata/response-error.js';

/**
 * Asks the server to cancel the operation behind `location` (OData §11.6: `DELETE` on the status
 * monitor) and emits the outcome:
 * - 200 / 204: one `Cancelled` update, then complete;
 * - 202: the cancel is itself long-running: its `Running` updates, polled at its own `Location`,
 *   then `Cancelled` when it ends;
 * - 405: `ODataHttpError` saying the service cannot cancel (its `Allow` header says what it can);
 * - any other answer: `ODataHttpError` with the server's error.
 */
export function cancelOperation(
  client: ODataClient,
  location: string,
  options: Omit<ResolvedAsyncOpOptions<unknown>, 'result'>,
): Observable<AsyncOpUpdate<never>> {
  return defer(() => client.send({ method: 'DELETE', url: location })).pipe(
    switchMap((response) => {
      const { status, headers } = response;
      if (status === 200 || status === 204) {
        const parsed = readBody(response);
        return of({ status: AsyncOpStatus.Cancelled, poll: 0, location, httpStatus: status, body: isLeft(parsed) ? response.body : parsed.right });
      }
      if (status === 405) {
        const allow = headers['allow'] ? ` (Allow: ${headers['allow']})` : '';
        return throwError(() =>
          responseError(response, 'DELETE', location, `DELETE ${location} answered 405: the service cannot cancel this operation${allow}`),
        );
      }
      if (status !== 202) return throwError(() => responseError(response, 'DELETE', location));
      // The cancellation has its own monitor; its success is the operation's cancellation.
      const raw = headers['location'];
      if (raw === undefined || raw.trim() === '') {
        return throwError(
          () =>
            new ODataProtocolError(`DELETE ${location} answered 202 Accepted without a Location: the cancellation cannot be followed`, {
              method: 'DELETE',
              url: location,
              status,
            }),
        );
      }
      const monitor = client.resolveUrl(raw, response.url ?? location);
      const retryAfterMs = parseRetryAfter(headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs);
      const initial = {
        status: AsyncOpStatus.Running,
        poll: 0,
        location: monitor,
        httpStatus: 202,
        body: undefined,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
      return pollLoop<never>(client, { location: monitor, initial }, { ...options, result: undefined, cancelOnUnsubscribe: false }).pipe(
        map((update) => (update.status === AsyncOpStatus.Succeeded ? { ...update, status: AsyncOpStatus.Cancelled } : update)),
      );
    }),
  );
}
