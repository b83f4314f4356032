import { Observable, type OperatorFunction, type Subscriber, type Unsubscribable } from 'rxjs';
import type { ActionResult } from '../odata/action-result.js';
import type { ODataClient } from '../odata/odata-client.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { AsyncOpOptions } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { decodeResult, lastPathSegment } from './fetch-result.js';
import { PollLoop } from './poll-loop.js';
import { resolveAsyncOpOptions, type ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { parseRetryAfter } from '../http/retry-after.js';
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
  return (source) =>
    new Observable<AsyncOpUpdate<R>>((subscriber) => {
      const operations = new Operations(client, resolved, subscriber);
      // Added before the source is read: a synchronous source may emit after the subscriber has
      // left (take(1) inside the first update), and what it starts then must be torn down too.
      subscriber.add(operations);
      operations.source = source.subscribe({
        next: (result) => {
          if (!subscriber.closed) operations.switchTo(result);
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        complete: () => {
          operations.sourceDone();
        },
      });
      if (subscriber.closed) operations.source.unsubscribe();
    });
}

/**
 * switchMap by hand, for the one inner stream an operation has: the updates of the newest
 * ActionResult. It keeps only what polling needs of the result (not its headers), and, while the
 * operation waits, nothing but itself and its loop: no operator subscribers and closures per operation.
 */
class Operations<R> implements Unsubscribable {
  source: Unsubscribable | undefined;
  private current: Unsubscribable | undefined;
  private sourceComplete = false;

  constructor(
    private readonly client: ODataClient,
    private readonly options: ResolvedAsyncOpOptions<R>,
    private readonly out: Subscriber<AsyncOpUpdate<R>>,
  ) {}

  /** A new ActionResult: cancel the previous operation's updates, start this one's. */
  switchTo(result: ActionResult): void {
    this.current?.unsubscribe();
    this.current = undefined;
    const { client, options } = this;
    const { status, body, request } = result;
    const source = options.result === undefined ? undefined : { method: request.method, operationName: lastPathSegment(request.url) };
    if (status !== 202) {
      let done: AsyncOpUpdate<R> = { status: AsyncOpStatus.Succeeded, poll: 0, location: request.url, httpStatus: status, body };
      try {
        if (options.result !== undefined)
          done = { ...done, result: decodeResult(client, options.result, body, source, { method: request.method, url: request.url, status }) };
      } catch (error) {
        this.out.error(error);
        return;
      }
      this.next(done);
      // A switch made inside next() has a new current operation: leave it alone.
      if (this.current === undefined) this.complete();
      return;
    }
    const raw = result.headers['location'];
    let initial: AsyncOpUpdate;
    try {
      if (raw === undefined || raw.trim() === '') {
        throw new ODataProtocolError(`${request.method} ${request.url} answered 202 Accepted without a Location: there is no status monitor to poll`, {
          method: request.method,
          url: request.url,
          status,
        });
      }
      // Parsed here, not with result.retryAfterMs(): the options' cap and scheduler clock apply.
      const retryAfterMs = parseRetryAfter(result.headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs);
      const progress = readStatusBody(body)?.percentComplete;
      initial = {
        status: AsyncOpStatus.Running,
        poll: 0,
        location: client.resolveUrl(raw, request.url),
        httpStatus: 202,
        body,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(progress === undefined ? {} : { percentComplete: progress }),
      };
    } catch (error) {
      this.out.error(error);
      return;
    }
    const loop = new PollLoop(client, { location: initial.location, source }, options, this);
    this.current = loop;
    loop.start(initial);
  }

  sourceDone(): void {
    this.sourceComplete = true;
    this.source = undefined;
    if (this.current === undefined) this.out.complete();
  }

  // The current operation's updates:
  next(update: AsyncOpUpdate<R>): void {
    this.out.next(update);
  }

  error(error: unknown): void {
    this.out.error(error);
  }

  complete(): void {
    const done = this.current;
    this.current = undefined;
    done?.unsubscribe();
    if (this.sourceComplete) this.out.complete();
  }

  unsubscribe(): void {
    this.source?.unsubscribe();
    this.current?.unsubscribe();
  }
}
