import type { AxiosInstance } from 'axios';
import type { Transport } from './http.js';

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
   * @default 'v4'
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
   * Milliseconds before one HTTP request is given up (an `ODataNetworkError` with code `ETIMEDOUT`).
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
   * @default true
   */
  readonly cookies?: boolean;
  /**
   * Replace the HTTP layer entirely (tests, or an adapter for another HTTP client).
   * When given, `axios`, `requestTimeout` and `maxResponseBytes` are up to the transport.
   * @default an axios transport
   */
  readonly transport?: Transport;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** The configuration after validation and defaults: what the client runs on. */
export interface ResolvedClientConfig {
  /** The service root: trimmed, normalized as `URL.href` does, with a trailing slash. */
  readonly serviceRoot: string;
  /** The origin of `serviceRoot` (`https://host`): the only one that gets headers, CSRF tokens and cookies. */
  readonly serviceOrigin: string;
  /** `'v4'` or `'v2'`; `'v4'` when not configured. */
  readonly protocol: ODataProtocol;
  /** Headers for every request to the service origin; `{}` when not configured. */
  readonly headers: Readonly<Record<string, string>>;
  /** The CSRF mode; `'auto'` when not configured. */
  readonly csrf: CsrfMode;
  /** Whether modifying calls send `Prefer: respond-async`; `true` when not configured. */
  readonly preferAsync: boolean;
  /** Every origin a URL may point to, normalized and without duplicates: the service origin first, then the configured ones. */
  readonly allowedOrigins: readonly string[];
  /** Milliseconds before one HTTP request is given up, or `undefined` for no per-request timeout. */
  readonly requestTimeout: number | undefined;
  /** Largest response body accepted, in bytes; 5242880 (5 MiB) when not configured. */
  readonly maxResponseBytes: number;
  /** Whether to keep the service's session cookies; only the built-in axios transport outside a browser acts on it. `true` when not configured. */
  readonly cookies: boolean;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'serviceRoot',
  'protocol',
  'axios',
  'headers',
  'csrf',
  'preferAsync',
  'allowedOrigins',
  'requestTimeout',
  'maxResponseBytes',
  'cookies',
  'transport',
]);

function fail(message: string): never {
  throw new TypeError(`createODataClient: ${message}`);
}

function parseHttpUrl(value: string, what: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${what} must be an absolute http(s) URL, e.g. ${example}; got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`${what} must use http or https, got ${JSON.stringify(url.protocol)} in ${JSON.stringify(value)}`);
  }
  if (url.username || url.password) {
    fail(`${what} must not carry credentials in the URL; pass them with headers or an axios instance`);
  }
  return url;
}

/** A value as a message shows it: strings quoted, objects as JSON. */
function describeValue(value: unknown): string {
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) return JSON.stringify(value);
  return String(value);
}

function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

function optionalPositiveNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(`${name} must be a positive number of ms or bytes, got ${describeValue(value)}`);
  }
  return value;
}

/** Validates a client configuration and applies the defaults; a `TypeError` says what to fix. */
export function resolveClientConfig(config: ODataClientConfig): ResolvedClientConfig {
  if (typeof config !== 'object' || config === null) fail('pass a configuration object, e.g. { serviceRoot: "https://host/odata/" }');
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) fail(`unknown option ${JSON.stringify(key)}; known options: ${[...KNOWN_KEYS].join(', ')}`);
  }
  if (typeof config.serviceRoot !== 'string' || config.serviceRoot.trim() === '') {
    fail('serviceRoot is required: the absolute URL of the service, e.g. https://host/sap/opu/odata/sap/MY_SRV/');
  }
  const root = parseHttpUrl(config.serviceRoot.trim(), 'serviceRoot', 'https://host/sap/opu/odata/sap/MY_SRV/');
  if (root.search || root.hash) fail(`serviceRoot must not have a query or fragment: ${JSON.stringify(config.serviceRoot)}`);
  const serviceRoot = root.href.endsWith('/') ? root.href : `${root.href}/`;

  const protocol = config.protocol ?? 'v4';
  if (protocol !== 'v4' && protocol !== 'v2') fail(`protocol must be 'v4' or 'v2', got ${JSON.stringify(protocol)}`);
  const csrf = config.csrf ?? 'auto';
  if (csrf !== 'auto' && csrf !== 'always' && csrf !== 'never') {
    fail(`csrf must be 'auto', 'always' or 'never', got ${JSON.stringify(csrf)}`);
  }

  const headers = config.headers === undefined ? {} : config.headers;
  if (typeof headers !== 'object' || headers === null) fail('headers must be an object of header names to string values');
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') fail(`header ${JSON.stringify(name)} must be a string, got ${typeof value}`);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) fail(`${JSON.stringify(name)} is not a valid header name`);
    if (/[\r\n\0]/.test(value)) fail(`header ${JSON.stringify(name)} must not contain CR, LF or NUL`);
  }

  const extraOrigins = config.allowedOrigins ?? [];
  if (!Array.isArray(extraOrigins)) fail('allowedOrigins must be an array of origins, e.g. ["https://monitor.example.com"]');
  const allowedOrigins = [
    root.origin,
    ...extraOrigins.map((origin: unknown) => {
      if (typeof origin !== 'string') return fail(`allowedOrigins entries must be strings, got ${String(origin)}`);
      return parseHttpUrl(origin, 'each allowedOrigins entry', 'https://monitor.example.com').origin;
    }),
  ];

  const requestTimeout = optionalPositiveNumber(config.requestTimeout, 'requestTimeout');
  const maxResponseBytes = optionalPositiveNumber(config.maxResponseBytes, 'maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (config.transport !== undefined && typeof config.transport !== 'function') fail('transport must be a function (request) => Observable<HttpResponse>');
  if (config.axios !== undefined && typeof config.axios !== 'function' && typeof config.axios !== 'object') fail('axios must be an axios instance');

  return {
    serviceRoot,
    serviceOrigin: root.origin,
    protocol,
    headers,
    csrf,
    preferAsync: optionalBoolean(config.preferAsync, 'preferAsync', true),
    allowedOrigins: [...new Set(allowedOrigins)],
    requestTimeout,
    maxResponseBytes,
    cookies: optionalBoolean(config.cookies, 'cookies', true),
  };
}
