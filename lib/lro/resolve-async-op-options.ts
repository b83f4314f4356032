import { asyncScheduler, isObservable, type Observable, type SchedulerLike } from 'rxjs';
import { pageVisibility } from './page-visibility.js';
import * as t from 'io-ts';
import type { AsyncOpOptions, PollIntervalFn } from './async-op-options.js';
import { AsyncOpStatus } from './async-op-status.js';
import {
  DEFAULT_MAX_POLLS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RETRIES,
  EXPECTED_DELAY,
  isDelay,
  MAX_DELAY_MS,
} from './delay-policy.js';
import { checkOptions, failOption, type OptionRule } from '../errors/check-options.js';
import { defaultRetryDelay, EXPECTED_RETRIES, isRetriesOption, retryPolicy, type RetryPolicy } from '../http/retry-policy.js';
import { isDialectList, type MonitorDialect } from './dialects/monitor-dialect.js';

/** {@link AsyncOpOptions} with every default applied and every value checked. */
export interface ResolvedAsyncOpOptions<R> {
  readonly pollInterval: number | PollIntervalFn;
  readonly maxPolls: number;
  readonly timeout: number | undefined;
  readonly honorRetryAfter: boolean;
  /** From the `maxRetryAfter` option. */
  readonly maxRetryAfterMs: number;
  /** Transient failures retried within a poll, and the delay before each. */
  readonly retries: RetryPolicy;
  readonly cancelOnUnsubscribe: boolean;
  /** A frozen copy: later changes to the caller's object do not reach a running poll loop. */
  readonly statusMap: Readonly<Record<string, AsyncOpStatus>>;
  readonly result: t.Type<R, unknown> | undefined;
  readonly scheduler: SchedulerLike;
  /** "The page is visible", when polling pauses while hidden; `undefined` when it never pauses. */
  readonly visible$: Observable<boolean> | undefined;
  /** The dialect given (one, or a list to choose from by the first answer); `undefined`: inferred. */
  readonly dialect: MonitorDialect | readonly MonitorDialect[] | undefined;
}

/** The resolved options without the result codec: what the loop's helpers read, for any result type. */
export type PollSettings = Omit<ResolvedAsyncOpOptions<unknown>, 'result'>;

/** Whether `value` has the shape of a {@link MonitorDialect}: a name and the three readers. */
function isDialect(value: unknown): value is MonitorDialect {
  if (!isObject(value)) return false;
  const cancel: unknown = Reflect.get(value, 'cancel');
  return (
    typeof Reflect.get(value, 'name') === 'string' &&
    ['recognizes', 'start', 'read'].every((method) => typeof Reflect.get(value, method) === 'function') &&
    (cancel === undefined || typeof cancel === 'function')
  );
}

const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const BOOLEAN = 'true or false';

/**
 * Every option, in the order the "unknown option" message lists them, with the check its value
 * must pass (when it is not `undefined`) and what the message says it must be.
 */
const RULES: Readonly<Record<keyof AsyncOpOptions, OptionRule>> = {
  pollInterval: [(value) => typeof value === 'function' || isDelay(value), `${EXPECTED_DELAY}, or a function`],
  maxPolls: [(value) => value === Infinity || (isCount(value) && value > 0), 'a positive integer or Infinity'],
  timeout: [(value) => isDelay(value) && value > 0, `a number of ms above 0, up to ${MAX_DELAY_MS}`],
  honorRetryAfter: [isBoolean, BOOLEAN],
  maxRetryAfter: [isDelay, EXPECTED_DELAY],
  retries: [isRetriesOption, EXPECTED_RETRIES],
  cancelOnUnsubscribe: [isBoolean, BOOLEAN],
  // A plain object: a null prototype counts as one, a Map or a class instance does not.
  statusMap: [
    (value) => isObject(value) && (Object.getPrototypeOf(value) ?? Object.prototype) === Object.prototype,
    "a plain object, e.g. { SCHEDULED: 'Running' }",
  ],
  result: [(value) => value instanceof t.Type, 'an io-ts codec'],
  scheduler: [(value) => isObject(value) && ['now', 'schedule'].every((method) => typeof Reflect.get(value, method) === 'function'), 'a SchedulerLike'],
  pauseWhenHidden: [(value) => isBoolean(value) || isObservable(value), 'a boolean or an Observable<boolean>'],
  dialect: [
    (value) => isDialect(value) || (Array.isArray(value) && value.length > 0 && value.every(isDialect)),
    'a MonitorDialect (name, recognizes, start, read), or a non-empty list of them',
  ],
};

