/**
 * How many requests one controller serves before it is dropped. An adapter or interceptor that
 * adds an `abort` listener and never removes it leaves at most this many on a signal, fewer than
 * the 10 after which Node warns of a leak; the signal is collected once it is dropped.
 */
export const MAX_USES = 8;
/** Spare controllers kept: enough for the requests of a busy client in flight at once. */
export const MAX_SPARE = 64;

/** One AbortController lent to one request at a time. */
export interface AbortLease {
  /** The controller whose signal the request is sent with. */
  readonly controller: AbortController;
  /** Requests it has been lent to, this one included. */
  uses: number;
}

/** The controllers of one transport. */
export interface AbortPool {
  /** A controller for a request about to go out: a spare one when there is one, else a new one. */
  take(): AbortLease;
  /**
   * Gives back the lease of a request that settled: its controller serves a later request, unless
   * it was aborted (an aborted signal stays aborted) or has served {@link MAX_USES} requests.
   */
  give(lease: AbortLease): void;
}

/**
 * AbortControllers lent to one request at a time and reused once the request has settled. An
 * AbortController is an EventTarget: making one per status poll, and the first listener on its
 * signal, cost more CPU than everything else the transport does per request (bench/README.md,
 * transport-overhead). A settled request's adapter no longer listens (axios removes its listener
 * when it settles), and the transport never aborts a request that has settled, so the signal is
 * as good as new for the next one.
 */
export function abortPool(): AbortPool {
  const spare: AbortLease[] = [];
  return {
    take: () => {
      const lease = spare.pop() ?? { controller: new AbortController(), uses: 0 };
      lease.uses += 1;
      return lease;
    },
    give: (lease) => {
      if (!lease.controller.signal.aborted && lease.uses < MAX_USES && spare.length < MAX_SPARE) spare.push(lease);
    },
  };
}
