import { fail, isRecord, ok, type ParseResult } from './parse-result.js';

/** The faults the server can inject into a monitor request. */
export type FaultKind =
  | '500'
  | '502'
  | '503'
  | '504'
  | '429'
  | '408'
  | 'reset'
  | 'reset-mid-body'
  | 'malformed-head'
  | 'undecodable-body'
  | 'slow'
  | 'malformed-json'
  | 'html-502'
  | 'html-200';

const FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '504',
  '429',
  '408',
  'reset',
  'reset-mid-body',
  'malformed-head',
  'undecodable-body',
  'slow',
  'malformed-json',
  'html-502',
  'html-200',
];

/**
 * A fault injected on one monitor request. Monitor GET requests of an operation are numbered
 * from 1; a faulted request does not advance the operation (except `slow`, which answers normally
 * after its delay).
 */
export interface Fault {
  /** Which monitor GET (1-based) gets the fault. */
  readonly at: number;
  /**
   * What goes wrong: an HTTP status with an OData error body (`'429'` with `Retry-After`), `'reset'`
   * (the connection is dropped), `'reset-mid-body'` (a 200 head and part of its body, then the
   * connection is reset), `'malformed-head'` (a response head with a folded header line, which
   * HTTP/1.1 clients must refuse), `'undecodable-body'` (`Content-Encoding: gzip` on a body that is
   * not gzip), `'slow'` (the normal answer after `delayMs`), `'malformed-json'` (200 with cut-off
   * JSON), `'html-502'` (a reverse proxy's HTML error page) or `'html-200'` (a single sign-on login
   * page answered with 200, as SAP systems do when the session has expired).
   */
  readonly kind: FaultKind;
  /** Seconds for a `Retry-After` header. @default 1 for `429`, none for the others */
  readonly retryAfter?: number;
  /** Delay of a `slow` answer in ms. @default 500 */
  readonly delayMs?: number;
}

/** The terminal state a scenario ends in. */
export type ScenarioOutcome = 'Succeeded' | 'Failed' | 'Cancelled';

/**
 * How an operation behaves. Every field is optional: a scenario is layered over the server
 * defaults (see `MockODataServer.defaultScenario`).
 */
export interface Scenario {
  /** Running answers before the terminal one. `Infinity` runs forever. @default 2 */
  readonly runningPolls?: number;
  /**
   * Wall time in ms the operation runs; when set it replaces `runningPolls`. A layer that sets
   * `runningPolls` without `runFor` drops an inherited `runFor`.
   */
  readonly runFor?: number;
  /** The terminal state the operation reaches after its Running answers. @default 'Succeeded' */
  readonly outcome?: ScenarioOutcome;
  /**
   * The result body of a successful operation. Sent verbatim by the v4 and Azure services and
   * wrapped as `{"d": result}` by the v2 service; `null` means "no content" (v4 `AsyncResult: 204`).
   * @default a small report object made by each service
   */
  readonly result?: unknown;
  /** The error of a `Failed` operation. @default { code: 'REPORT_FAILED', message: 'Report generation failed' } */
  readonly error?: {
    /** The OData error `code` the service sends. */
    readonly code: string;
    /** The OData error `message` the service sends. */
    readonly message: string;
  };
  /** HTTP status of a `Failed` outcome (embedded, `AsyncResult` or synchronous). @default 500 */
  readonly errorStatus?: number;
  /** `percentComplete` of each Running answer, in order; the last value repeats. */
  readonly progress?: readonly number[];
  /**
   * `Retry-After` on 202 answers (and v2/Azure running answers): delta-seconds; `'http-date'`
   * (an HTTP-date 2 s ahead) or `'http-date+N'` (N s ahead); any other string is sent as is.
   */
  readonly retryAfter?: number | string;
  /** Each Running 202 carries a new `Location` (a new monitor URL of the same operation). */
  readonly changingLocation?: boolean;
  /**
   * `Location` relative to the request URL (`$monitor/x`, `../$monitor/x`), or `'absolute-path'`
   * (`/odata/v4/sales/$monitor/x`).
   */
  readonly relativeLocation?: boolean | 'absolute-path';
  /** Faults injected on monitor requests. */
  readonly faults?: readonly Fault[];
  /** A 202 without `Location` (a protocol error). */
  readonly noLocation?: boolean;
  /** `Location` pointing to this URL instead (another origin, for security tests). */
  readonly foreignLocation?: string;
  /** v4 completion form; `'auto'` decides from the action request's headers (§11.6). @default 'auto' */
  readonly completion?: 'asyncresult' | 'envelope' | 'auto';
  /** The monitor is deleted after the first completed GET: then 404, or 410 with `'gone'`. */
  readonly deleteAfterComplete?: boolean | 'gone';
  /** DELETE on the monitor: 204, 202 + a cancel monitor, or 405 with `Allow`. @default 'sync' */
  readonly cancel?: 'sync' | 'async' | 'unsupported';
  /** Answer the action synchronously even with `Prefer: respond-async`. */
  readonly sync?: boolean;
}

