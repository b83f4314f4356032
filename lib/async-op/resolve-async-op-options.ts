import { asyncScheduler, isObservable, type Observable, type SchedulerLike } from 'rxjs';
import { pageVisibility } from './page-visibility.js';
import * as t from 'io-ts';
import type { AsyncOpOptions, PollIntervalFn } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import { DEFAULT_MAX_POLLS, DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_POLL_INTERVAL_MS, DEFAULT_RETRIES, MAX_DELAY_MS } from './delay-policy.js';

/** {@link AsyncOpOptions} with every default applied and every value checked. */
export interface ResolvedAsyncOpOptions<R> {
  readonly pollInterval: number | PollIntervalFn;
  readonly maxPolls: number;
  readonly timeout: number | undefined;
  readonly honorRetryAfter: boolean;
  /** From the `maxRetryAfter` option. */
  readonly maxRetryAfterMs: number;
  readonly retries: number;
  readonly cancelOnUnsubscribe: boolean;
  /** A frozen copy: later changes to the caller's object do not reach a running poll loop. */
  readonly statusMap: Readonly<Record<string, AsyncOpStatus>>;
  readonly result: t.Type<R, unknown> | undefined;
  readonly scheduler: SchedulerLike;
  /** "The page is visible", when polling pauses while hidden; `undefined` when it never pauses. */
  readonly visible$: Observable<boolean> | undefined;
}

const KNOWN_OPTIONS: readonly (keyof AsyncOpOptions)[] = [
  'pollInterval',
  'maxPolls',
  'timeout',
  'honorRetryAfter',
  'maxRetryAfter',
  'retries',
  'cancelOnUnsubscribe',
  'statusMap',
  'result',
  'scheduler',
  'pauseWhenHidden',
];

const STATUSES: readonly string[] = Object.values(AsyncOpStatus);

/**
 * Applies the defaults of {@link AsyncOpOptions} and checks every value, so that a mistake is a
 * `TypeError` when the operator is created rather than a strange poll loop later. Options may come
 * from plain JavaScript or from configuration files, so nothing is trusted to match its type.
 * An option set to `undefined` takes its default.
 *
 * @example
 * resolveAsyncOpOptions({ maxPolls: 100 }).pollInterval // → 2000
 * resolveAsyncOpOptions({ maxPoll: 100 })              // TypeError: Unknown option "maxPoll" (did you mean "maxPolls"?) …
 *
 * @throws TypeError that names the option, the value received and what is accepted.
 */
export function resolveAsyncOpOptions<R>(options: AsyncOpOptions<R> | undefined): ResolvedAsyncOpOptions<R> {
  if (options === undefined) return defaults();
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`asyncOp options must be an object or undefined, got ${describe(options)}`);
  }
  checkKeys(options);
  const base = defaults<R>();
  return {
    pollInterval: checkPollInterval(options.pollInterval) ?? base.pollInterval,
    maxPolls: check(options.maxPolls, 'maxPolls', isMaxPolls, `an integer ≥ 1, or Infinity`) ?? base.maxPolls,
    timeout: check(options.timeout, 'timeout', isTimeout, `a number of ms > 0 and ≤ ${MAX_DELAY_MS} (omit it for no total timeout)`),
    honorRetryAfter: check(options.honorRetryAfter, 'honorRetryAfter', isBoolean, 'true or false') ?? base.honorRetryAfter,
    maxRetryAfterMs:
      check(options.maxRetryAfter, 'maxRetryAfter', isDelay, `a number of ms from 0 to ${MAX_DELAY_MS} (longer timers fire at once)`) ?? base.maxRetryAfterMs,
    retries: check(options.retries, 'retries', isRetries, 'an integer ≥ 0 (0 turns retries off)') ?? base.retries,
    cancelOnUnsubscribe: check(options.cancelOnUnsubscribe, 'cancelOnUnsubscribe', isBoolean, 'true or false') ?? base.cancelOnUnsubscribe,
    statusMap: checkStatusMap(options.statusMap) ?? base.statusMap,
    result: check(options.result, 'result', isCodec, 'an io-ts codec (a t.Type, e.g. t.type({ id: t.string }))'),
    scheduler: check(options.scheduler, 'scheduler', isScheduler, 'an RxJS SchedulerLike with now() and schedule()') ?? base.scheduler,
    visible$: visibilityOf(
      check(options.pauseWhenHidden, 'pauseWhenHidden', isVisibilitySource, 'true, false, or an Observable<boolean> of "the page is visible"'),
    ),
  };
}

