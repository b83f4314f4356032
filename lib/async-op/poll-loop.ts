import { concatMap, defer, first, map, Observable, of, Subscription, throwError, timer } from 'rxjs';
import type { ODataClient } from '../client/odata-client.js';
import { AsyncOpFailedError } from '../errors/async-op-failed-error.js';
import { AsyncOpTimeoutError } from '../errors/async-op-timeout-error.js';
import { AsyncOpStatus, isTerminalStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollDelay } from './delay-policy.js';
import { fetchResult, type ResultSource } from './fetch-result.js';
import { pollOnce, type SettledPollOutcome } from './poll-once.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

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
  readonly initial?: AsyncOpUpdate;
  /** Carried over between loops of one operation; a fresh one per loop when not given. */
  readonly ledger?: PollLedger;
  /** The operation that was started, for unwrapping its result (`d.<Name>` on SAP v2). */
  readonly source?: ResultSource;
}

/** What the loop knows between two polls. */
interface LoopState {
  readonly update: AsyncOpUpdate | undefined;
  /** The newest monitor URL: a Running 202 may move the monitor. */
  readonly location: string;
}

/**
 * The poll loop of one operation: emits the opening update (if any), then one update per
 * status request, each request sent only after the previous one answered and its delay ran
 * out (so polls never overlap). Completes after `Succeeded` or `Cancelled`; emits `Failed` and
 * then errors with `AsyncOpFailedError`; errors with `AsyncOpTimeoutError` when `maxPolls` or
 * `timeout` run out. Every subscription has its own state; unsubscribing stops the timer and
 * aborts the request in flight (and sends a DELETE when `cancelOnUnsubscribe` is on).
 */
export function pollLoop<R>(client: ODataClient, start: PollLoopStart, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  return new Observable<AsyncOpUpdate<R>>((subscriber) => {
    const ledger: PollLedger = start.ledger ?? { polls: 0, location: start.location, lastUpdate: undefined, deadline: undefined };
    const opening = start.initial ?? ledger.lastUpdate;
    let ended = false;

    // One step at a time, by hand rather than with expand(): while it waits, an operation holds
    // one scheduled action and nothing else (10,000 of them may share a process on a dashboard).
    const subscription = new Subscription();
    const fail = (error: unknown): void => {
      ended = true;
      subscriber.error(error);
    };

    /** The status request of poll `poll` and its settling: alive only while it is on its way. */
    const request = (state: LoopState, poll: number): void => {
      ledger.polls = poll;
      subscription.add(
        pollOnce(client, state.location, poll, options)
          .pipe(concatMap((outcome) => settle(client, outcome, options, start.source)))
          .subscribe({ next: deliver, error: fail }),
      );
    };

    /** Waits for the poll's delay (and, when paused while hidden, for the page to show), then sends it. */
    const schedulePoll = (state: LoopState): void => {
      const poll = ledger.polls + 1;
      ledger.location = state.location;
      const delay =
        state.update === undefined
          ? 0
          : pollDelay({
              nextPoll: poll,
              lastUpdate: state.update,
              pollInterval: options.pollInterval,
              honorRetryAfter: options.honorRetryAfter,
              maxRetryAfterMs: options.maxRetryAfterMs,
            });
      const visible$ = options.visible$;
      // A synchronous scheduler runs the action inside schedule(), before its result is known.
      const pending: { action?: Subscription; fired?: boolean } = {};
      pending.action = options.scheduler.schedule(() => {
        pending.fired = true;
        // A scheduled action that has run stays a subscription until it is removed.
        if (pending.action !== undefined) subscription.remove(pending.action);
        if (visible$ === undefined) {
          request(state, poll);
          return;
        }
        // Hidden page: the poll that fell due waits for the page to show again, then goes at once.
        subscription.add(
          visible$.pipe(first((visible) => visible)).subscribe({
            next: () => {
              request(state, poll);
            },
            error: fail,
          }),
        );
      }, delay);
      if (pending.fired !== true) subscription.add(pending.action);
    };

    function deliver(state: LoopState): void {
      const update = state.update;
      if (update !== undefined) {
        ledger.lastUpdate = update;
        if (isTerminalStatus(update.status)) ended = true;
        subscriber.next(narrowResult<R>(update));
        // End on the terminal update itself, not when the response that carried it completes.
        if (update.status === AsyncOpStatus.Failed) subscriber.error(new AsyncOpFailedError(update));
        else if (isTerminalStatus(update.status)) subscriber.complete();
      }
      if (subscriber.closed) return;
      if (ledger.polls >= options.maxPolls) {
        fail(new AsyncOpTimeoutError({ reason: 'maxPolls', polls: ledger.polls, location: state.location, lastUpdate: update, limit: options.maxPolls }));
        return;
      }
      schedulePoll(state);
    }
    deliver({ update: opening, location: ledger.location });

    if (options.timeout !== undefined) {
      const limit = options.timeout;
      ledger.deadline ??= options.scheduler.now() + limit;
      subscription.add(
        timer(Math.max(0, ledger.deadline - options.scheduler.now()), options.scheduler).subscribe(() => {
          ended = true;
          subscriber.error(
            new AsyncOpTimeoutError({ reason: 'timeout', polls: ledger.polls, location: ledger.location, lastUpdate: ledger.lastUpdate, limit }),
          );
        }),
      );
    }

    return () => {
      subscription.unsubscribe();
      // The subscriber left before the end: ask the server to stop the operation, once, and
      // expect no answer (nobody is listening any more).
      if (options.cancelOnUnsubscribe && !ended) {
        ended = true;
        client.send({ method: 'DELETE', url: ledger.location }).subscribe({ error: () => undefined });
      }
    };
  });
}

/**
 * Turns a settled poll outcome into the next loop state: resolves the new `Location` and the
 * result URL against the URL that answered and origin-checks them, and fetches and decodes the
 * result of a success when a codec was given.
 */
function settle<R>(
  client: ODataClient,
  outcome: SettledPollOutcome & { readonly base: string },
  options: ResolvedAsyncOpOptions<R>,
  source: ResultSource | undefined,
): Observable<LoopState> {
  if (outcome.kind === 'error') return throwError(() => outcome.error);
  return defer(() => {
    const polled = outcome.update.location;
    const nextLocation =
      outcome.nextLocation === undefined || outcome.nextLocation.trim() === '' ? polled : client.resolveUrl(outcome.nextLocation, outcome.base);
    const resultUrl = outcome.update.resultUrl === undefined ? undefined : client.resolveUrl(outcome.update.resultUrl, outcome.base);
    const update: AsyncOpUpdate = { ...outcome.update, ...(resultUrl === undefined ? {} : { resultUrl }) };
    if (update.status !== AsyncOpStatus.Succeeded || options.result === undefined) return of({ update, location: nextLocation });
    return fetchResult(client, update, options.result, options, source).pipe(map((result) => ({ update: { ...update, result }, location: nextLocation })));
  });
}

/**
 * An update carries `result` only when it was decoded with the caller's codec for `R`
 * (see {@link settle}); every other update has none. That is what makes this narrowing sound.
 */
function narrowResult<R>(update: AsyncOpUpdate): AsyncOpUpdate<R> {
  return update as AsyncOpUpdate<R>;
}
