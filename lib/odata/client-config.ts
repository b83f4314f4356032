import type { AxiosInstance } from 'axios';
import { checkOptions, type OptionRule } from '../errors/check-options.js';
import { describeValue } from '../errors/describe-value.js';
import { checkHeaderFields } from '../http/header-fields.js';
import type { Transport } from '../http/http.js';
import { EXPECTED_RETRIES, isRetriesOption, type RetryOptions } from '../http/retry-policy.js';
import { EXPECTED_TIMER_MS, isTimerMs } from '../http/timer-ms.js';

/** Which OData dialect the service speaks. */
export type ODataProtocol = 'v4' | 'v2';

/** How the client deals with SAP's CSRF protection. */
export type CsrfMode = 'auto' | 'always' | 'never';

/** Configuration of {@link createODataClient}. */
export interface ODataClientConfig {
  /** Absolute URL of the service, e.g. `https://host/sap/opu/odata/sap/MY_SRV/`. */
  readonly serviceRoot: string;
  /**
   * `'v4'`: actions with JSON bodies, functions with inline parameters.
   * `'v2'`: SAP Gateway function imports, parameters as query-string literals.
   * @default inferred from `serviceRoot`: `'v2'` for a root under `/sap/opu/odata/` (SAP Gateway's v2
   *   path), `'v4'` for any other (SAP's v4 path is `/sap/opu/odata4/`)
   */
  readonly protocol?: ODataProtocol;
  /**
   * Your own axios instance (interceptors, auth, proxies). Its defaults apply to every call and poll.
   * @default a new axios instance
   */
  readonly axios?: AxiosInstance;
  /**
   * Headers sent with every request to the service origin (never to another origin).
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `'auto'`: on a 403 with `X-CSRF-Token: Required`, fetch a token and retry once.
   * `'always'`: fetch a token before the first modifying request.
   * `'never'`: never fetch one (services without CSRF protection).
   * @default 'auto'
   */
  readonly csrf?: CsrfMode;
  /**
   * Send `Prefer: respond-async` with modifying calls, so that the service may answer 202.
   * @default true
   */
  readonly preferAsync?: boolean;
  /**
   * Origins besides the service root's that a `Location` or result URL may point to,
   * e.g. `['https://monitor.example.com']`. Headers, CSRF tokens and cookies still go to the
   * service origin only.
   * @default []
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Milliseconds for one HTTP exchange, from sending the request to the last byte of the answer:
   * one deadline for head **and** body, so a body that trickles in cannot hold a request (and its
   * socket) open past it. When it passes, the request is aborted and fails with an
   * `ODataNetworkError` with code `ETIMEDOUT`, which status polls retry as transient. At most
   * 2147483647 (2^31−1, the longest timer): a larger value is a `TypeError`.
   * @default undefined (no per-request timeout)
   */
  readonly requestTimeout?: number;
  /**
   * Largest response body accepted, in bytes; a larger one is an `ODataProtocolError`.
   * @default 5242880 (5 MiB)
   */
  readonly maxResponseBytes?: number;
  /**
   * Keep the session cookies the service sets (SAP's session and XSRF cookies) and send them back,
   * for the service origin only. Browsers keep cookies themselves: there this does nothing.
   * With your own `transport` the client assumes the transport keeps them, unless this is `true`
   * (a transport over `fetch` or HttpClient in Node keeps none; `provideODataClient` sets it).
   * @default true with the built-in axios transport; false with your own `transport`
   */
  readonly cookies?: boolean;
  /**
   * Transient failures of a call (no complete answer, 408, 429, 500, 502, 503, 504) retried when
   * its method is idempotent (GET, HEAD, PUT, DELETE), with exponential backoff and jitter or the
   * server's `Retry-After`: a count, or `{ count, delay(attempt, failure) }`. A POST, PATCH or
   * MERGE is retried only when the call opts in (`execute({ retries })`, `request({ retries })`),
   * since a 500 may come after the server acted.
   * @default 3
   */
  readonly retries?: number | RetryOptions;
  /**
   * Replace the HTTP layer entirely (tests, or an adapter for another HTTP client).
   * When given, `axios`, `requestTimeout` and `maxResponseBytes` are up to the transport.
   * @default an axios transport
   */
  readonly transport?: Transport;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Retries of an idempotent call's transient failures, unless configured. */
export const DEFAULT_CALL_RETRIES = 3;

/** The configuration after validation and defaults: what the client runs on. */
export interface ResolvedClientConfig {
  /** The service root: trimmed, normalized as `URL.href` does, with a trailing slash. */
  readonly serviceRoot: string;
  /** The origin of `serviceRoot` (`https://host`): the only one that gets headers, CSRF tokens and cookies. */
  readonly serviceOrigin: string;
  /** `'v4'` or `'v2'`; when not configured, `'v2'` for a root under `/sap/opu/odata/` and `'v4'` for any other. */
  readonly protocol: ODataProtocol;
  /** Headers for every request to the service origin; `{}` when not configured. */
  readonly headers: Readonly<Record<string, string>>;
  /** The CSRF mode; `'auto'` when not configured. */
  readonly csrf: CsrfMode;
  /** Whether modifying calls send `Prefer: respond-async`; `true` when not configured. */
  readonly preferAsync: boolean;
  /** Every origin a URL may point to, normalized and without duplicates: the service origin first, then the configured ones. */
  readonly allowedOrigins: readonly string[];
  /** Milliseconds for one whole HTTP exchange (head and body), or `undefined` for no per-request timeout. */
  readonly requestTimeout: number | undefined;
  /** Largest response body accepted, in bytes; 5242880 (5 MiB) when not configured. */
  readonly maxResponseBytes: number;
  /**
   * Whether the client keeps the service's session cookies (outside a browser only). When not
   * configured: `true` with the built-in axios transport, `false` with your own `transport`.
   */
  readonly cookies: boolean;
  /** Retries of an idempotent call's transient failures; 3 when not configured. */
  readonly retries: number | RetryOptions;
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null;
const isFunction = (value: unknown) => typeof value === 'function';
const oneOf =
  (...allowed: unknown[]) =>
  (value: unknown) =>
    allowed.includes(value);
const BOOLEAN: OptionRule = [(value) => typeof value === 'boolean', 'true or false'];
const POSITIVE: OptionRule = [(value) => typeof value === 'number' && value > 0 && value < Infinity, 'a positive number'];
const HTTP_URL = 'an absolute http(s) URL';

/**
 * Every option, with what a given value must be (`undefined` always passes: the default).
 * It is the list of known options too: any other key is a typo worth a `TypeError`.
 */
const OPTIONS: Readonly<Record<keyof ODataClientConfig, OptionRule>> = {
  serviceRoot: [(value) => typeof value === 'string', HTTP_URL],
  protocol: [oneOf('v4', 'v2'), "'v4' or 'v2'"],
  axios: [(value) => isObject(value) || isFunction(value), 'an axios instance'],
  headers: [isObject, 'an object'],
  csrf: [oneOf('auto', 'always', 'never'), "'auto', 'always' or 'never'"],
  preferAsync: BOOLEAN,
  allowedOrigins: [Array.isArray, 'an array of origins'],
  requestTimeout: [isTimerMs, EXPECTED_TIMER_MS],
  maxResponseBytes: POSITIVE,
  cookies: BOOLEAN,
  retries: [isRetriesOption, EXPECTED_RETRIES],
  transport: [isFunction, 'a function'],
};

/** Throws the `TypeError` of a bad configuration. */
function fail(problem: string): never {
  throw new TypeError(`createODataClient: ${problem}`);
}

/** `value` as an http(s) URL; a `TypeError` naming `option` otherwise. */
function httpUrl(value: unknown, option: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    /* refused below */
  }
  if (typeof value !== 'string' || !url || !/^https?:$/.test(url.protocol)) return fail(`${option} must be ${HTTP_URL}, got ${describeValue(value)}`);
  // The value is not shown: it holds a password.
  if (url.username || url.password) fail(`${option} must not hold credentials; pass them in headers`);
  return url;
}

/**
 * The protocol of a service root when the configuration names none: SAP Gateway serves OData v2
 * below `/sap/opu/odata/` (and v4 below `/sap/opu/odata4/`, which this does not match), also
 * behind a proxy that adds a prefix; paths compare case-insensitively, as the ABAP server does.
 */
function inferProtocol(root: URL): ODataProtocol {
  return `${root.pathname.toLowerCase()}/`.includes('/sap/opu/odata/') ? 'v2' : 'v4';
}

/** Validates a client configuration and applies the defaults; a `TypeError` says what to fix. */
export function resolveClientConfig(config: ODataClientConfig): ResolvedClientConfig {
  // Unknown keys first, then each option read once and checked (checkOptions): a getter cannot
  // pass the check with one value and hand the client another (say maxResponseBytes 1024, then 'unlimited').
  const { serviceRoot, protocol, headers, csrf, preferAsync, allowedOrigins, requestTimeout, maxResponseBytes, cookies, retries, transport } = checkOptions(
    'createODataClient',
    config,
    OPTIONS,
    'config',
  );
  const root = httpUrl(serviceRoot, 'serviceRoot');
  if (root.search || root.hash) fail(`serviceRoot must not have a query or fragment, got ${describeValue(serviceRoot)}`);

  // Copied as checked, for the same reason: the caller's object may change or hold getters.
  const headerEntries = checkHeaderFields(headers, 'createODataClient');

  return {
    serviceRoot: root.href.replace(/\/?$/, '/'),
    serviceOrigin: root.origin,
    protocol: protocol ?? inferProtocol(root),
    headers: Object.fromEntries(headerEntries),
    csrf: csrf ?? 'auto',
    preferAsync: preferAsync ?? true,
    allowedOrigins: [...new Set([root.origin, ...(allowedOrigins ?? []).map((origin) => httpUrl(origin, 'each allowedOrigins entry').origin)])],
    requestTimeout,
    maxResponseBytes: maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    // A transport of the user's may keep cookies itself (a jar of its own): two jars would send each cookie twice.
    cookies: cookies ?? transport === undefined,
    // A RetryOptions object is copied as checked: the caller's object may change later.
    retries: typeof retries === 'object' ? { count: retries.count, ...(retries.delay && { delay: retries.delay }) } : (retries ?? DEFAULT_CALL_RETRIES),
  };
}
