import {
  defer,
  filter,
  identity,
  map,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
  switchMap,
  take,
  takeUntil,
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
import { repeatStep, type RepeatStepConfig } from './repeat-step.js';
import type { PollSettings, ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/**
 * The updates of one operation: the opening update (the 202's, or the ledger's last), then one
 * per status request, each sent `pollInterval` (or the server's `Retry-After`) after the previous
 * answer, never two at once, until a terminal state.
 *
 * ```
 * opening:  R                          (the 202, poll 0)
 * polls:     ---R---R---S|             wait → (page visible) → one request; repeated while Running (repeatStep)
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
  const updates = () =>
    repeatStep(new OperationPolls<R>(plan, ledger, options, opening)).pipe(withDeadline(ledger, options), cancelWhenLeft(plan, ledger, options));
  const { scheduler, timeout } = options;
  if (timeout === undefined) return updates();
  // The deadline is fixed when the first loop starts; a restarted loop keeps it.
  return defer(() => {
    ledger.deadline ??= scheduler.now() + timeout;
    return updates();
  });
}

/**
 * One operation's loop: the opening update (the given one, else the ledger's last), then a poll
 * after each wait (pollInterval or the server's Retry-After, then the visible page), `maxPolls` in
 * all, until a terminal state; the ledger kept current. A class, not closures: one object per
 * waiting operation (bench/RESULTS.md, "Engine 2").
 */
class OperationPolls<R> implements RepeatStepConfig<AsyncOpUpdate<R>> {
  constructor(
    private readonly plan: PollPlan,
    private readonly ledger: PollLedger,
    private readonly options: ResolvedAsyncOpOptions<R>,
    private readonly opening: AsyncOpUpdate | undefined,
  ) {}

  get first(): AsyncOpUpdate<R> | undefined {
    // `result` is only ever decoded with the codec for R.
    return (this.opening ?? this.ledger.lastUpdate) as AsyncOpUpdate<R> | undefined;
  }

  /** The polls left, read as each loop starts: a restarted loop continues the count. */
  get count(): number {
    return Math.max(0, this.options.maxPolls - this.ledger.polls);
  }

  get scheduler(): SchedulerLike {
    return this.options.scheduler;
  }

  step(): Observable<AsyncOpUpdate<R>> {
    const { visible$ } = this.options;
    return visible$ === undefined ? this.sendPoll() : whenVisible(visible$).pipe(switchMap(() => this.sendPoll()));
  }

  delay(): number {
    return delayBeforePoll(this.ledger, this.options);
  }

  isLast(update: AsyncOpUpdate<R>): boolean {
    return isTerminalStatus(update.status);
  }

  onValue(update: AsyncOpUpdate<R>): void {
    this.ledger.lastUpdate = update;
  }

  /** How the stream ends once the updates have (thrown here, it is the stream's error). */
  onComplete(): void {
    verdict(this.ledger, this.options);
  }

  private sendPoll(): Observable<AsyncOpUpdate<R>> {
    this.ledger.polls += 1;
    return pollOnce(this.plan, this.ledger, this.options);
  }
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
  if (options.timeout !== undefined && options.scheduler.now() >= (ledger.deadline ?? Infinity)) throw timeoutError(ledger, options);
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
