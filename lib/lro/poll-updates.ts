import {
  defer,
  filter,
  identity,
  map,
  type MonoTypeOperatorFunction,
  type Observable,
  of,
  repeat,
  switchMap,
  take,
  takeUntil,
  takeWhile,
  tap,
  throwIfEmpty,
  timer,
} from 'rxjs';
import { AsyncOpFailedError } from '../errors/async-op-failed-error.js';
import { AsyncOpTimeoutError } from '../errors/async-op-timeout-error.js';
import { AsyncOpStatus, isTerminalStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollDelay } from './delay-policy.js';
import { pollOnce, type PollLedger, type PollPlan } from './poll-once.js';
import type { PollSettings, ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/**
 * The updates of one operation: the opening update (the 202's, or the ledger's last), then one
 * per status request, each sent `pollInterval` (or the server's `Retry-After`) after the previous
 * answer, never two at once, until a terminal state.
 *
 * ```
 * opening:  R                          (the 202, poll 0)
 * polls:     ---R---R---S|             timer → (page visible) → one request; repeat while Running
 * result:   R---R---R---S|             Succeeded / Cancelled complete
 * failed:   R---R---F#                 Failed is emitted, then AsyncOpFailedError
 * maxPolls: R---R---R#                 maxPolls requests without a terminal state: AsyncOpTimeoutError
 * timeout:  R---R--#                   `timeout` ms from the first loop's start: AsyncOpTimeoutError
 * ```
 *
 * Unsubscribing stops the timer and aborts the request in flight; with `cancelOnUnsubscribe` the
 * dialect's cancel request (a DELETE on the monitor) goes out once, unanswered.
 *
 * @param ledger What is known of the operation; the loop keeps it current (polls, monitor, last update, deadline).
 * @param opening The update to open with; without one the ledger's last is repeated, and without that the first poll goes out at once.
 */
export function pollUpdates<R>(plan: PollPlan, ledger: PollLedger, options: ResolvedAsyncOpOptions<R>, opening?: AsyncOpUpdate): Observable<AsyncOpUpdate<R>> {
  return defer(() => {
    const { scheduler, timeout, visible$ } = options;
    if (timeout !== undefined) ledger.deadline ??= scheduler.now() + timeout;
    const start = opening ?? ledger.lastUpdate;

    const sendPoll = () => {
      ledger.polls += 1;
      return pollOnce(plan, ledger, options);
    };
    // One step per subscription, repeated: the opening update first (when there is one), then a
    // poll per step, `maxPolls` in all, each after its wait (`repeat`'s delay: pollInterval or the
    // server's Retry-After, then the visible page). Repeating one step, rather than concatenating
    // the opening and the polls, keeps a waiting operation to a few subscribers: 10,000 may wait in
    // one dashboard (bench/RESULTS.md).
    const wait = (): Observable<unknown> => {
      const wait$ = timer(delayBeforePoll(ledger, options), scheduler);
      return visible$ === undefined ? wait$ : wait$.pipe(switchMap(() => whenVisible(visible$)));
    };
    let opened = false;
    const step$ = defer((): Observable<AsyncOpUpdate<R>> => {
      if (opened) return sendPoll();
      opened = true;
      // The first step: the opening update, or (without one) the first poll after its own wait.
      // `result` is only ever decoded with the codec for R.
      return start === undefined ? wait().pipe(switchMap(() => sendPoll())) : of(start as AsyncOpUpdate<R>);
    });
    const steps = Math.max(0, options.maxPolls - ledger.polls) + (start === undefined ? 0 : 1);
    return step$.pipe(
      repeat({ count: steps, delay: wait }),
      takeWhile((update) => !isTerminalStatus(update.status), true),
      tap({
        next: (update) => {
          ledger.lastUpdate = update;
        },
        // How the stream ends once the updates have (thrown here, it is the stream's error).
        complete: () => {
          verdict(ledger, options);
        },
      }),
      withDeadline(ledger, options),
      cancelWhenLeft(plan, ledger, options),
    );
  });
}

/**
 * The first moment the page is visible. A visibility stream that ends while the page is hidden
 * means no poll can ever go out: that is a `TypeError` naming the option, not rxjs's `EmptyError`.
 */
function whenVisible(visible$: Observable<boolean>): Observable<true> {
  return visible$.pipe(
    filter((visible): visible is true => visible),
    take(1),
    throwIfEmpty(() => new TypeError('pauseWhenHidden: the visibility stream ended while the page was hidden, so no poll can go out')),
  );
}

/** The wait before the next poll; the timeout's own check, for a synchronous scheduler that never lets its timer run. */
function delayBeforePoll(ledger: PollLedger, options: PollSettings): number {
  const { scheduler, deadline = Infinity } = { scheduler: options.scheduler, deadline: ledger.deadline };
  if (options.timeout !== undefined && scheduler.now() >= deadline) throw timeoutError(ledger, options);
  const lastUpdate = ledger.lastUpdate;
  if (lastUpdate === undefined) return 0;
  const { pollInterval, honorRetryAfter, maxRetryAfterMs } = options;
  return pollDelay({ nextPoll: ledger.polls + 1, lastUpdate, pollInterval, honorRetryAfter, maxRetryAfterMs });
}

/**
 * How the stream ends once the updates have: `Succeeded` and `Cancelled` complete; `Failed` is
 * `AsyncOpFailedError`, anything else ran out of polls (`AsyncOpTimeoutError`).
 * @throws the error the stream ends with.
 */
function verdict(ledger: PollLedger, options: PollSettings): void {
  const last = ledger.lastUpdate;
  if (last?.status === AsyncOpStatus.Failed) throw new AsyncOpFailedError(last);
  if (last !== undefined && isTerminalStatus(last.status)) return;
  const { polls, location } = ledger;
  throw new AsyncOpTimeoutError({ reason: 'maxPolls', polls, location, lastUpdate: last, limit: options.maxPolls });
}

function timeoutError(ledger: PollLedger, options: PollSettings): AsyncOpTimeoutError {
  const { polls, location, lastUpdate } = ledger;
  return new AsyncOpTimeoutError({ reason: 'timeout', polls, location, lastUpdate, limit: options.timeout ?? 0 });
}

/** Ends the stream with `AsyncOpTimeoutError` (`reason: 'timeout'`) at the ledger's deadline. */
function withDeadline<T>(ledger: PollLedger, options: PollSettings): MonoTypeOperatorFunction<T> {
  const { deadline } = ledger;
  if (options.timeout === undefined || deadline === undefined) return identity;
  const { scheduler } = options;
  return takeUntil(
    defer(() => timer(Math.max(0, deadline - scheduler.now()), scheduler)).pipe(
      map(() => {
        throw timeoutError(ledger, options);
      }),
    ),
  );
}

/**
 * With `cancelOnUnsubscribe`: a subscriber that leaves before a terminal state asks the server to
 * stop the operation, once, and expects no answer (nobody is listening any more).
 */
function cancelWhenLeft<T>(plan: PollPlan, ledger: PollLedger, options: PollSettings): MonoTypeOperatorFunction<T> {
  const cancel = plan.dialect.cancel;
  if (!options.cancelOnUnsubscribe || cancel === undefined) return identity;
  return tap({
    unsubscribe: () => {
      const last = ledger.lastUpdate;
      if (last !== undefined && isTerminalStatus(last.status)) return;
      const { location, polls } = ledger;
      plan.session.send(cancel(location)).subscribe({
        // Cancelled for good: a poller's next subscriber ends with this, not with a gone monitor.
        next: ({ status }) => {
          if (status === 200 || status === 204)
            ledger.lastUpdate = { status: AsyncOpStatus.Cancelled, poll: polls, location, httpStatus: status, body: undefined };
        },
        error: () => undefined,
      });
    },
  });
}
