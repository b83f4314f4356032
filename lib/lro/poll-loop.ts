import { first, Observable, type Observer, type SchedulerAction, type Subscription, type Unsubscribable } from 'rxjs';
import type { ODataClient } from '../odata/odata-client.js';
import type { HttpResponse } from '../http/http.js';
import { AsyncOpFailedError } from '../errors/async-op-failed-error.js';
import { AsyncOpTimeoutError } from '../errors/async-op-timeout-error.js';
import { isODataNetworkError } from '../errors/odata-network-error.js';
import { AsyncOpStatus, isTerminalStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollDelay, transientRetryDelay } from './delay-policy.js';
import { decodeResult, resultFrom, type ResultSource } from './fetch-result.js';
import { interpretPollResponse, isTransientStatus } from './interpret-poll-response.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { responseError } from '../odata/response-error.js';
import { parseRetryAfter } from '../http/retry-after.js';

/**
 * What is known of one operation across poll loops: a poller that restarts (its last subscriber
 * left, a new one came) continues the count, the deadline and the delay instead of starting over.
 */
export interface PollLedger {
  /** Status requests made so far. */
  polls: number;
  /** The newest monitor URL. */
  location: string;
  /** The last update seen (emitted again as the opening update of a restarted loop). */
  lastUpdate: AsyncOpUpdate | undefined;
  /** Scheduler time at which `timeout` runs out, fixed when the first loop started. */
  deadline: number | undefined;
}

/** Where a poll loop starts. */
export interface PollLoopStart {
  /** The monitor to poll first: absolute and origin-checked. */
  readonly location: string;
  /** The update that opens the stream (from the 202, `poll: 0`); without one the first poll goes out at once. */
  readonly initial?: AsyncOpUpdate | undefined;
  /** Carried over between loops of one operation; the loop keeps its own when not given. */
  readonly ledger?: PollLedger;
  /** The operation that was started, for unwrapping its result (`d.<Name>` on SAP v2). */
  readonly source?: ResultSource | undefined;
}

/** Where a loop reports: a Subscriber, or asyncOp$'s switch. */
export type LoopSink<R> = Observer<AsyncOpUpdate<R>>;

/**
 * The poll loop of one operation as an Observable: emits the opening update (if any), then one
 * update per status request, each sent only after the previous one answered and its delay ran
 * out (polls never overlap). Completes after `Succeeded` or `Cancelled`; emits `Failed` and then
 * errors with `AsyncOpFailedError`; errors with `AsyncOpTimeoutError` when `maxPolls` or
 * `timeout` run out. Unsubscribing stops the timer and aborts the request in flight (and sends
 * a DELETE when `cancelOnUnsubscribe` is on).
 */
export function pollLoop<R>(client: ODataClient, start: PollLoopStart, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  return new Observable<AsyncOpUpdate<R>>((subscriber) => {
    // Torn down with the subscriber before it starts: a subscriber that leaves inside next(), on
    // a synchronous scheduler, stops the loop there and then.
    const loop = new PollLoop(client, start, options, subscriber);
    subscriber.add(loop);
    loop.start(start.initial);
  });
}

/** What a loop's scheduled actions call. */
interface Timed {
  due(): void;
  expire(): void;
}

// Scheduled work as module functions (the loop is the action's state): a waiting loop holds no closure.
function due(this: SchedulerAction<Timed>, loop?: Timed): void {
  loop?.due();
}

function expire(this: SchedulerAction<Timed>, loop?: Timed): void {
  loop?.expire();
}

/**
 * One operation's loop, stepped by hand: wait (one scheduled action), send (one request), read
 * the answer, then wait again. A transient failure (network error, 408, 429, 502, 503, 504) is
 * retried within the same poll, after a backoff, up to `retries` times; retries are not polls.
 * Its state lives in its fields, not in closures: 10,000 of these may wait in one dashboard.
 */
export class PollLoop<R> implements PollLedger, Timed, Unsubscribable {
  // The loop is its own ledger when it is given none (asyncOp$): one object less per operation.
  polls = 0;
  location: string;
  lastUpdate: AsyncOpUpdate | undefined;
  deadline: number | undefined;
  private readonly ledger: PollLedger;
  /** The one step under way: a wait, a request, a visibility wait or a result fetch. */
  private step: Subscription | undefined;
  /** Counts steps started, to tell whether a step ended inside the call that started it. */
  private steps = 0;
  private timer: Subscription | undefined;
  /** Transient retries of the current request so far. */
  private tries = 0;
  /** The `Succeeded` update whose result is being fetched from its `resultUrl`. */
  private fetching: AsyncOpUpdate | undefined;
  /**
   * The last request sent. It may outlive its step (the answer came, its transport has not
   * completed yet), but not the next request nor the loop: a transport that never completes
   * leaks nothing.
   */
  private request: Subscription | undefined;
  /** Reached an end (terminal update, error): unsubscribing sends no DELETE. */
  private ended = false;
  private closed = false;
  /** The last relative `Location` resolved: a monitor that stays put is origin-checked once. */
  private memo: { readonly raw: string; readonly base: string; readonly url: string } | undefined;

