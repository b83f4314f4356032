import * as t from 'io-ts';
import type { AsyncOpUpdate } from '../async-op-update.js';

/**
 * Where a tracked operation stands: the poller's four statuses, plus the two ways polling can
 * end without a terminal status from the server.
 */
export const TrackedState = t.keyof({
  /** Accepted and not finished: some tab (or this process) polls it. */
  Running: null,
  /** Finished successfully. */
  Succeeded: null,
  /** Finished with an error; `message` holds the server's. */
  Failed: null,
  /** Cancelled, by `cancel(id)` or by the service. */
  Cancelled: null,
  /** Polling gave up (`maxPolls` or `timeout`): the operation may still run on the server. */
  TimedOut: null,
  /** The monitor could not be read (network, credentials, an answer that is no status); nothing is known of the operation. */
  Error: null,
});
export type TrackedState = t.TypeOf<typeof TrackedState>;

/**
 * What is known of a tracked operation, as JSON-safe facts: the same in every tab and after a
 * reload, since it is what the storage and the tabs' channel carry.
 */
export const OperationFacts = t.intersection([
  t.type({
    /** Where the operation stands. */
    state: TrackedState,
    /** The newest status request seen (0: the 202 itself). */
    poll: t.number,
    /** When it was tracked (epoch ms, the tracker's scheduler clock); the list is in this order. */
    since: t.number,
    /** When the newest update arrived (epoch ms, the tracker's scheduler clock). */
    at: t.number,
  }),
  t.partial({
    /** The newest monitor URL; absent for an operation that answered synchronously. */
    location: t.string,
    /** The HTTP status of the newest status answer. */
    httpStatus: t.number,
    /** Progress in percent, 0–100, when the server says. */
    percentComplete: t.number,
    /** The server's own status word, when it sent one. */
    rawStatus: t.string,
    /** Where the result can be fetched, when the server says. */
    resultUrl: t.string,
    /** The server's error message (`Failed`), or why polling stopped (`TimedOut`, `Error`). */
    message: t.string,
    /** Why the last `cancel(id)` was refused (the operation goes on). */
    cancelError: t.string,
  }),
]);
export type OperationFacts = t.TypeOf<typeof OperationFacts>;

/** One operation in `tracker.operations$`. */
export interface TrackedOperation<M = unknown> extends OperationFacts {
  /** The id `track()` returned: stable across reloads and tabs. */
  readonly id: string;
  /** What the app attached with `track(source, meta)` (JSON data), `undefined` when none. */
  readonly meta: M | undefined;
  /** True once `state` is no longer `Running`: nothing polls it any more. It stays listed until `dismiss(id)`. */
  readonly done: boolean;
  /** True while this tab (or process) is the one that polls it. */
  readonly polledHere: boolean;
  /**
   * The newest full update, in the tab that polled it since this page loaded; other tabs and a
   * reloaded page have the facts only.
   */
  readonly update?: AsyncOpUpdate;
}
