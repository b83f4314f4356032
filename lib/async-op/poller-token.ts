import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { parseJsonSafely } from '../odata/safe-json.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { PollLedger } from './poll-loop.js';
import type { ResolvedAsyncOpOptions } from './resolve-async-op-options.js';

const StatusValue = t.keyof({
  /** The server word means the operation is still going. */
  [AsyncOpStatus.Running]: null,
  /** The server word means the operation finished successfully. */
  [AsyncOpStatus.Succeeded]: null,
  /** The server word means the operation failed. */
  [AsyncOpStatus.Failed]: null,
  /** The server word means the operation was cancelled. */
  [AsyncOpStatus.Cancelled]: null,
});

const NonNegativeInteger = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, 'must be an integer ≥ 0')),
  t.identity,
);

/** The options a resumed poller keeps (a `pollInterval` function cannot travel: pass it again). */
export const PollerTokenOptions = t.type({
  /**
   * Milliseconds between status requests; `null` when it was a function, which JSON cannot hold
   * (pass it again to `resumeAsyncPoller`, or the default 2000 applies).
   */
  pollInterval: t.union([NonNegativeInteger, t.null]),
  /** `null` for `Infinity`, which JSON cannot hold. */
  maxPolls: t.union([NonNegativeInteger, t.null]),
  /** The total `timeout` in ms, or `null` for none; the token's `deadline` says when it runs out. */
  timeout: t.union([t.number, t.null]),
  /** Whether the server's `Retry-After` sets the wait between polls. */
  honorRetryAfter: t.boolean,
  /** Upper bound, in ms, for a wait the server asks for with `Retry-After`. */
  maxRetryAfter: t.number,
  /** Transient failures retried per poll. */
  retries: NonNegativeInteger,
  /** Whether leaving before a terminal state sends `DELETE` to the monitor. */
  cancelOnUnsubscribe: t.boolean,
  /** Extra server status words and the status each one means. */
  statusMap: t.record(t.string, StatusValue),
});
export type PollerTokenOptions = t.TypeOf<typeof PollerTokenOptions>;

const TokenBody = t.type({
  /** Always `'rxjs-odata-async/poller'`: marks the object as a token of this library. */
  kind: t.literal('rxjs-odata-async/poller'),
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
  /** Status requests made so far; the resumed poller continues the count, so `maxPolls` still holds. */
  polls: NonNegativeInteger,
  /** Epoch ms (the scheduler's clock) at which `timeout` runs out, or `null`. */
  deadline: t.union([t.number, t.null]),
  /** The poller's options, as far as JSON can hold them; `resumeAsyncPoller` applies them again. */
  options: PollerTokenOptions,
});

/**
 * A poller's state as small, JSON-safe data: enough to continue the same operation in another
 * process or after a page reload with `resumeAsyncPoller`. `checksum` catches a token that was
 * edited or cut short; it is not a signature: the resumed poller still origin-checks the monitor
 * against its own client, so a token cannot send credentials anywhere the client would not.
 */
export const AsyncPollerToken = t.intersection([
  TokenBody,
  t.type({
    /** FNV-1a hash (8 hex digits) of the other fields' canonical JSON: catches an edited or truncated token; not a signature. */
    checksum: t.string,
  }),
]);
export type AsyncPollerToken = t.TypeOf<typeof AsyncPollerToken>;

type TokenBody = t.TypeOf<typeof TokenBody>;

/** The token of a poller in its current state. */
export function makePollerToken(ledger: PollLedger, protocol: 'v4' | 'v2', options: Omit<ResolvedAsyncOpOptions<unknown>, 'result'>): AsyncPollerToken {
  const body: TokenBody = {
    kind: 'rxjs-odata-async/poller',
    version: 1,
    location: ledger.location,
    protocol,
    polls: ledger.polls,
    deadline: ledger.deadline ?? null,
    options: {
      pollInterval: typeof options.pollInterval === 'number' ? options.pollInterval : null,
      maxPolls: Number.isFinite(options.maxPolls) ? options.maxPolls : null,
      timeout: options.timeout ?? null,
      honorRetryAfter: options.honorRetryAfter,
      maxRetryAfter: options.maxRetryAfterMs,
      retries: options.retries,
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
      throw new TypeError(`resumeAsyncPoller: the token is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  const decoded = AsyncPollerToken.decode(value);
  if (isLeft(decoded)) {
    throw new TypeError(`resumeAsyncPoller: not a poller token from serialize(): ${PathReporter.report(decoded).slice(0, 3).join('; ')}`);
  }
  const { checksum, ...body } = decoded.right;
  if (checksum !== checksumOf(body)) throw new TypeError('resumeAsyncPoller: the token was altered or truncated (its checksum does not match)');
  return decoded.right;
}

/** FNV-1a over the token's canonical JSON: cheap, dependency-free, enough to catch edits. */
function checksumOf(body: TokenBody): string {
  const text = canonicalJson(body);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** JSON with object keys sorted, so that a token re-serialised by another tool keeps its checksum. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
