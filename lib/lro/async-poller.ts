import { BehaviorSubject, defer, finalize, map, Observable, ReplaySubject, share, Subject, type Subscription, tap } from 'rxjs';
import { sessionOf } from '../odata/client-session.js';
import type { ODataClient } from '../odata/odata-client.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { AsyncOpOptions } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { cancelOperation } from './cancel-operation.js';
import { monitorDialect } from './default-dialects.js';
import type { PollLedger, PollPlan } from './poll-once.js';
import { pollUpdates } from './poll-updates.js';
import { makePollerToken, type AsyncPollerToken } from './poller-token.js';
import { resolveAsyncOpOptions, type ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/** Polls one known status monitor, for any number of subscribers. */
export interface AsyncPoller<R = unknown> {
  /** The newest monitor URL (absolute, origin-checked): a running monitor may move. */
  readonly location: string;
  /**
   * The shared update stream: one poll loop for all subscribers, the last update replayed to a
   * late one, polling stopped when the last subscriber leaves. The next subscriber restarts it
   * where it stopped: the last update first, then polls that continue the count, the
   * `Retry-After` wait and the `timeout` deadline.
   */
  readonly status$: Observable<AsyncOpUpdate<R>>;
  /** Resolves with the terminal update (`Succeeded` or `Cancelled`); rejects on `Failed`, timeouts, errors, or an abort. */
  wait(options?: { readonly signal?: AbortSignal }): Promise<AsyncOpUpdate<R>>;
  /**
   * Asks the server to cancel the operation (`DELETE` on the newest monitor) and emits the
   * outcome: `Cancelled` for 200/204; for 202 the cancellation's own `Running` updates, then
   * `Cancelled`; `ODataHttpError` for 405 (the service cannot cancel) and other refusals.
   * A successful cancel also ends `status$` with the `Cancelled` update. Cold: nothing is sent
   * before subscribe.
   */
  cancel(): Observable<AsyncOpUpdate<never>>;
  /**
   * The poller's state as a small JSON-safe token (monitor URL, protocol, the options that
   * matter, polls so far, deadline), to continue with `resumeAsyncPoller` elsewhere or later.
   */
  serialize(): AsyncPollerToken;
}

/**
 * A poller for a monitor URL you already have (from `result.location()`, a stored job, a
 * dashboard). The first status request goes out when `status$` is first subscribed.
 *
 * @throws LocationNotAllowedError when `location` is on another origin than the service root's
 * (and not in `allowedOrigins`), or is not an http(s) URL.
 * @throws TypeError for invalid options.
 *
 * @example
 * const poller = createAsyncPoller(client, result.location()!, { maxPolls: 60 });
 * poller.status$.subscribe(u => render(u));
 * const done = await poller.wait();
 */
export function createAsyncPoller<R = unknown>(client: ODataClient, location: string, options?: AsyncOpOptions<R>): AsyncPoller<R> {
  if (typeof location !== 'string') throw new TypeError(`createAsyncPoller: location must be the monitor URL as a string, got ${typeof location}`);
  const resolved = resolveAsyncOpOptions(options, 'createAsyncPoller');
  const session = sessionOf(client);
  const monitor = session.resolveUrl(location);
  const plan: PollPlan = { session, dialect: monitorDialect(resolved.dialect, session.protocol) };
  return pollerOf(plan, { polls: 0, location: monitor, lastUpdate: undefined, deadline: undefined }, resolved);
}

/**
 * A poller around a ledger. One ledger for the poller's life: a restart continues the poll
 * count, the deadline and the wait, so subscribing and leaving in a loop can neither hammer the
 * server nor dodge maxPolls.
 */
export function pollerOf<R>(plan: PollPlan, ledger: PollLedger, options: ResolvedAsyncOpOptions<R>): AsyncPoller<R> {
  const cancelled$ = new Subject<AsyncOpUpdate<never>>();
  // While a DELETE is on its way no poll goes out: a poll that overtook it would find the monitor
  // gone (404) and end the stream Failed instead of Cancelled.
  // How many cancel requests are on their way: two cancel() calls at once keep the gate shut
  // until both have ended.
  const cancelling$ = new BehaviorSubject(0);
  const mayPoll$ = mayPoll(options.visible$, cancelling$.pipe(map((pending) => pending > 0)));
  const loopOptions: ResolvedAsyncOpOptions<R> = { ...options, visible$: mayPoll$ };

  const loop$ = new Observable<AsyncOpUpdate<R>>((subscriber) => {
    const subscription = pollUpdates(plan, ledger, loopOptions).subscribe(subscriber);
    subscription.add(
      cancelled$.subscribe((update) => {
        subscriber.next(update);
        subscriber.complete();
      }),
    );
    return subscription;
  });
  const status$ = loop$.pipe(
    share({ connector: () => new ReplaySubject<AsyncOpUpdate<R>>(1), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: true }),
  );

  const cancel = (): Observable<AsyncOpUpdate<never>> =>
    defer(() => {
      cancelling$.next(cancelling$.value + 1);
      return cancelOperation(plan, ledger.location, options, ledger.polls).pipe(
        tap((update) => {
          // Only a cancellation that succeeded ends the operation; a failed one ends cancel() alone.
          if (update.status !== AsyncOpStatus.Cancelled) return;
          ledger.lastUpdate = update;
          cancelled$.next(update);
        }),
        // A refused or abandoned cancel lets polling go on.
        finalize(() => {
          cancelling$.next(cancelling$.value - 1);
        }),
      );
    });

  return {
    // The newest monitor: a running 202 may move it.
    get location() {
      return ledger.location;
    },
    status$,
    wait: (waitOptions) => waitForEnd(status$, waitOptions?.signal),
    cancel,
    serialize: () => makePollerToken(ledger, plan, options),
  };
}

/**
 * Whether a poll may go out: the page is visible (when `pauseWhenHidden` watches it) and no
 * cancel is on its way. Ends when the visibility stream ends while hidden, as asyncOp$'s gate
 * does: a cancel flag that never completes must not keep a loop waiting for a page that will
 * not show.
 */
function mayPoll(visible$: Observable<boolean> | undefined, cancelling$: Observable<boolean>): Observable<boolean> {
  const notCancelling$ = cancelling$.pipe(map((cancelling) => !cancelling));
  if (visible$ === undefined) return notCancelling$;
  return new Observable<boolean>((subscriber) => {
    let visible: boolean | undefined;
    let free = true;
    const emit = () => {
      if (visible !== undefined) subscriber.next(visible && free);
    };
    subscriber.add(
      notCancelling$.subscribe((value) => {
        free = value;
        emit();
      }),
    );
    subscriber.add(
      visible$.subscribe({
        next: (value) => {
          visible = value;
          emit();
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        // Ended hidden (or silent): no poll could ever go out. Ended visible: the page stays as
        // it is, and the cancel flag alone decides.
        complete: () => {
          if (visible !== true) subscriber.complete();
        },
      }),
    );
  });
}

// The Promise rejects with exactly what the stream or the signal gave (as fetch does with an abort reason).
/* eslint-disable @typescript-eslint/prefer-promise-reject-errors */
function waitForEnd<R>(status$: Observable<AsyncOpUpdate<R>>, signal: AbortSignal | undefined): Promise<AsyncOpUpdate<R>> {
  return new Promise<AsyncOpUpdate<R>>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let last: AsyncOpUpdate<R> | undefined;
    let subscription: Subscription | undefined = undefined;
    let aborted = false;
    // Listen before subscribing: a stream that has already ended settles during subscribe(), and
    // the signal may fire during it too (from code the first poll runs synchronously).
    const onAbort = () => {
      aborted = true;
      subscription?.unsubscribe();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    subscription = status$.subscribe({
      next: (update) => (last = update),
      error: (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
      complete: () => {
        signal?.removeEventListener('abort', onAbort);
        if (last) resolve(last);
        else reject(new ODataProtocolError('the status stream ended without an update'));
      },
    });
    if (aborted) subscription.unsubscribe();
  });
}
/* eslint-enable @typescript-eslint/prefer-promise-reject-errors */
