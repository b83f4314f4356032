/**
 * The part of `BroadcastChannel` the tracker uses: tabs of one origin that open a channel of the
 * same name receive each other's messages (never their own).
 */
export interface BroadcastChannelLike {
  /** Sends `message` (structured-cloned) to the other channels of the same name. */
  postMessage(message: unknown): void;
  /** Listens for the other channels' messages. */
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  /** Stops listening. */
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  /** Closes the channel. */
  close(): void;
}

/**
 * The part of the Web Locks `LockManager` (`navigator.locks`) the tracker uses: an exclusive
 * lock per name, held while `callback`'s Promise is pending, released when the tab closes; a
 * request still queued is dropped when `signal` aborts.
 */
export interface LockManagerLike {
  /** Runs `callback` once the lock `name` is this tab's; the lock is held until its Promise settles. */
  request(name: string, options: { readonly signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/**
 * How tabs share the work: who polls an operation, and how the others hear of it. The tracker
 * builds one from `channel` and `locks`; tests and other runtimes may pass their own.
 */
export interface TrackerCoordination {
  /** True when other tabs may poll and report: the tracker then listens instead of polling what another tab holds. */
  readonly shared: boolean;
  /**
   * Runs `work` while this tab holds the exclusive lock `name`, after the tab that holds it now
   * lets go (its work ends, or it closes). A request still waiting is dropped when `signal` aborts.
   */
  withLock(name: string, signal: AbortSignal, work: () => Promise<void>): void;
  /** Tells the other tabs. */
  post(message: unknown): void;
  /** Hears the other tabs; returns the way to stop. */
  listen(listener: (message: unknown) => void): () => void;
  /** Stops listening and closes the channel; locks held are released as their work ends. */
  close(): void;
}

/** Every tab on its own: a lock is always free, nothing is heard. Where BroadcastChannel or Web Locks is missing. */
export function soloCoordination(): TrackerCoordination {
  return {
    shared: false,
    withLock: (_name, signal, work) => {
      if (!signal.aborted) void work();
    },
    post: () => undefined,
    listen: () => () => undefined,
    close: () => undefined,
  };
}

/** Tabs that share the work through a channel and a lock manager. */
export function sharedCoordination(channel: BroadcastChannelLike, locks: LockManagerLike): TrackerCoordination {
  const listeners = new Set<(message: unknown) => void>();
  const onMessage = (event: { readonly data: unknown }): void => {
    for (const listener of [...listeners]) listener(event.data);
  };
  channel.addEventListener('message', onMessage);
  let closed = false;
  return {
    shared: true,
    withLock: (name, signal, work) => {
      // An aborted request rejects with the abort reason: that is the expected way out.
      locks.request(name, { signal }, () => (signal.aborted ? Promise.resolve() : work())).catch(() => undefined);
    },
    post: (message) => {
      if (!closed) channel.postMessage(message);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => {
      if (closed) return;
      closed = true;
      listeners.clear();
      channel.removeEventListener('message', onMessage);
      channel.close();
    },
  };
}

/** What the environment offers: both APIs, or nothing to share with. */
export interface CoordinationChoice {
  /** A channel to use; `null` for none (each tab polls alone); `undefined` for `BroadcastChannel` when the runtime has it. */
  readonly channel?: BroadcastChannelLike | null;
  /** A lock manager; `null` for none; `undefined` for `navigator.locks` when the runtime has it. */
  readonly locks?: LockManagerLike | null;
}

/**
 * Shared coordination when both a channel and a lock manager are at hand (given, or from the
 * runtime), else solo: with one of the two only, tabs could neither agree nor hear each other.
 */
export function chooseCoordination(name: string, choice: CoordinationChoice): TrackerCoordination {
  const locks = choice.locks === undefined ? runtimeLocks() : choice.locks;
  if (locks === null) return soloCoordination();
  const channel = choice.channel === undefined ? runtimeChannel(name) : choice.channel;
  if (channel === null) return soloCoordination();
  return sharedCoordination(channel, locks);
}

function runtimeLocks(): LockManagerLike | null {
  // Node 20 has no navigator; browsers without Web Locks (old Safari, insecure origins) have no `locks`.
  if (typeof navigator !== 'object' || !('locks' in navigator)) return null;
  const locks: LockManagerLike | undefined = navigator.locks;
  return locks ?? null;
}

function runtimeChannel(name: string): BroadcastChannelLike | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
}
