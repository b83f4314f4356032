import { defer, map, type Observable, of, switchMap } from 'rxjs';
import { parseRetryAfter } from '../http/retry-after.js';
import { retryTransient } from '../http/retry-transient.js';
import type { ClientSession } from '../odata/client-session.js';
import { AsyncOpStatus, isTerminalStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import type { DialectContext, MonitorDialect, StartedBy, StatusReading } from './dialects/monitor-dialect.js';
import { decodeResult, resultFrom, type ResultSource } from './fetch-result.js';
import { readMonitorAnswer } from './read-monitor-answer.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

/** What stays the same for the whole life of one operation's polling. */
export interface PollPlan {
  /** The client's session: every poll and result request goes through it. */
  readonly session: ClientSession;
  /** Who reads the monitor's answers. */
  readonly dialect: MonitorDialect;
  /** How the operation was started, when known (not for a monitor URL given on its own). */
  readonly started?: StartedBy | undefined;
  /** The operation's name, for unwrapping SAP's `{"d":{"<Name>": …}}` result. */
  readonly source?: ResultSource | undefined;
}

/**
 * What is known of one operation across poll loops: a poller that restarts (its last subscriber
 * left, a new one came) continues the count, the deadline and the delay instead of starting over.
 */
export interface PollLedger {
  /** Status requests made so far. */
  polls: number;
  /** The newest monitor URL. */
  location: string;
  /** The last update seen (emitted again as the opening update of a restarted loop). */
  lastUpdate: AsyncOpUpdate | undefined;
  /** Scheduler time at which `timeout` runs out, fixed when the first loop started. */
  deadline: number | undefined;
}

/**
 * A reading as the update it makes: the fields the engine knows added, no `undefined` values (but
 * `body`). Field by field rather than spread and filtered: it runs once per poll, and the spreads
 * were the library's most expensive line per poll (bench/README.md, transport-overhead).
 */
export function toUpdate(reading: StatusReading, poll: number, location: string, retryAfterMs: number | undefined): AsyncOpUpdate {
  const { status, httpStatus, rawStatus, percentComplete, resultUrl, error, body } = reading;
  const update: { -readonly [K in keyof AsyncOpUpdate]: AsyncOpUpdate[K] } = { body, status, httpStatus, poll, location };
  if (rawStatus !== undefined) update.rawStatus = rawStatus;
  if (percentComplete !== undefined) update.percentComplete = percentComplete;
  if (resultUrl !== undefined) update.resultUrl = resultUrl;
  if (error !== undefined) update.error = error;
  if (retryAfterMs !== undefined) update.retryAfterMs = retryAfterMs;
  return update;
}

/**
 * One status request of poll number `ledger.polls` to `ledger.location`, as the update it makes:
 *
 * ```
 * request:  --a|              a: an answer the dialect reads
 * result:   --u|              u: the update (result fetched first when it succeeded and a codec is given)
 * 503:      --#  retried after the policy's delay, up to retries.count times; not a poll
 * ```
 *
 * The dialect's next monitor (a running 202's new `Location`) and the result URL are resolved
 * against the URL that answered and origin-checked; the ledger's location moves to the next monitor.
 */
export function pollOnce<R>(plan: PollPlan, ledger: PollLedger, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  const { session, dialect } = plan;
  const { scheduler } = options;
  const url = ledger.location;
  const poll = ledger.polls;
  const context: DialectContext = { url, statusMap: options.statusMap, started: plan.started };
  // send() is cold (each subscription, a retry's too, is one request) and throws nothing for a
  // request without headers of its own: no defer needed around it.
  const update$ = session.send({ method: 'GET', url }).pipe(
    map((response) => {
      const reading = dialect.read(readMonitorAnswer(response, url), context);
      if (reading.kind === 'error') throw reading.error;
      const base = response.url ?? url;
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], scheduler.now(), options.maxRetryAfterMs);
      const { resultUrl } = reading.reading;
      const update = toUpdate(
        resultUrl === undefined ? reading.reading : { ...reading.reading, resultUrl: session.resolveUrl(resultUrl, base) },
        poll,
        url,
        retryAfterMs,
      );
      const next = reading.next;
      // The URL just polled (absolute, as most servers send it) passed the origin check already.
      if (next !== undefined && next !== url) ledger.location = session.resolveUrl(next, base);
      // Known to be over from here on (while its result is fetched, say): leaving now cancels nothing.
      if (isTerminalStatus(update.status)) ledger.lastUpdate = update;
      return update;
    }),
    retryTransient(options.retries, scheduler),
  );
  // Without a codec, `result` is never set: the update is an AsyncOpUpdate<R> for any R (and a
  // poll is one subscriber fewer).
  return options.result === undefined ? (update$ as Observable<AsyncOpUpdate<R>>) : update$.pipe(switchMap((update) => withResult<R>(plan, update, options)));
}

/**
 * A `Succeeded` update with its decoded result, when a `result` codec is given: decoded from the
 * final body, or fetched from its `resultUrl` (one GET, transient failures retried like polls).
 */
function withResult<R>(plan: PollPlan, update: AsyncOpUpdate, options: ResolvedAsyncOpOptions<R>): Observable<AsyncOpUpdate<R>> {
  const codec = options.result;
  // Only a Succeeded update carries a result.
  if (update.status !== AsyncOpStatus.Succeeded || codec === undefined) return of(update as AsyncOpUpdate<R>);
  const { session, source } = plan;
  const { resultUrl } = update;
  if (resultUrl === undefined) {
    return defer(() =>
      of({
        ...update,
        result: decodeResult(session.protocol, codec, update.body, source, {
          method: source?.method ?? 'GET',
          url: update.location,
          status: update.httpStatus,
        }),
      }),
    );
  }
  return defer(() => session.send({ method: 'GET', url: resultUrl })).pipe(
    map((response) => ({ ...update, result: resultFrom(session.protocol, codec, response, resultUrl, source) })),
    retryTransient(options.retries, options.scheduler),
  );
}
