import { isLeft } from '../http/either.js';
import { defer, map, type Observable, of, switchMap, throwError } from 'rxjs';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { readBody } from '../http/read-body.js';
import { responseError } from '../odata/response-error.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import type { PollPlan } from './poll-once.js';
import { pollUpdates } from './poll-updates.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/**
 * Asks the server to cancel the operation behind `location` with the dialect's cancel request
 * (OData §11.6: `DELETE` on the status monitor) and emits the outcome:
 * - 200 / 204: one `Cancelled` update, then complete;
 * - 202: the cancel is itself long-running: its `Running` updates, polled at its own `Location`,
 *   then `Cancelled` when it ends;
 * - 405: `ODataHttpError` saying the service cannot cancel (its `Allow` header says what it can);
 * - any other answer: `ODataHttpError` with the server's error.
 * A dialect without a cancel request (Azure) fails with a `TypeError` when subscribed.
 * The updates go on with the operation's poll count: `polls` status requests were made before.
 */
export function cancelOperation(
  plan: PollPlan,
  location: string,
  options: Omit<ResolvedAsyncOpOptions<unknown>, 'result'>,
  polls = 0,
): Observable<AsyncOpUpdate<never>> {
  const { session, dialect } = plan;
  return defer(() => {
    if (dialect.cancel === undefined) throw new TypeError(`cancel(): the ${dialect.name} dialect has no way to cancel an operation`);
    const request = dialect.cancel(location);
    return session.send(request).pipe(
      switchMap((response) => {
        const { status, headers } = response;
        const { method, url } = request;
        if (status === 200 || status === 204) {
          const parsed = readBody(response);
          return of({ status: AsyncOpStatus.Cancelled, poll: polls, location, httpStatus: status, body: isLeft(parsed) ? response.body : parsed.right });
        }
        if (status === 405) {
          const allow = headers['allow'] ? ` (Allow: ${headers['allow']})` : '';
          return throwError(() => responseError(response, method, url, `${method} ${url} answered 405: the service cannot cancel this operation${allow}`));
        }
        if (status !== 202) return throwError(() => responseError(response, method, url));
        // The cancellation has its own monitor; its success is the operation's cancellation.
        const raw = headers['location'];
        if (raw === undefined || raw.trim() === '') {
          return throwError(
            () =>
              new ODataProtocolError(`${method} ${url} answered 202 Accepted without a Location: the cancellation cannot be followed`, { method, url, status }),
          );
        }
        const monitor = session.resolveUrl(raw, response.url ?? url);
        const retryAfterMs = parseRetryAfter(headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs);
        const opening = {
          status: AsyncOpStatus.Running,
          poll: 0,
          location: monitor,
          httpStatus: 202,
          body: undefined,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        };
        const ledger = { polls, location: monitor, lastUpdate: undefined, deadline: undefined };
        return pollUpdates<never>(plan, ledger, { ...options, result: undefined, cancelOnUnsubscribe: false }, opening).pipe(
          map((update) => (update.status === AsyncOpStatus.Succeeded ? { ...update, status: AsyncOpStatus.Cancelled } : update)),
        );
      }),
    );
  });
}
