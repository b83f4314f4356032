import { map, type Observable, type OperatorFunction, switchAll } from 'rxjs';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseRetryAfter } from '../http/retry-after.js';
import type { ActionResult } from '../odata/action-result.js';
import { sessionOf } from '../odata/client-session.js';
import type { ODataClient } from '../odata/odata-client.js';
import type { AsyncOpOptions } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { chooseDialect } from './default-dialects.js';
import type { FirstAnswer } from './dialects/monitor-dialect.js';
import { decodeResult, lastPathSegment } from './fetch-result.js';
import { toUpdate, type PollLedger, type PollPlan } from './poll-once.js';
import { pollUpdates } from './poll-updates.js';
import { isHtmlPage } from './read-monitor-answer.js';
import { resolveAsyncOpOptions, type ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/**
 * Turns each {@link ActionResult} into the live status of its operation: a synchronous answer
 * is one `Succeeded` update; a `202 Accepted` is a `Running` update at once, then one update per
 * status request to its monitor, until the operation ends.
 *
 * ```
 * source:   --r|                         (r: 202 Accepted, Location: /monitor/1)
 * polls:       ---R---R---S|             (one status request per pollInterval)
 * result:   --R---R---R---S|             (Running, Running, Running, Succeeded)
 * failed:   --R---R---F#                 (F: the Failed update, #: AsyncOpFailedError)
 * ```
 *
 * It is `switchMap` from each result to its operation's updates (`pollUpdates`: a wait before
 * each status request, repeated until a terminal state, `retry` for transient failures within a
 * poll). `Succeeded` and `Cancelled` complete the stream; `Failed` is emitted and
 * then the stream errors with `AsyncOpFailedError`; `maxPolls` status requests or `timeout` ms
 * without a terminal state error with `AsyncOpTimeoutError`. A new source value switches to its
 * operation (the previous loop is cancelled). Unsubscribing stops the timer and aborts the
 * request in flight. Who reads the monitor is the `dialect` option, inferred from the first answer
 * when not given (Azure monitors, else OData v4 or SAP Gateway by the client's protocol).
 *
 * @example
 * client.action('SalesReportGenerate').parameter('Year', 2024).execute()
 *   .pipe(asyncOp$(client, { pollInterval: 3000, maxPolls: 100 }))
 *   .subscribe({ next: (u) => console.log(u.status, u.percentComplete), error: (e) => console.error(e) });
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
  // Checked now, like the options: a wrong argument is a TypeError here, not at the first result.
  sessionOf(client);
  // switchMap, written as its two halves: switchMap's subscriber would keep each ActionResult
  // (headers, body) alive for the whole operation; switchAll keeps only its updates' stream. The
  // one difference: a result that cannot start an operation (an HTML page, say) errors the stream
  // before the previous operation is left, so with cancelOnUnsubscribe its DELETE follows the error.
  return (source) =>
    source.pipe(
      map((result) => operationUpdates(client, result, resolved)),
      switchAll(),
    );
}

/** The updates of the operation a result started (or finished, for a synchronous answer). */
function operationUpdates<R>(client: ODataClient, result: ActionResult, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  // Called by map for each result, so no defer: what this throws is the stream's error.
  {
    const session = sessionOf(client);
    const { method, url } = result.request;
    const first: FirstAnswer = { method, url, status: result.status, headers: result.headers, body: result.body };
    const dialect = chooseDialect(options.dialect, first, session.protocol);
    refuseHtml(first);
    const start = dialect.start(first, { url, statusMap: options.statusMap });
    if (start.kind === 'error') throw start.error;
    const source = options.result === undefined ? undefined : { method, operationName: lastPathSegment(url) };
    if (start.kind === 'done') {
      let opening = toUpdate(start.reading, 0, url, undefined);
      if (opening.status === AsyncOpStatus.Succeeded && options.result !== undefined) {
        opening = { ...opening, result: decodeResult(session.protocol, options.result, opening.body, source, { method, url, status: result.status }) };
      }
      const ledger: PollLedger = { polls: 0, location: url, lastUpdate: undefined, deadline: undefined };
      return pollUpdates<R>({ session, dialect }, ledger, options, opening);
    }
    const monitor = session.resolveUrl(start.monitor, url);
    const resultUrl = start.resultUrl === undefined ? undefined : session.resolveUrl(start.resultUrl, url);
    // Parsed here, not with result.retryAfterMs(): the options' cap and scheduler clock apply.
    const retryAfterMs = parseRetryAfter(result.headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs);
    const plan: PollPlan = { session, dialect, started: { method, url, resultUrl, mode: start.mode }, source };
    const ledger: PollLedger = { polls: 0, location: monitor, lastUpdate: undefined, deadline: undefined };
    return pollUpdates<R>(plan, ledger, options, toUpdate(start.reading, 0, monitor, retryAfterMs));
  }
}

/** A 2xx HTML page (a login or proxy page in front of the service) is never an operation's answer (DESIGN.md rule 5). */
function refuseHtml({ method, url, status, headers, body }: FirstAnswer): void {
  if (status >= 300 || !isHtmlPage({ headers, body: typeof body === 'string' ? body : '' })) return;
  const type = headers['content-type'] ? `Content-Type ${headers['content-type']}` : 'no Content-Type';
  throw new ODataProtocolError(`${method} ${url} answered HTTP ${status} with an HTML page (${type}), such as a login or proxy page, not an OData answer`, {
    method,
    url,
    status,
  });
}