/** A scenario with every default filled in. */
export interface ResolvedScenario {
  /** Running answers before the terminal one (`Infinity`: forever); ignored while `runFor` is set. */
  readonly runningPolls: number;
  /** Wall time in ms the operation runs, or `undefined` to count `runningPolls` instead. */
  readonly runFor: number | undefined;
  /** The terminal state the operation reaches. */
  readonly outcome: ScenarioOutcome;
  /** `undefined` means "the service's default result". */
  readonly result: unknown;
  /** The error of a `Failed` operation. */
  readonly error: {
    /** The OData error `code` the service sends. */
    readonly code: string;
    /** The OData error `message` the service sends. */
    readonly message: string;
  };
  /** HTTP status (400–599) of a `Failed` outcome. */
  readonly errorStatus: number;
  /** `percentComplete` of each Running answer, in order, the last one repeating; `[]`: a rising estimate (v4 monitors then show none). */
  readonly progress: readonly number[];
  /** `Retry-After` on 202 (and v2/Azure running) answers: delta-seconds, `'http-date'`, `'http-date+N'` or a verbatim string; `undefined` for none. */
  readonly retryAfter: number | string | undefined;
  /** Whether each Running 202 carries a new monitor `Location`. */
  readonly changingLocation: boolean;
  /** `Location` form: absolute (`false`), relative to the request URL (`true`), or `'absolute-path'`. */
  readonly relativeLocation: boolean | 'absolute-path';
  /** Faults injected on monitor requests; `[]` for none. */
  readonly faults: readonly Fault[];
  /** Whether the 202 leaves out `Location` (a protocol error). */
  readonly noLocation: boolean;
  /** A URL sent as `Location` instead of the real monitor, or `undefined`. */
  readonly foreignLocation: string | undefined;
  /** v4 completion form: 4.01 `AsyncResult`, 4.0 `application/http` envelope, or `'auto'` (from the request's headers). */
  readonly completion: 'asyncresult' | 'envelope' | 'auto';
  /** Whether the monitor disappears after the first completed GET: `true` then 404, `'gone'` then 410. */
  readonly deleteAfterComplete: boolean | 'gone';
  /** How a DELETE on the monitor is answered: 204 (`'sync'`), 202 + a cancel monitor (`'async'`), or 405 (`'unsupported'`). */
  readonly cancel: 'sync' | 'async' | 'unsupported';
  /** Whether the action is answered synchronously even with `Prefer: respond-async`. */
  readonly sync: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SCENARIO_KEYS: ReadonlySet<string> = new Set([
  'runningPolls',
  'runFor',
  'outcome',
  'result',
  'error',
  'errorStatus',
  'progress',
  'retryAfter',
  'changingLocation',
  'relativeLocation',
  'faults',
  'noLocation',
  'foreignLocation',
  'completion',
  'deleteAfterComplete',
  'cancel',
  'sync',
]);

const isNonNegative = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v) && v >= 0;
const isFiniteNonNegative = (v: unknown): v is number => isNonNegative(v) && Number.isFinite(v);
const isPollCount = (v: unknown): v is number => isNonNegative(v) && (Number.isInteger(v) || v === Number.POSITIVE_INFINITY);

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && values.some((x) => x === v);
}

