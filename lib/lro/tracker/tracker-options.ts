import type { SchedulerLike } from 'rxjs';
import type * as t from 'io-ts';
import type { AsyncOpOptions } from '../async-op-options.js';
import type { BroadcastChannelLike, LockManagerLike, TrackerCoordination } from './tracker-coordination.js';
import type { TrackerStorage } from './tracker-storage.js';
import type { TrackerWarning } from './tracker-warning.js';

/** Options of {@link createOperationTracker}. */
export interface OperationTrackerOptions<M = unknown> {
  /**
   * Where operations are kept, so that they survive a reload or a restart: `localStorage`, a
   * `fileStorage(dir)` from `rxjs-odata-async/node`, or any {@link TrackerStorage}. Storage that
   * throws is replaced by memory, with one `storage-unavailable` warning.
   * @default memory: operations live as long as the tracker
   */
  readonly storage?: TrackerStorage;
  /**
   * Prefix of the storage keys, and the name of the channel and of the locks: two trackers with
   * different namespaces share one storage or origin without seeing each other.
   * @default 'rxjs-odata-async/tracker'
   */
  readonly namespace?: string;
  /**
   * Options for the pollers the tracker makes: for `track(result)`, and to resume an operation
   * after a reload or in another tab (they override the token's, as in `resumeAsyncPoller`). A
   * numeric `pollInterval` is also the tracker's tick: a tab that takes an operation over sends
   * its next poll one interval after the last one anyone sent.
   * @default {} (the poller defaults: 2000 ms, 30 polls)
   */
  readonly pollOptions?: AsyncOpOptions;
  /**
   * io-ts codec for the `meta` attached to each operation: a stored entry whose meta does not
   * decode is skipped as corrupt.
   * @default any JSON value
   */
  readonly meta?: t.Type<M, unknown>;
  /**
   * The channel tabs tell each other on; `null` for none (each tab polls alone).
   * @default `new BroadcastChannel(namespace)` where the runtime has BroadcastChannel and Web Locks
   */
  readonly channel?: BroadcastChannelLike | null;
  /**
   * The lock manager that decides which tab polls an operation; `null` for none (each tab polls alone).
   * @default `navigator.locks` where the runtime has it
   */
  readonly locks?: LockManagerLike | null;
  /**
   * How tabs share the work, in one object; replaces `channel` and `locks` (tests pass fakes here).
   * @default built from `channel` and `locks`
   */
  readonly coordination?: TrackerCoordination;
  /**
   * Hears what the tracker skipped or worked around: a corrupt, altered or foreign stored entry
   * (one warning each), a storage that threw (once). Nothing is thrown for these.
   * @default console.warn
   */
  readonly onWarning?: (warning: TrackerWarning) => void;
  /**
   * The clock of the records and the scheduler of the takeover wait (and of the pollers, unless
   * `pollOptions.scheduler` names another).
   * @default pollOptions.scheduler, else asyncScheduler
   */
  readonly scheduler?: SchedulerLike;
}

/** The default {@link OperationTrackerOptions.namespace}. */
export const DEFAULT_TRACKER_NAMESPACE = 'rxjs-odata-async/tracker';
