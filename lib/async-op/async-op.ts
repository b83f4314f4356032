import { defer, map, type Observable, of, type OperatorFunction, switchMap, throwError } from 'rxjs';
import type { ActionResult, RequestInfo } from '../actions/action-result.js';
import type { ODataClient } from '../client/odata-client.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { AsyncOpOptions } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { fetchResult } from './fetch-result.js';
import { pollLoop } from './poll-loop.js';
import { resolveAsyncOpOptions, type ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { parseRetryAfter } from './retry-after.js';
import { readStatusBody } from './status-body.js';

/**
 * Turns each {@link ActionResult} into the live status of its operation: a synchronous answer
 * is one `Succeeded` update; a `202 Accepted` is a `Running` update at once, then one update per
 * status request to its `Location`, until the operation ends.
 *
 * ```
 * source:   --r|                         (r: 202 Accepted, Location: /monitor/1)
 * polls:       ---R---R---S|             (one status request per pollInterval)
 * result:   --R---R---R---S|             (Running, Running, Running, Succeeded)
 * failed:   --R---R---F#                 (F: the Failed update, #: AsyncOpFailedError)
 * ```
 *
 * `Succeeded` and `Cancelled` complete the stream; `Failed` is emitted and then the stream
 * errors with `AsyncOpFailedError`; `maxPolls` status requests or `timeout` ms without a
 * terminal state error with `AsyncOpTimeoutError`. A new source value switches to its
 * operation (the previous loop is cancelled). Unsubscribing stops the timer and aborts the
 * request in flight.
 *
 * @example
 * client.action('SalesReportGenerate').parameter('Year', 2024).execute()
 *   .pipe(asyncOp$(client, { pollInterval: 3000, maxPolls: 100 }))
 *   .subscribe(u => console.log(u.status, u.percentComplete));
 * // Running undefined
 * // Running 40
 * // Succeeded 100
 *
 * @param client The client that made the call: its session (headers, cookies, CSRF, allowed origins) is used for the polls.
 * @param options {@link AsyncOpOptions}; invalid options throw a `TypeError` here, when the operator is created.
 * @return An operator from `ActionResult` to `AsyncOpUpdate`.
 */
export function asyncOp$<R = unknown>(client: ODataClient, options?: AsyncOpOptions<R>): OperatorFunction<ActionResult, AsyncOpUpdate<R>> {
  const resolved = resolveAsyncOpOptions(options);
  // switchMap keeps its source value alive as long as the inner stream runs: hand it the few
  // fields an operation needs, not the whole ActionResult with every header.
  return (source) =>
    source.pipe(
      map(startOf),
      switchMap((start) => operationUpdates(client, start, resolved)),
    );
}

/** What an operation's update stream needs of its ActionResult. */
interface OperationStart {
  readonly status: number;
  readonly request: RequestInfo;
  /** The `Location` header as sent (raw: the origin check must see control characters too). */
  readonly location: string | undefined;
  readonly retryAfter: string | undefined;
  readonly body: unknown;
}

function startOf(result: ActionResult): OperationStart {
  const raw = result.headers['location'];
  return {
    status: result.status,
    request: result.request,
    location: raw === undefined || raw.trim() === '' ? undefined : raw,
    retryAfter: result.headers['retry-after'],
    body: result.body,
  };
}

/** The update stream of one action result: synchronous, or polled. */
function operationUpdates<R>(client: ODataClient, result: OperationStart, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  const source = { method: result.request.method, ...(result.request.operationName === undefined ? {} : { operationName: result.request.operationName }) };
  return defer(() => {
    if (result.status === 202) {
      const location = result.location;
      if (location === undefined) {
        return throwError(
          () =>
            new ODataProtocolError(
              `${result.request.method} ${result.request.url} answered 202 Accepted without a Location: there is no status monitor to poll`,
              { method: result.request.method, url: result.request.url, status: 202 },
            ),
        );
      }
      const monitor = client.resolveUrl(location, result.request.url);
      // Parsed here, not with result.retryAfterMs(): the options' cap and scheduler clock apply.
      const retryAfterMs = parseRetryAfter(result.retryAfter, options.scheduler.now(), options.maxRetryAfterMs);
      const progress = readStatusBody(result.body)?.percentComplete;
      const initial: AsyncOpUpdate = {
        status: AsyncOpStatus.Running,
        poll: 0,
        location: monitor,
        httpStatus: 202,
        body: result.body,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(progress === undefined ? {} : { percentComplete: progress }),
      };
      return pollLoop(client, { location: monitor, initial, source }, options);
    }
    const done: AsyncOpUpdate<R> = { status: AsyncOpStatus.Succeeded, poll: 0, location: result.request.url, httpStatus: result.status, body: result.body };
    if (options.result === undefined) return of(done);
    return fetchResult(client, done, options.result, options, source).pipe(map((value) => ({ ...done, result: value })));
  });
}