function parseFault(value: unknown, index: number): ParseResult<Fault> {
  const where = `faults[${index}]`;
  if (!isRecord(value)) return fail(`${where} must be an object {at, kind}`);
  for (const key of Object.keys(value)) {
    if (!['at', 'kind', 'retryAfter', 'delayMs'].includes(key)) return fail(`${where} has an unknown field "${key}"`);
  }
  const { at, kind, retryAfter, delayMs } = value;
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 1) return fail(`${where}.at must be an integer >= 1`);
  if (!oneOf(FAULT_KINDS, kind)) return fail(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}`);
  const fault: Mutable<Fault> = { at, kind };
  if (retryAfter !== undefined) {
    if (!isFiniteNonNegative(retryAfter)) return fail(`${where}.retryAfter must be a number of seconds >= 0`);
    fault.retryAfter = retryAfter;
  }
  if (delayMs !== undefined) {
    if (!isFiniteNonNegative(delayMs)) return fail(`${where}.delayMs must be a number of ms >= 0`);
    fault.delayMs = delayMs;
  }
  return ok(fault);
}

/**
 * Checks a scenario that came from outside the type system (the `X-Mock-Scenario-Json` header,
 * or a JavaScript caller). Unknown fields are refused so that a typo does not pass silently.
 */
export function parseScenario(input: unknown): ParseResult<Scenario> {
  if (!isRecord(input)) return fail('a scenario must be a JSON object');
  for (const key of Object.keys(input)) {
    if (!SCENARIO_KEYS.has(key)) return fail(`unknown scenario field "${key}"`);
  }
  const s: Mutable<Scenario> = {};
  const v = input;
  if (v['runningPolls'] !== undefined) {
    const x = v['runningPolls'];
    if (!isPollCount(x)) return fail('runningPolls must be an integer >= 0 (or Infinity)');
    s.runningPolls = x;
  }
  if (v['runFor'] !== undefined) {
    const x = v['runFor'];
    if (!isFiniteNonNegative(x)) return fail('runFor must be a number of ms >= 0');
    s.runFor = x;
  }
  if (v['outcome'] !== undefined) {
    const x = v['outcome'];
    if (!oneOf(['Succeeded', 'Failed', 'Cancelled'] as const, x)) return fail('outcome must be Succeeded, Failed or Cancelled');
    s.outcome = x;
  }
  if ('result' in v) s.result = v['result'];
  if (v['error'] !== undefined) {
    const x = v['error'];
    if (!isRecord(x) || typeof x['code'] !== 'string' || typeof x['message'] !== 'string') {
      return fail('error must be an object {code: string, message: string}');
    }
    s.error = { code: x['code'], message: x['message'] };
  }
  if (v['errorStatus'] !== undefined) {
    const x = v['errorStatus'];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 400 || x > 599) return fail('errorStatus must be an HTTP status 400..599');
    s.errorStatus = x;
  }
  if (v['progress'] !== undefined) {
    const x = v['progress'];
    if (!Array.isArray(x)) return fail('progress must be an array of numbers 0..100');
    const progress: number[] = [];
    for (const p of x) {
      if (!isFiniteNonNegative(p) || p > 100) return fail('progress must be an array of numbers 0..100');
      progress.push(p);
    }
    s.progress = progress;
  }
  if (v['retryAfter'] !== undefined) {
    const x = v['retryAfter'];
    if (!isFiniteNonNegative(x) && typeof x !== 'string') return fail('retryAfter must be seconds >= 0 or a string');
    s.retryAfter = x;
  }
  for (const key of ['changingLocation', 'noLocation', 'sync'] as const) {
    const x = v[key];
    if (x === undefined) continue;
    if (typeof x !== 'boolean') return fail(`${key} must be a boolean`);
    s[key] = x;
  }
  if (v['relativeLocation'] !== undefined) {
    const x = v['relativeLocation'];
    if (typeof x !== 'boolean' && x !== 'absolute-path') return fail("relativeLocation must be a boolean or 'absolute-path'");
    s.relativeLocation = x;
  }
  if (v['faults'] !== undefined) {
    const x = v['faults'];
    if (!Array.isArray(x)) return fail('faults must be an array');
    const faults: Fault[] = [];
    for (const [index, item] of x.entries()) {
      const fault = parseFault(item, index);
      if (!fault.ok) return fault;
      faults.push(fault.value);
    }
    s.faults = faults;
  }
  if (v['foreignLocation'] !== undefined) {
    const x = v['foreignLocation'];
    if (typeof x !== 'string') return fail('foreignLocation must be a string');
    s.foreignLocation = x;
  }
  if (v['completion'] !== undefined) {
    const x = v['completion'];
    if (!oneOf(['asyncresult', 'envelope', 'auto'] as const, x)) return fail('completion must be asyncresult, envelope or auto');
    s.completion = x;
  }
  if (v['deleteAfterComplete'] !== undefined) {
    const x = v['deleteAfterComplete'];
    if (typeof x !== 'boolean' && x !== 'gone') return fail("deleteAfterComplete must be a boolean or 'gone'");
    s.deleteAfterComplete = x;
  }
  if (v['cancel'] !== undefined) {
    const x = v['cancel'];
    if (!oneOf(['sync', 'async', 'unsupported'] as const, x)) return fail('cancel must be sync, async or unsupported');
    s.cancel = x;
  }
  return ok(s);
}

/**
 * Lays `top` over `base`. Setting `runningPolls` without `runFor` drops an inherited `runFor`:
 * otherwise `defaultScenario({ runFor })` would silently slow down the 'fast' scenario.
 */
export function layerScenario(base: Scenario, top: Scenario): Scenario {
  const dropRunFor = top.runningPolls !== undefined && !('runFor' in top);
  return { ...base, ...top, ...(dropRunFor ? { runFor: undefined } : {}) };
}

/** The default error of a `Failed` operation. */
export const DEFAULT_ERROR = { code: 'REPORT_FAILED', message: 'Report generation failed' } as const;

/** Fills in every default. */
export function resolveScenario(s: Scenario): ResolvedScenario {
  return {
    runningPolls: s.runningPolls ?? 2,
    runFor: s.runFor,
    outcome: s.outcome ?? 'Succeeded',
    result: s.result,
    error: s.error ?? DEFAULT_ERROR,
    errorStatus: s.errorStatus ?? 500,
    progress: s.progress ?? [],
    retryAfter: s.retryAfter,
    changingLocation: s.changingLocation ?? false,
    relativeLocation: s.relativeLocation ?? false,
    faults: s.faults ?? [],
    noLocation: s.noLocation ?? false,
    foreignLocation: s.foreignLocation,
    completion: s.completion ?? 'auto',
    deleteAfterComplete: s.deleteAfterComplete ?? false,
    cancel: s.cancel ?? 'sync',
    sync: s.sync ?? false,
  };
}
