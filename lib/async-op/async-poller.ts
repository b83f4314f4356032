import { defer, type Observable, ReplaySubject, share } from 'rxjs';
import type { ODataClient } from '../client/odata-client.js';
import type { AsyncOpOptions } from './async-op-options.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { pollLoop } from './poll-loop.js';
import { resolveAsyncOpOptions } from './resolve-async-op-options.js';

/** Polls one known status monitor, for any number of subscribers. */
export interface AsyncPoller<R = unknown> {
  /** The monitor URL (absolute, origin-checked). */
  readonly location: string;
  /**
   * The shared update stream: one poll loop for all subscribers, the last update replayed to a
   * late one, polling stopped when the last subscriber leaves (and restarted by the next one).
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
  const status$ = defer(() => pollLoop(client, { location: monitor }, resolved)).pipe(
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
    const onAbort = () => {
      subscription.unsubscribe();
      reject(signal?.reason);
    };
    const subscription = status$.subscribe({
      next: (update) => (last = update),
      error: (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
      complete: () => {
        signal?.removeEventListener('abort', onAbort);
        // The loop completes only after a terminal update, so `last` is set here.
        if (last) resolve(last);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
