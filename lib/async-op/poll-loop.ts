import { concatMap, defer, EMPTY, expand, map, Observable, of, throwError, timer, type Subscription } from 'rxjs';
import type { ODataClient } from '../client/odata-client.js';
import { AsyncOpFailedError } from '../errors/async-op-failed-error.js';
import { AsyncOpTimeoutError } from '../errors/async-op-timeout-error.js';
import { AsyncOpStatus, isTerminalStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollDelay } from './delay-policy.js';
import { fetchResult } from './fetch-result.js';
import { pollOnce, type SettledPollOutcome } from './poll-once.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/** Where a poll loop starts. */
export interface PollLoopStart {
  /** The monitor to poll first: absolute and origin-checked. */
  readonly location: string;
  /** The update that opens the stream (from the 202, `poll: 0`); without one the first poll goes out at once. */
  readonly initial?: AsyncOpUpdate;
  /** Status requests already made for this operation (a resumed poller continues the count). */
  readonly pollsSoFar?: number;
  /** Scheduler time at which `timeout` runs out, when it was fixed earlier (a resumed poller). */
  readonly deadline?: number;
}

/** What the loop knows between two polls. */
interface LoopState {
  readonly update: AsyncOpUpdate | undefined;
  /** The newest monitor URL: a Running 202 may move the monitor. */
  readonly location: string;
}

/** Live facts of one subscription, for errors and teardown. */
interface LoopProgress {
  polls: number;
  location: string;
  lastUpdate: AsyncOpUpdate | undefined;
  ended: boolean;
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
    const progress: LoopProgress = { polls: start.pollsSoFar ?? 0, location: start.location, lastUpdate: start.initial, ended: false };

    const next = (state: LoopState): Observable<LoopState> => {
      if (state.update !== undefined && isTerminalStatus(state.update.status)) return EMPTY;
      if (progress.polls >= options.maxPolls) {
        return throwError(
          () => new AsyncOpTimeoutError({ reason: 'maxPolls', polls: progress.polls, location: state.location, lastUpdate: state.update, limit: options.maxPolls }),
        );
      }
      const poll = progress.polls + 1;
      progress.location = state.location;
      const delay = state.update === undefined
        ? 0
        : pollDelay({ nextPoll: poll, lastUpdate: state.update, pollInterval: options.pollInterval, honorRetryAfter: options.honorRetryAfter, maxRetryAfterMs: options.maxRetryAfterMs });
      return timer(delay, options.scheduler).pipe(
        concatMap(() => {
          progress.polls = poll;
          return pollOnce(client, state.location, poll, options);
        }),
        concatMap((outcome) => settle(client, outcome, state.location, options)),
      );
    };

    const first: LoopState = { update: start.initial, location: start.location };
    const subscription: Subscription = of(first)
      .pipe(
        expand(next),
        concatMap((state) => (state.update === undefined ? EMPTY : of(state.update))),
        map((update) => narrowResult<R>(update)),
      )
      .subscribe({
        next: (update) => {
          progress.lastUpdate = update;
          if (isTerminalStatus(update.status)) progress.ended = true;
          subscriber.next(update);
          // End on the terminal update itself, not when the response that carried it completes.
          if (update.status === AsyncOpStatus.Failed) subscriber.error(new AsyncOpFailedError(update));
          else if (isTerminalStatus(update.status)) subscriber.complete();
        },
        error: (error: unknown) => {
          progress.ended = true;
          subscriber.error(error);
        },
        complete: () => {
          progress.ended = true;
          subscriber.complete();
        },
      });

    if (options.timeout !== undefined) {
      const now = options.scheduler.now();
      const remaining = Math.max(0, (start.deadline ?? now + options.timeout) - now);
      const limit = options.timeout;
      subscription.add(
        timer(remaining, options.scheduler).subscribe(() => {
          progress.ended = true;
          subscriber.error(new AsyncOpTimeoutError({ reason: 'timeout', polls: progress.polls, location: progress.location, lastUpdate: progress.lastUpdate, limit }));
        }),
      );
    }

    return () => {
      subscription.unsubscribe();
      // The subscriber left before the end: ask the server to stop the operation, once, and
      // expect no answer (nobody is listening any more).
      if (options.cancelOnUnsubscribe && !progress.ended) {
        progress.ended = true;
        client.send({ method: 'DELETE', url: progress.location }).subscribe({ error: () => undefined });
      }
    };
  });
}

/**
 * Turns a settled poll outcome into the next loop state: origin-checks the new `Location` and
 * the result URL, and fetches and decodes the result of a success when a codec was given.
 */
function settle<R>(client: ODataClient, outcome: SettledPollOutcome, polled: string, options: ResolvedAsyncOpOptions<R>): Observable<LoopState> {
  if (outcome.kind === 'error') return throwError(() => outcome.error);
  return defer(() => {
    const nextLocation = outcome.nextLocation === undefined || outcome.nextLocation.trim() === '' ? polled : client.resolveUrl(outcome.nextLocation, polled);
    const resultUrl = outcome.update.resultUrl === undefined ? undefined : client.resolveUrl(outcome.update.resultUrl, polled);
    const update: AsyncOpUpdate = { ...outcome.update, ...(resultUrl === undefined ? {} : { resultUrl }) };
    if (update.status !== AsyncOpStatus.Succeeded || options.result === undefined) return of({ update, location: nextLocation });
    return fetchResult(client, update, options.result).pipe(map((result) => ({ update: { ...update, result }, location: nextLocation })));
  });
}

/**
 * An update carries `result` only when it was decoded with the caller's codec for `R`
 * (see {@link settle}); every other update has none. That is what makes this narrowing sound.
 */
function narrowResult<R>(update: AsyncOpUpdate): AsyncOpUpdate<R> {
  return update as AsyncOpUpdate<R>;
}
