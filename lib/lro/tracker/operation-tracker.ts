import { isLeft } from '../../http/either.js';
import * as t from 'io-ts';
import { parseJsonSafely } from '../../http/safe-json.js';
import { asyncScheduler, BehaviorSubject, EMPTY, type Observable, type Subscription, switchMap, timer } from 'rxjs';
import type { ActionResult } from '../../odata/action-result.js';
import type { ODataClient } from '../../odata/odata-client.js';
import type { AsyncOpOptions } from '../async-op-options.js';
import { isTerminalStatus } from '../async-op-status.js';
import type { AsyncOpUpdate } from '../async-op-update.js';
import { createAsyncPoller, type AsyncPoller } from '../async-poller.js';
import { resumeAsyncPoller } from '../resume-async-poller.js';
import { factsOfError, factsOfUpdate } from './operation-facts.js';
import type { OperationFacts, TrackedOperation } from './tracked-operation.js';
import { chooseCoordination, type TrackerCoordination } from './tracker-coordination.js';
import { idMessage, recordMessage, TrackerMessage } from './tracker-messages.js';
import { DEFAULT_TRACKER_NAMESPACE, type OperationTrackerOptions } from './tracker-options.js';
import { makeRecord, readRecord, recordText, type TrackerRecord } from './tracker-record.js';
import { guardedStorage, keysWithPrefix, memoryStorage, type TrackerStorage } from './tracker-storage.js';
import type { TrackerWarning } from './tracker-warning.js';

/** The poller default, used as the tick when `pollOptions.pollInterval` is a function or absent. */
const DEFAULT_TICK_MS = 2000;

/** Many operations, followed beyond one page's life and shared between the tabs of an origin. */
export interface OperationTracker<M = unknown> {
  /**
   * The tracked operations, in the order they were tracked, each with its newest facts; the
   * current list is replayed to a new subscriber. Finished operations stay until `dismiss(id)`.
   * Completes when the tracker is closed.
   */
  readonly operations$: Observable<readonly TrackedOperation<M>[]>;
  /**
   * Follows an operation until it ends: an action's `ActionResult` (a 202 is polled at its
   * `Location`; a synchronous answer is listed as `Succeeded`), or a poller you made. It is
   * stored at once, so a reload or restart from here on finds it.
   * @param meta JSON data of yours, kept and restored with the operation (a title, a job key).
   * @return The operation's id.
   * @throws TypeError when the tracker is closed, or `source` is neither.
   */
  track(source: ActionResult | AsyncPoller, meta?: M): string;
  /**
   * Forgets an operation, in this tab, in storage and in the other tabs. A running one is no
   * longer polled (the server operation goes on: `cancel(id)` stops that).
   */
  dismiss(id: string): void;
  /**
   * Asks the server to cancel a running operation (`DELETE` on its monitor), through the tab
   * that polls it. The outcome comes on `operations$`: `Cancelled`, or `cancelError` when the
   * service refused (the operation goes on).
   */
  cancel(id: string): void;
  /** Stops polling here (another tab takes over), closes the channel and completes `operations$`. Stored operations stay. */
  close(): void;
}

/** What a tab knows of one operation. */
interface Entry {
  readonly id: string;
  record: TrackerRecord;
  update: AsyncOpUpdate | undefined;
  /** The poller this tab made or was given; another tab's operation gets one when this tab takes over. */
  poller: AsyncPoller | undefined;
  /** Aborts a queued lock request, and the polling, when the operation is dismissed or the tracker closed. */
  readonly abort: AbortController;
  /** When the first poll is due, if not a tick after the last update: the 202's `Retry-After` (this tab only). */
  firstDue: number | undefined;
  polling: Subscription | undefined;
  /** Releases the lock: the next tab in line takes over. */
  release: (() => void) | undefined;
}