const STATUSES: readonly string[] = Object.values(AsyncOpStatus);

/**
 * Applies the defaults of {@link AsyncOpOptions} and checks every value, so that a mistake is a
 * `TypeError` when the operator is created rather than a strange poll loop later. Options may come
 * from plain JavaScript or from configuration files, so nothing is trusted to match its type.
 * An option set to `undefined` takes its default.
 *
 * @example
 * resolveAsyncOpOptions({ maxPolls: 100 }).pollInterval // → 2000
 * resolveAsyncOpOptions({ maxPolls: -1 })               // TypeError: asyncOp$: maxPolls must be a positive integer or Infinity, got -1
 * resolveAsyncOpOptions({ maxPoll: 100 })               // TypeError: asyncOp$: unknown option "maxPoll" (did you mean "maxPolls"?); known options: …
 *
 * @param caller The public function the options were given to, which every message names.
 * @throws TypeError that names the option, the value received and what is accepted.
 */
export function resolveAsyncOpOptions<R>(options: AsyncOpOptions<R> = {}, caller = 'asyncOp$'): ResolvedAsyncOpOptions<R> {
  // Unknown keys first, then each value read once and checked (checkOptions): a getter cannot
  // pass the check with one value and hand the poll loop another (say maxPolls 5, then -1).
  const {
    pollInterval,
    maxPolls,
    timeout,
    honorRetryAfter,
    maxRetryAfter,
    retries,
    cancelOnUnsubscribe,
    statusMap: words,
    result,
    scheduler,
    pauseWhenHidden,
    dialect,
  } = checkOptions(caller, options, RULES);
  // A frozen copy, checked after copying: later changes by the caller (or a getter) cannot leak in.
  // Spreading defines a "__proto__" key as a plain key, never as the prototype.
  const statusMap = Object.freeze({ ...words });
  for (const [word, status] of Object.entries(statusMap)) {
    if (!STATUSES.includes(status)) failOption(caller, `statusMap[${JSON.stringify(word)}]`, `one of ${STATUSES.join(', ')}`, status);
  }
  const clock = scheduler ?? asyncScheduler;
  const maxRetryAfterMs = maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const honor = honorRetryAfter ?? true;
  // The dice are looked up at each throw, so a shared policy follows a replaced Math.random too.
  const random = () => Math.random();
  const policy = () => retryPolicy(retries ?? DEFAULT_RETRIES, defaultRetryDelay({ honorRetryAfter: honor, maxRetryAfterMs, now: () => clock.now(), random }));
  // Every setting the retry policy reads at its default value (given or not): the one shared
  // policy (an app, a tracker or resumed pollers may make one operator per operation, thousands).
  const defaultsOnly = clock === asyncScheduler && (retries ?? DEFAULT_RETRIES) === DEFAULT_RETRIES && honor && maxRetryAfterMs === DEFAULT_MAX_RETRY_AFTER_MS;
  return {
    pollInterval: pollInterval ?? DEFAULT_POLL_INTERVAL_MS,
    maxPolls: maxPolls ?? DEFAULT_MAX_POLLS,
    timeout,
    honorRetryAfter: honor,
    maxRetryAfterMs,
    retries: defaultsOnly ? (defaultPolicy ??= Object.freeze(policy())) : policy(),
    cancelOnUnsubscribe: cancelOnUnsubscribe ?? false,
    statusMap,
    result,
    scheduler: clock,
    visible$: pauseWhenHidden === true ? pageVisibility() : pauseWhenHidden || undefined,
    // A list is copied as checked: the caller's array may change later.
    dialect: isDialectList(dialect) ? [...dialect] : dialect,
  };
}

/** The retry policy when every setting it reads is at its default, made at first use. */
let defaultPolicy: RetryPolicy | undefined;