  private readonly source: ResultSource | undefined;

  constructor(
    private readonly client: ODataClient,
    start: Omit<PollLoopStart, 'initial'>,
    private readonly options: ResolvedAsyncOpOptions<R>,
    private readonly out: LoopSink<R>,
  ) {
    this.location = start.location;
    this.ledger = start.ledger ?? this;
    this.source = start.source;
  }

  /** Emits the opening update (`initial`, else the ledger's last one) and sets the loop going. */
  start(initial?: AsyncOpUpdate): this {
    const { ledger, options } = this;
    // Set before the first step: a synchronous scheduler may run every poll inside deliver().
    if (options.timeout !== undefined) ledger.deadline ??= options.scheduler.now() + options.timeout;
    this.deliver(initial ?? ledger.lastUpdate, ledger.location);
    if (ledger.deadline !== undefined && options.timeout !== undefined && !this.ended && !this.closed) {
      const timer = options.scheduler.schedule<Timed>(expire, Math.max(0, ledger.deadline - options.scheduler.now()), this);
      if (!this.closed) this.timer = timer;
    }
    return this;
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    this.step?.unsubscribe();
    this.request?.unsubscribe();
    this.timer?.unsubscribe();
    // The subscriber left before the end: ask the server to stop the operation, once, and
    // expect no answer (nobody is listening any more).
    if (this.options.cancelOnUnsubscribe && !this.ended && !(this.ledger.lastUpdate && isTerminalStatus(this.ledger.lastUpdate.status))) {
      this.ended = true;
      this.client.send({ method: 'DELETE', url: this.ledger.location }).subscribe({ error: () => undefined });
    }
  }

  /** The wait is over: send the poll, or (while the page is hidden) wait for it to show. */
  due(): void {
    const visible$ = this.options.visible$;
    // A retry belongs to a poll that already passed the gate.
    if (visible$ === undefined || this.tries > 0 || this.fetching) {
      this.send();
      return;
    }
    const mark = ++this.steps;
    this.hold(
      visible$.pipe(first(Boolean)).subscribe({
        next: () => {
          this.send();
        },
        error: (e: unknown) => {
          this.fail(e);
        },
      }),
      mark,
    );
  }

  expire(): void {
    const { ledger } = this;
    this.fail(
      new AsyncOpTimeoutError({
        reason: 'timeout',
        polls: ledger.polls,
        location: ledger.location,
        lastUpdate: ledger.lastUpdate,
        limit: this.options.timeout ?? 0,
      }),
    );
  }

  /** Emits `update` (if any), then ends, or waits for the next poll of `location`. */
  private deliver(update: AsyncOpUpdate | undefined, location: string): void {
    const { ledger, options, out } = this;
    if (update !== undefined) {
      ledger.lastUpdate = update;
      const terminal = isTerminalStatus(update.status);
      if (terminal) this.ended = true;
      out.next(update as AsyncOpUpdate<R>); // `result` is only ever decoded with the codec for R
      // A switch or an unsubscribe made inside next() wins: this loop says nothing more.
      if (this.closed) return;
      // End on the terminal update itself, not when the response that carried it completes.
      if (update.status === AsyncOpStatus.Failed) {
        out.error(new AsyncOpFailedError(update));
        return;
      }
      if (terminal) {
        out.complete();
        return;
      }
    }
    if (this.closed) return;
    if (ledger.polls >= options.maxPolls) {
      this.fail(new AsyncOpTimeoutError({ reason: 'maxPolls', polls: ledger.polls, location, lastUpdate: update, limit: options.maxPolls }));
      return;
    }
    // The deadline's own action cannot run while a synchronous scheduler keeps the loop busy.
    if (options.timeout !== undefined && ledger.deadline !== undefined && options.scheduler.now() >= ledger.deadline) {
      this.expire();
      return;
    }
    ledger.location = location;
    this.tries = 0;
    let delay = 0;
    if (update !== undefined) {
      try {
        const { pollInterval, honorRetryAfter, maxRetryAfterMs } = options;
        delay = pollDelay({ nextPoll: ledger.polls + 1, lastUpdate: update, pollInterval, honorRetryAfter, maxRetryAfterMs });
      } catch (error) {
        this.fail(error);
        return;
      }
    }
    this.wait(delay);
  }