/**
 * Tracks many long-running operations for a dashboard or a batch: one list on `operations$`,
 * kept in `storage` so that a reload or a restart resumes every unfinished operation with its
 * poll count and deadline carried on, and shared between the tabs of an origin, where
 * `BroadcastChannel` and Web Locks exist: one tab polls each operation (it holds the
 * operation's lock) and tells the others; when it closes, the next one takes over within one
 * poll interval. Where either API is missing, each tab polls alone.
 *
 * ```
 * track(202) ──► lock ──► poll … poll ──► Succeeded   (tab A: polls, stores, broadcasts)
 *                 ╎                                    (tab B: waits for the lock, shows A's updates)
 *   tab A closes ─┴──► tab B: lock ──► next poll one interval after A's last, count carried on
 * ```
 *
 * A stored entry that is corrupt, altered (checksum) or foreign (its token refused by
 * `resumeAsyncPoller`: another protocol, a monitor on an origin the client does not allow) is
 * skipped with one warning through `onWarning`, and the others are restored.
 *
 * @example
 * const tracker = createOperationTracker(client, { storage: localStorage, pollOptions: { pollInterval: 3000 } });
 * tracker.operations$.subscribe((ops) => render(ops));
 * client.action('SalesReportGenerate').parameter('Year', 2024).execute()
 *   .subscribe((result) => tracker.track(result, { title: 'Sales 2024' }));
 *
 * @param client The client whose pollers poll (and whose origins a restored token must match).
 * @param options Storage, coordination, poller options, warnings.
 * @return The tracker, already restoring what `storage` holds.
 */
export function createOperationTracker(client: ODataClient, options?: OperationTrackerOptions): OperationTracker;
/** With a `meta` codec: `meta` is typed, and a stored entry whose meta does not decode is skipped. */
export function createOperationTracker<M>(
  client: ODataClient,
  options: OperationTrackerOptions<M> & { readonly meta: t.Type<M, unknown> },
): OperationTracker<M>;
export function createOperationTracker<M>(client: ODataClient, options: OperationTrackerOptions<M> = {}): OperationTracker<M> | OperationTracker {
  const { meta, ...rest } = options;
  return meta === undefined ? trackerOf<unknown>(client, rest, t.unknown) : trackerOf(client, rest, meta);
}

