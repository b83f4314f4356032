import { defer, type Observable, ReplaySubject, share, type Subscription } from 'rxjs';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ODataClient } from '../client/odata-client.js';
import type { AsyncOpOptions } from './async-op-options.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollLoop, type PollLedger } from './poll-loop.js';
import { resolveAsyncOpOptions } from './resolve-async-op-options.js';

/** Polls one known status monitor, for any number of subscribers. */
export interface AsyncPoller<R = unknown> {
  /** The monitor URL (absolute, origin-checked). */
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
  const resolved = resolveAsyncOpOptions(options);
  const monitor = client.resolveUrl(location);
  // One ledger for the poller's life: a restart continues the poll count, the deadline and the
  // wait, so subscribing and leaving in a loop can neither hammer the server nor dodge maxPolls.
  const ledger: PollLedger = { polls: 0, location: monitor, lastUpdate: undefined, deadline: undefined };
  const status$ = defer(() => pollLoop(client, { location: monitor, ledger }, resolved)).pipe(
    share({ connector: () => new ReplaySubject<AsyncOpUpdate<R>>(1), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: true }),
  );
  return {
    location: monitor,
    status$,
    wait: (waitOptions) => waitForEnd(status$, waitOptions?.signal),
  };
}

function waitForEnd<R>(status$: Observable<AsyncOpUpdate<R>>, signal: AbortSignal | undefined): Promise<AsyncOpUpdate<R>> {
  return new Promise<AsyncOpUpdate<R>>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let last: AsyncOpUpdate<R> | undefined;
    // Listen before subscribing: a stream that has already ended settles during subscribe().
    const onAbort = () => {
      subscription?.unsubscribe();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const subscription: Subscription | undefined = status$.subscribe({
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
  });
}