  private wait(delay: number): void {
    const mark = ++this.steps;
    this.hold(this.options.scheduler.schedule<Timed>(due, delay, this), mark);
  }

  /**
   * Keeps `step` as the step under way, unless a later step took its place while it started
   * (a synchronous scheduler or transport runs a whole step inside the call that starts it).
   */
  private hold(step: Subscription, mark: number): void {
    if (this.steps === mark && !this.closed) this.step = step;
  }

  /** Sends the status request (or the result request, once the operation succeeded). */
  private send(): void {
    const { ledger, fetching } = this;
    if (this.tries === 0 && !fetching) ledger.polls += 1;
    const mark = ++this.steps;
    const url = fetching?.resultUrl ?? ledger.location;
    this.request?.unsubscribe();
    const request = this.client.send({ method: 'GET', url }).subscribe({
      next: (response) => {
        // What throws here (a transport that breaks its contract) must end the stream, not go unhandled.
        try {
          if (fetching) this.readResult(response, fetching);
          else this.read(response, url);
        } catch (error) {
          this.fail(error);
        }
      },
      error: (error: unknown) => {
        if (!isODataNetworkError(error) || !this.retry(undefined)) this.fail(error);
      },
    });
    if (this.closed) request.unsubscribe();
    else this.request = request;
    this.hold(request, mark);
  }

  /** One status response: an update, a failure worth a retry, or an error. */
  private read(response: HttpResponse, url: string): void {
    const { ledger, options } = this;
    const outcome = interpretPollResponse(response, {
      poll: ledger.polls,
      location: url,
      nowMs: options.scheduler.now(),
      maxRetryAfterMs: options.maxRetryAfterMs,
      statusMap: options.statusMap,
    });
    if (outcome.kind === 'transient') {
      if (!this.retry(outcome.retryAfterMs)) this.fail(responseError(response, 'GET', url));
      return;
    }
    if (outcome.kind === 'error') {
      this.fail(outcome.error);
      return;
    }
    // Resolved against the URL that answered, and origin-checked, like every URL a server hands us.
    const base = response.url ?? url;
    let update = outcome.update;
    let next = url;
    try {
      if (outcome.nextLocation !== undefined && outcome.nextLocation.trim() !== '') next = this.follow(outcome.nextLocation, url, base);
      if (update.resultUrl !== undefined) update = { ...update, resultUrl: this.client.resolveUrl(update.resultUrl, base) };
    } catch (error) {
      this.fail(error);
      return;
    }
    const codec = options.result;
    if (update.status !== AsyncOpStatus.Succeeded || codec === undefined) {
      this.deliver(update, next);
    } else if (update.resultUrl === undefined) {
      let result;
      try {
        result = decodeResult(this.client, codec, update.body, this.source, { method: this.source?.method ?? 'GET', url, status: update.httpStatus });
      } catch (error) {
        this.fail(error);
        return;
      }
      this.deliver({ ...update, result }, next);
    } else {
      // The result lives elsewhere: fetch it (retrying transient failures like polls) before the end.
      this.fetching = update;
      this.tries = 0;
      this.send();
    }
  }

  /** The answer to the result request of `succeeded`. */
  private readResult(response: HttpResponse, succeeded: AsyncOpUpdate): void {
    const { options } = this;
    const url = succeeded.resultUrl ?? succeeded.location;
    if (isTransientStatus(response.status)) {
      if (!this.retry(parseRetryAfter(response.headers['retry-after'], options.scheduler.now(), options.maxRetryAfterMs))) {
        this.fail(responseError(response, 'GET', url));
      }
      return;
    }
    let result;
    try {
      // `options.result` is set: only then is a result fetched.
      result = options.result && resultFrom(this.client, options.result, response, url, this.source);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.deliver({ ...succeeded, result }, url);
  }

  /** The monitor a `Location` points to; the same text against the same base is checked once. */
  private follow(raw: string, polled: string, base: string): string {
    // The URL just polled (absolute, as most servers send it) passed the check already.
    if (raw === polled) return polled;
    const memo = this.memo;
    if (memo !== undefined && memo.raw === raw && memo.base === base) return memo.url;
    const url = this.client.resolveUrl(raw, base);
    this.memo = { raw, base, url };
    return url;
  }

  /** Waits out a backoff and sends the poll again; false when the retries have run out. */
  private retry(retryAfterMs: number | undefined): boolean {
    const { options } = this;
    if (this.tries >= options.retries || this.closed) return false;
    this.tries += 1;
    const { honorRetryAfter, maxRetryAfterMs } = options;
    this.wait(transientRetryDelay({ attempt: this.tries, retryAfterMs, honorRetryAfter, maxRetryAfterMs, random: Math.random }));
    return true;
  }

  private fail(error: unknown): void {
    this.ended = true;
    this.out.error(error);
  }
}