function trackerOf<M>(client: ODataClient, options: Omit<OperationTrackerOptions<M>, 'meta'>, metaCodec: t.Type<M, unknown>): OperationTracker<M> {
  const namespace = options.namespace ?? DEFAULT_TRACKER_NAMESPACE;
  if (typeof namespace !== 'string' || namespace === '') throw new TypeError('createOperationTracker: namespace must be a non-empty string');
  const prefix = `${namespace}/op/`;
  const scheduler = options.scheduler ?? options.pollOptions?.scheduler ?? asyncScheduler;
  const pollOptions: AsyncOpOptions = { ...options.pollOptions, scheduler };
  const tick = typeof pollOptions.pollInterval === 'number' ? pollOptions.pollInterval : DEFAULT_TICK_MS;
  const warn =
    options.onWarning ??
    ((warning: TrackerWarning) => {
      console.warn(`rxjs-odata-async tracker: ${warning.message}`);
    });
  const storage: TrackerStorage = guardedStorage(options.storage ?? memoryStorage(), (error) => {
    warn({
      code: 'storage-unavailable',
      message: `the storage threw (${messageOf(error)}): operations are kept in memory only from now on, and will not survive a reload`,
      cause: error,
    });
  });
  const coordination: TrackerCoordination = options.coordination ?? chooseCoordination(namespace, options);
  const entries = new Map<string, Entry>();
  const operations$ = new BehaviorSubject<readonly TrackedOperation<M>[]>([]);
  let closed = false;
  let counter = 0;
  let lastSince = Number.NEGATIVE_INFINITY;

  const keyOf = (id: string) => prefix + id;

  const decodeMeta = (record: TrackerRecord): { readonly meta: M | undefined } | string => {
    if (record.meta === null) return { meta: undefined };
    const decoded = metaCodec.decode(record.meta);
    return isLeft(decoded) ? 'its meta does not match the meta codec' : { meta: decoded.right };
  };

  const emit = (): void => {
    if (closed) return;
    const list: TrackedOperation<M>[] = [];
    for (const entry of entries.values()) {
      const decoded = decodeMeta(entry.record);
      const { facts } = entry.record;
      list.push({
        ...facts,
        id: entry.id,
        meta: typeof decoded === 'string' ? undefined : decoded.meta,
        done: facts.state !== 'Running',
        polledHere: entry.polling !== undefined,
        ...(entry.update === undefined ? {} : { update: entry.update }),
      });
    }
    list.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    operations$.next(list);
  };

  const save = (record: TrackerRecord): void => {
    storage.setItem(keyOf(record.id), recordText(record));
  };

  /** Whether `record`'s token would resume on this client; warns and says no when it would not. */
  const acceptsToken = (record: TrackerRecord, key: string): boolean => {
    if (record.token === null) return true;
    try {
      resumeAsyncPoller(client, record.token, pollOptions);
      return true;
    } catch (error) {
      warn({ code: 'rejected-entry', key, message: `skipped ${key}: its poller token was refused (${messageOf(error)})`, cause: error });
      return false;
    }
  };

  /** Records the new facts of `entry`, stores them, tells the other tabs and the subscribers. */
  const advance = (entry: Entry, facts: OperationFacts): void => {
    const { meta, token, revision } = entry.record;
    entry.record = makeRecord({ id: entry.id, meta, token: entry.poller?.serialize() ?? token, facts, revision: revision + 1 });
    save(entry.record);
    coordination.post(recordMessage(recordText(entry.record)));
    emit();
  };

  const stopPolling = (entry: Entry): void => {
    const { polling, release } = entry;
    entry.polling = undefined;
    entry.release = undefined;
    polling?.unsubscribe();
    release?.();
  };

  const finish = (entry: Entry): void => {
    stopPolling(entry);
    emit();
  };

  const onUpdate = (entry: Entry, update: AsyncOpUpdate): void => {
    if (entry.record.facts.state !== 'Running') return;
    entry.update = update;
    // The end is known with this update (Failed's error and the others' completion add nothing):
    // the lock goes as the last record is stored and told.
    if (isTerminalStatus(update.status)) stopPolling(entry);
    advance(entry, factsOfUpdate(entry.record.facts, update, scheduler.now()));
  };

  const onError = (entry: Entry, error: unknown): void => {
    if (entry.record.facts.state !== 'Running') return;
    stopPolling(entry);
    advance(entry, factsOfError(entry.record.facts, error, scheduler.now()));
  };

  /** The newer of what this tab heard and what the storage holds (written by a tab that closed before it could tell). */
  const newest = (entry: Entry): TrackerRecord => {
    const stored = readRecord(storage.getItem(keyOf(entry.id)));
    if (typeof stored === 'string' || stored.id !== entry.id) return entry.record;
    return isNewer(stored, entry.record) ? stored : entry.record;
  };

  /** This tab holds the lock: poll until the operation ends, the entry goes, or the tracker closes. */
  const pollHere = (entry: Entry): Promise<void> => {
    if (closed || entry.abort.signal.aborted || entries.get(entry.id) !== entry) return Promise.resolve();
    entry.record = newest(entry);
    if (entry.record.facts.state !== 'Running') {
      emit();
      return Promise.resolve();
    }
    if (entry.poller === undefined) {
      try {
        entry.poller = resumeAsyncPoller(client, entry.record.token, pollOptions);
      } catch (error) {
        onError(entry, error);
        return Promise.resolve();
      }
    }
    const poller = entry.poller;
    const wait = entry.firstDue === undefined ? nextTick(scheduler.now() - entry.record.facts.at, tick) : Math.max(0, entry.firstDue - scheduler.now());
    entry.firstDue = undefined;
    return new Promise<void>((resolve) => {
      entry.release = resolve;
      const polling = timer(wait, scheduler)
        .pipe(
          switchMap(() => {
            // What arrived during the wait counts: the tab before this one may have found the end
            // just as it let the lock go, and its last record reach this tab only now.
            entry.record = newest(entry);
            return entry.record.facts.state === 'Running' ? poller.status$ : EMPTY;
          }),
        )
        .subscribe({
          next: (update) => {
            onUpdate(entry, update);
          },
          error: (error: unknown) => {
            onError(entry, error);
          },
          complete: () => {
            finish(entry);
          },
        });
      // Ended inside subscribe (a synchronous scheduler): the entry is already released.
      if (entry.release === resolve) entry.polling = polling;
      else polling.unsubscribe();
      emit();
    });
  };

  const follow = (entry: Entry): void => {
    if (entry.record.facts.state !== 'Running') return;
    coordination.withLock(keyOf(entry.id), entry.abort.signal, () => pollHere(entry));
  };

  const add = (record: TrackerRecord, poller: AsyncPoller | undefined, update: AsyncOpUpdate | undefined): Entry => {
    const entry: Entry = { id: record.id, record, update, poller, abort: new AbortController(), polling: undefined, release: undefined, firstDue: undefined };
    entries.set(entry.id, entry);
    return entry;
  };

  const forget = (id: string): void => {
    const entry = entries.get(id);
    if (entry === undefined) return;
    entries.delete(id);
    entry.abort.abort();
    stopPolling(entry);
  };

  const runCancel = (entry: Entry): void => {
    const poller = entry.poller;
    if (poller === undefined || entry.record.facts.state !== 'Running') return;
    poller.cancel().subscribe({
      next: (update) => {
        // The poller's status$ ends with this update too, when it is subscribed; during the wait before a takeover's first poll it is not.
        if (isTerminalStatus(update.status)) onUpdate(entry, update);
      },
      error: (error: unknown) => {
        if (entry.record.facts.state !== 'Running') return;
        advance(entry, { ...entry.record.facts, cancelError: messageOf(error) });
      },
    });
  };

  const hear = (message: unknown): void => {
    const decoded = TrackerMessage.decode(message);
    // Anything else on the channel is not ours: ignored.
    if (isLeft(decoded) || closed) return;
    const heard = decoded.right;
    if (heard.type === 'dismiss') {
      forget(heard.id);
      emit();
      return;
    }
    if (heard.type === 'cancel') {
      const entry = entries.get(heard.id);
      if (entry?.polling !== undefined) runCancel(entry);
      return;
    }
    const record = readRecord(heard.record);
    if (typeof record === 'string' || typeof decodeMeta(record) === 'string') return;
    const known = entries.get(record.id);
    if (known === undefined) {
      if (!acceptsToken(record, keyOf(record.id))) return;
      follow(add(record, undefined, undefined));
    } else if (isNewer(record, known.record) && (known.polling === undefined || known.update === undefined)) {
      // Told while this tab holds the lock but has not polled yet: the previous tab's last word,
      // which may be the end (its lock went as it was told).
      known.record = record;
      // The full update was this tab's, from before another tab took over.
      known.update = undefined;
    }
    emit();
  };

  /** Why the entry under `key` cannot be restored, or its record. */
  const readEntry = (key: string): TrackerRecord | string => {
    const record = readRecord(storage.getItem(key));
    if (typeof record === 'string') return record;
    if (key !== keyOf(record.id)) return `it names another id (${record.id})`;
    const meta = decodeMeta(record);
    return typeof meta === 'string' ? meta : record;
  };

  const restore = (): void => {
    const restored: Entry[] = [];
    for (const key of keysWithPrefix(storage, prefix)) {
      const record = readEntry(key);
      if (typeof record === 'string') {
        warn({ code: 'corrupt-entry', key, message: `skipped ${key}: ${record}` });
      } else if (acceptsToken(record, key)) {
        restored.push(add(record, undefined, undefined));
      }
    }
    emit();
    for (const entry of restored) follow(entry);
  };

  const newId = (): string => {
    counter += 1;
    const random = globalThis.crypto?.randomUUID?.();
    return random ?? `${scheduler.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  };

  // Listen before reading the storage: a record another tab writes meanwhile arrives as a message.
  const unlisten = coordination.listen(hear);
  restore();

  return {
    operations$: operations$.asObservable(),
    track(source, meta) {
      if (closed) throw new TypeError('OperationTracker.track: the tracker is closed');
      // Checked before anything is stored or polled.
      jsonOf(meta);
      const now = scheduler.now();
      // Ties in the same millisecond keep the order of tracking, here and after a reload.
      lastSince = Math.max(now, lastSince + 0.001);
      const since = lastSince;
      const id = newId();
      let poller: AsyncPoller | undefined;
      let facts: OperationFacts;
      let firstDue: number | undefined;
      if (isPoller(source)) {
        poller = source;
        facts = { state: 'Running', poll: 0, since, at: now, location: poller.location };
      } else if (isActionResult(source)) {
        const location = source.location();
        if (source.isAsync() && location !== undefined) {
          poller = createAsyncPoller(client, location, pollOptions);
          facts = { state: 'Running', poll: 0, since, at: now, location: poller.location, httpStatus: source.status };
          // As asyncOp$ does: the first poll waits for the 202's Retry-After, when the server gives one.
          const retryAfter = pollOptions.honorRetryAfter === false ? undefined : source.retryAfterMs();
          if (retryAfter !== undefined) firstDue = now + Math.min(retryAfter, pollOptions.maxRetryAfter ?? retryAfter);
        } else {
          facts = { state: 'Succeeded', poll: 0, since, at: now, httpStatus: source.status, percentComplete: 100 };
        }
      } else {
        throw new TypeError('OperationTracker.track: expected an ActionResult or an AsyncPoller');
      }
      const entry = add(makeRecord({ id, meta: jsonOf(meta), token: poller?.serialize() ?? null, facts, revision: 0 }), poller, undefined);
      entry.firstDue = firstDue;
      save(entry.record);
      // Ask for the lock before the other tabs hear of the operation: the tab that started it polls it.
      follow(entry);
      coordination.post(recordMessage(recordText(entry.record)));
      emit();
      return id;
    },
    dismiss(id) {
      if (!entries.has(id)) return;
      forget(id);
      storage.removeItem(keyOf(id));
      coordination.post(idMessage('dismiss', id));
      emit();
    },
    cancel(id) {
      const entry = entries.get(id);
      if (entry === undefined || entry.record.facts.state !== 'Running') return;
      if (entry.polling !== undefined) runCancel(entry);
      else coordination.post(idMessage('cancel', id));
    },
    close() {
      if (closed) return;
      for (const id of [...entries.keys()]) forget(id);
      closed = true;
      unlisten();
      coordination.close();
      operations$.complete();
    },
  };
}

/**
 * The wait before this tab's first poll, `elapsed` ms after the last update anyone heard: one
 * poll per tick in total. A tick after that update; when that moment has passed, the tab that
 * polled may have sent a poll it did not live to read (it closed, the page reloaded), and the
 * server counted it: the next tick on the same beat, never at once. At most one tick.
 */
function nextTick(elapsed: number, tick: number): number {
  if (tick <= 0) return 0;
  if (elapsed < 0) return tick;
  return elapsed < tick ? tick - elapsed : tick - (elapsed % tick);
}

/**
 * `meta` as the storage will give it back (a Date becomes its ISO text, undefined fields go), so
 * that this tab lists what a reloaded page will; `null` for none.
 * @throws TypeError for what JSON cannot hold (a cycle, a BigInt).
 */
function jsonOf(meta: unknown): unknown {
  if (meta === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(meta);
  } catch (error) {
    throw new TypeError(`OperationTracker.track: meta must be JSON data (${messageOf(error)})`, { cause: error });
  }
  return text === undefined ? null : parseJsonSafely(text);
}

/** Whether record `a` says more than `b`: nothing follows an end, else the later revision wins. */
function isNewer(a: TrackerRecord, b: TrackerRecord): boolean {
  if (b.facts.state !== 'Running') return false;
  return a.facts.state !== 'Running' || a.revision > b.revision;
}

/** An error's message, also for errors of another realm (a DOMException from the host), else the value as text. */
function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : String(error);
}

function isPoller(source: unknown): source is AsyncPoller {
  return typeof source === 'object' && source !== null && 'serialize' in source && 'status$' in source && typeof source.serialize === 'function';
}

function isActionResult(source: unknown): source is ActionResult {
  return typeof source === 'object' && source !== null && 'isAsync' in source && typeof source.isAsync === 'function' && 'location' in source;
}