function defaults<R>(): ResolvedAsyncOpOptions<R> {
  return {
    pollInterval: DEFAULT_POLL_INTERVAL_MS,
    maxPolls: DEFAULT_MAX_POLLS,
    timeout: undefined,
    honorRetryAfter: true,
    maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
    retries: DEFAULT_RETRIES,
    cancelOnUnsubscribe: false,
    statusMap: Object.freeze({}),
    result: undefined,
    scheduler: asyncScheduler,
    visible$: undefined,
  };
}

function isVisibilitySource(value: unknown): boolean {
  return typeof value === 'boolean' || isObservable(value);
}

function visibilityOf(value: boolean | Observable<boolean> | undefined): Observable<boolean> | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? pageVisibility() : value;
}

/** `value` when absent or accepted by `guard`; a TypeError naming the option otherwise. */
function check<A>(value: A | undefined, name: string, guard: (u: unknown) => boolean, expected: string): A | undefined {
  if (value === undefined || guard(value)) return value;
  throw new TypeError(`Option ${name} must be ${expected}, got ${describe(value)}`);
}

function checkKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.some((known) => known === key)) {
      const suggestion = suggest(key);
      throw new TypeError(
        `Unknown option ${JSON.stringify(key)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; ` +
          `known options: ${KNOWN_OPTIONS.join(', ')}`,
      );
    }
  }
}

function checkPollInterval(value: number | PollIntervalFn | undefined): number | PollIntervalFn | undefined {
  if (value === undefined || typeof value === 'function' || isDelay(value)) return value;
  throw new TypeError(`Option pollInterval must be a number of ms from 0 to ${MAX_DELAY_MS}, or a function (poll, lastUpdate) => ms; got ${describe(value)}`);
}

function checkStatusMap(value: Readonly<Record<string, AsyncOpStatus>> | undefined): Readonly<Record<string, AsyncOpStatus>> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw new TypeError(`Option statusMap must be a plain object of server words to statuses, e.g. { SCHEDULED: 'Running' }; got ${describe(value)}`);
  }
  const entries = Object.entries(value);
  for (const [word, status] of entries) {
    if (!STATUSES.includes(status)) {
      throw new TypeError(
        `Option statusMap maps ${JSON.stringify(word)} to ${describe(status)}: a status must be one of ${STATUSES.map((s) => `'${s}'`).join(', ')}`,
      );
    }
  }
  return Object.freeze(Object.fromEntries(entries));
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isDelay(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= MAX_DELAY_MS;
}

function isTimeout(value: unknown): boolean {
  return isDelay(value) && value !== 0;
}

function isMaxPolls(value: unknown): boolean {
  return value === Infinity || (Number.isInteger(value) && typeof value === 'number' && value >= 1);
}

function isRetries(value: unknown): boolean {
  return Number.isInteger(value) && typeof value === 'number' && value >= 0;
}

function isCodec(value: unknown): boolean {
  return value instanceof t.Type;
}

function isScheduler(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'now' in value &&
    typeof value.now === 'function' &&
    'schedule' in value &&
    typeof value.schedule === 'function'
  );
}

/** A short, never-throwing description of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

/**
 * The known option a mistyped key probably meant: the same name in another case, or one name a
 * prefix of the other (`maxPoll`, `timeoutMs`, `maxRetryAfterMs`, `pollinterval`).
 */
function suggest(key: string): string | undefined {
  const typed = key.toLowerCase();
  if (typed.length < 4) return undefined;
  return KNOWN_OPTIONS.find((known) => {
    const name = known.toLowerCase();
    return name.startsWith(typed) || typed.startsWith(name);
  });
}
