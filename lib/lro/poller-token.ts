import { isLeft } from '../http/either.js';
import * as t from 'io-ts';
import { decodeIssues } from '../odata/decode-issues.js';
import { parseJsonSafely } from '../http/safe-json.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { PollLedger, PollPlan } from './poll-once.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';
import { checksumOf } from './checksum.js';

const KIND = 'rxjs-odata-async/poller';

/** A number, or `null` for what JSON cannot hold. */
const NullableNumber = t.union([t.number, t.null]);

/**
 * The options a resumed poller keeps (a `pollInterval` function cannot travel: pass it again).
 * Their ranges are checked again by `resolveAsyncOpOptions` when the poller is resumed.
 */
export const PollerTokenOptions = t.type({
  /**
   * Milliseconds between status requests; `null` when it was a function, which JSON cannot hold
   * (pass it again to `resumeAsyncPoller`, or the default 2000 applies).
   */
  pollInterval: NullableNumber,
  /** `null` for `Infinity`, which JSON cannot hold. */
  maxPolls: NullableNumber,
  /** The total `timeout` in ms, or `null` for none; the token's `deadline` says when it runs out. */
  timeout: NullableNumber,
  /** Whether the server's `Retry-After` sets the wait between polls. */
  honorRetryAfter: t.boolean,
  /** Upper bound, in ms, for a wait the server asks for with `Retry-After`. */
  maxRetryAfter: t.number,
  /** Transient failures retried per poll. */
  retries: t.number,
  /** Whether leaving before a terminal state sends `DELETE` to the monitor. */
  cancelOnUnsubscribe: t.boolean,
  /** Extra server status words and the status each one means (the keys of AsyncOpStatus are its values). */
  statusMap: t.record(t.string, t.keyof(AsyncOpStatus)),
});
export type PollerTokenOptions = t.TypeOf<typeof PollerTokenOptions>;

const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0;

/**
 * A poller's state as small, JSON-safe data: enough to continue the same operation in another
 * process or after a page reload with `resumeAsyncPoller`. `checksum` catches a token that was
 * edited or cut short; it is not a signature: the resumed poller still origin-checks the monitor
 * against its own client, so a token cannot send credentials anywhere the client would not.
 */
const AsyncPollerTokenFields = t.type({
  /** Always `'rxjs-odata-async/poller'`: marks the object as a token of this library. */
  kind: t.literal(KIND),
  /** The token format, always `1`; a token of another format is refused rather than misread. */
  version: t.literal(1),
  /** The newest monitor URL (absolute); the resuming client checks its origin again. */
  location: t.string,
  /** The protocol of the client that made the token; only a client of the same protocol can resume it. */
  protocol: t.keyof({
    /** Made by an OData v4 client. */
    v4: null,
    /** Made by an OData v2 (SAP Gateway) client. */
    v2: null,
  }),
  /** Status requests made so far (an integer >= 0); the resumed poller continues the count, so `maxPolls` still holds. */
  polls: new t.Type('Count', isCount, (u, c) => (isCount(u) ? t.success(u) : t.failure(u, c)), t.identity),
  /** Epoch ms (the scheduler's clock) at which `timeout` runs out, or `null`. */
  deadline: NullableNumber,
  /** The poller's options, as far as JSON can hold them; `resumeAsyncPoller` applies them again. */
  options: PollerTokenOptions,
  /** FNV-1a hash (8 hex digits) of the other fields' canonical JSON: catches an edited or truncated token; not a signature. */
  checksum: t.string,
});

/**
 * What a token adds when the poller knows more than its monitor: the dialect that reads it (by
 * name) and how the operation was started (for the dialect's final result). Optional, so that a
 * token of the first release still resumes.
 */
const AsyncPollerTokenDialect = t.partial({
  /** The `name` of the dialect that reads the monitor, e.g. `'azure'`. */
  dialect: t.string,
  /** The call that started the operation, and where its result will be, when known. */
  started: t.intersection([
    t.type({
      /** The method of the call that started the operation. */
      method: t.string,
      /** The absolute URL of that call (checked against the resuming client's origins). */
      url: t.string,
    }),
    t.partial({
      /** Where the dialect said the result will be, or `null`. */
      resultUrl: t.union([t.string, t.null]),
      /** The dialect's own word for how it polls the operation, or `null`. */
      mode: t.union([t.string, t.null]),
    }),
  ]),
});

/** The codec of a poller token (see `serialize()` and `resumeAsyncPoller`). */
export const AsyncPollerToken = t.intersection([AsyncPollerTokenFields, AsyncPollerTokenDialect]);
/** A poller's state as small, JSON-safe data: what `serialize()` gives and `resumeAsyncPoller` takes. */
export type AsyncPollerToken = t.TypeOf<typeof AsyncPollerToken>;

type TokenBody = Omit<AsyncPollerToken, 'checksum'>;

/** The token of a poller in its current state. */
export function makePollerToken(ledger: PollLedger, plan: PollPlan, options: Omit<ResolvedAsyncOpOptions<unknown>, 'result'>): AsyncPollerToken {
  const { pollInterval, maxPolls } = options;
  const { started } = plan;
  const body: TokenBody = {
    kind: KIND,
    version: 1,
    location: ledger.location,
    protocol: plan.session.protocol,
    dialect: plan.dialect.name,
    ...(started && { started: { method: started.method, url: started.url, resultUrl: started.resultUrl ?? null, mode: started.mode ?? null } }),
    polls: ledger.polls,
    deadline: ledger.deadline ?? null,
    options: {
      pollInterval: typeof pollInterval === 'number' ? pollInterval : null,
      maxPolls: maxPolls < Infinity ? maxPolls : null,
      timeout: options.timeout ?? null,
      honorRetryAfter: options.honorRetryAfter,
      maxRetryAfter: options.maxRetryAfterMs,
      retries: options.retries.count,
      cancelOnUnsubscribe: options.cancelOnUnsubscribe,
      statusMap: { ...options.statusMap },
    },
  };
  return { ...body, checksum: checksumOf(body) };
}

/**
 * Reads a token (the object, or its JSON text) and checks its shape and checksum.
 * @throws TypeError that says what is wrong with it.
 */
export function readPollerToken(token: unknown): AsyncPollerToken {
  let value = token;
  if (typeof token === 'string') {
    try {
      value = parseJsonSafely(token);
    } catch (error) {
      throw new TypeError(`resumeAsyncPoller: the token is not JSON (${String(error)})`, { cause: error });
    }
  }
  const decoded = AsyncPollerToken.decode(value);
  if (isLeft(decoded)) {
    throw new TypeError(`resumeAsyncPoller: not a poller token from serialize(): ${decodeIssues(decoded.left).slice(0, 3).join('; ')}`);
  }
  const { checksum, ...body } = decoded.right;
  if (checksum !== checksumOf(body)) throw new TypeError('resumeAsyncPoller: the token was altered or truncated (bad checksum)');
  return decoded.right;
}
