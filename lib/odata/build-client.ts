// The client, built over a transport it is given (the public factories choose which).
import type * as t from 'io-ts';
import { defer, map, type Observable } from 'rxjs';
import { describeValue } from '../errors/describe-value.js';
import type { SessionCookies } from '../http/cookie-jar.js';
import type { HttpMethod, Transport } from '../http/http.js';
import { DEFAULT_MAX_RETRY_AFTER_MS } from '../http/retry-after.js';
import { defaultRetryDelay, EXPECTED_RETRIES, isRetriesOption, retryPolicy, type RetryPolicy } from '../http/retry-policy.js';
import { retryTransient } from '../http/retry-transient.js';
import { toActionResult, type ActionResult } from './action-result.js';
import type { ODataProtocol, ResolvedClientConfig } from './client-config.js';
import { withSession } from './client-session.js';
import { isModifyingMethod } from './csrf.js';
import { toJsonParameter } from './json-parameter.js';
import { OperationBuilder, operationMethod, type CallOptions, type OperationSpec } from './operation-builder.js';
import { boundPathV4, functionPathV4, v2QueryString } from './operation-url.js';
import { checkHeaderFields } from '../http/header-fields.js';
import { serviceHttp, type ServiceRequest } from './service-http.js';

/** A request of {@link ODataClient.request}: a `path` below the service root, or an absolute `url` on an allowed origin. */
export interface ODataRequestInit<T = unknown> extends CallOptions {
  /**
   * Any method but `GET` and `HEAD` counts as modifying: it gets a CSRF token when the client's
   * `csrf` mode asks for one, and `Prefer: respond-async` while `preferAsync` is on.
   */
  readonly method: HttpMethod;
  /** Relative to the service root, e.g. `Orders('42')`; leading slashes are dropped. Give this or `url`, not both. */
  readonly path?: string;
  /** An absolute URL on the service origin or in `allowedOrigins` (a `resultUrl`, a next link). Give this or `path`, not both. */
  readonly url?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /**
   * Headers for this request only, over the configured `headers`. To another origin they go
   * without `Authorization`, `Proxy-Authorization`, `Cookie` and `X-CSRF-Token`.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** io-ts codec for the answer's `data`. */
  readonly returns?: t.Type<T, unknown>;
}

/** An OData service: calls that return cold `Observable<ActionResult>`s over one HTTP session (headers, cookies, CSRF). */
export interface ODataClient {
  /** The service root, absolute, with a trailing slash. */
  readonly serviceRoot: string;
  /** The OData dialect every call is written in: configured, or inferred from the service root (`'v2'` under `/sap/opu/odata/`). */
  readonly protocol: ODataProtocol;
  /** An action (v4) or a function import called with POST (v2). */
  action(name: string): OperationBuilder;
  /** A function (v4, parameters inline) or a function import called with GET (v2, parameters in the query). */
  function(name: string): OperationBuilder;
  /**
   * Any request, with the same headers, CSRF handling and result type. `data` is typed only
   * when a `returns` codec decodes it.
   */
  request<T>(init: ODataRequestInit<T> & { readonly returns: t.Type<T, unknown> }): Observable<ActionResult<T>>;
  /** Any request without a `returns` codec: `data` is the parsed, unwrapped body, typed `unknown`. */
  request(init: ODataRequestInit): Observable<ActionResult>;
}

/** Methods whose repetition does what one request does: their transient failures are retried by default. */
const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE'];

/**
 * The client over a given transport: what `createODataClient` builds around axios (or the
 * caller's transport) and the Angular adapter around `HttpClient`. Taking the transport as a value
 * keeps axios out of every bundle that never asks for it.
 *
 * @param resolved The validated configuration (`resolveClientConfig`).
 * @param transport Sends one HTTP exchange.
 * @param cookies The session's own cookie jar, where the transport keeps none; `undefined` otherwise.
 * @return The client.
 */
export function buildODataClient(resolved: ResolvedClientConfig, transport: Transport, cookies: SessionCookies | undefined): ODataClient {
  const { serviceRoot, protocol } = resolved;
  const http = serviceHttp(resolved, transport, cookies);
  const defaultDelay = defaultRetryDelay({ honorRetryAfter: true, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS, now: Date.now });
  const configured = retryPolicy(resolved.retries, defaultDelay);

  /** The retries of one call: its own, else the client's for an idempotent method, else none. */
  const retriesOf = (method: HttpMethod, options: CallOptions): RetryPolicy => {
    const own: unknown = options.retries;
    if (own === undefined) return IDEMPOTENT_METHODS.includes(method) ? configured : { count: 0, delay: defaultDelay };
    if (!isRetriesOption(own)) throw new TypeError(`retries must be ${EXPECTED_RETRIES}, got ${describeValue(own)}`);
    return retryPolicy(own, defaultDelay);
  };

  const call = <T>(
    request: ServiceRequest,
    codec: t.Type<T, unknown> | undefined,
    options: CallOptions,
    operationName?: string,
  ): Observable<ActionResult<T>> => {
    const { method, url } = request;
    const policy = retriesOf(method, options);
    const headers = isModifyingMethod(method) && resolved.preferAsync ? { Prefer: 'respond-async', ...request.headers } : request.headers;
    const once$ = defer(() => http.send({ ...request, headers })).pipe(
      map((response) => toActionResult(response, { method, url }, protocol, { codec, operationName })),
    );
    return policy.count === 0 ? once$ : once$.pipe(retryTransient(policy));
  };

  const operation = (kind: OperationSpec['kind'], name: string) =>
    new OperationBuilder<unknown>(
      { kind, name, boundTo: undefined, parameters: [] },
      protocol,
      <T>(spec: OperationSpec, codec: t.Type<T, unknown> | undefined, options: CallOptions) =>
        call(operationRequest(spec, resolved), codec, options, spec.name),
      undefined,
    );

  const client: ODataClient = {
    serviceRoot,
    protocol,
    action: (name) => operation('action', name),
    function: (name) => operation('function', name),
    request: <T>(init: ODataRequestInit<T>) => call(plainRequest(init, serviceRoot, http.resolveUrl), init.returns, init),
  };
  return withSession(client, { protocol, send: http.send, resolveUrl: http.resolveUrl });
}

/** The request of an action or function call; `serviceRoot` ends with `/`. */
function operationRequest(spec: OperationSpec, { serviceRoot, protocol }: ResolvedClientConfig): ServiceRequest {
  const { name, boundTo, parameters } = spec;
  const method = operationMethod(spec);
  if (protocol === 'v2') {
    const query = v2QueryString(parameters);
    const url = `${serviceRoot}${name}${query && `?${query}`}`;
    // The parameters are in the query, as v2 says. The empty JSON object is for SAP CAP's OData v2
    // adapter, which reads a POST's query parameters only into a JSON body and otherwise drops
    // them without a word; SAP Gateway reads the query and ignores the body.
    return method === 'POST' ? { method, url, body: '{}', headers: { 'Content-Type': 'application/json' } } : { method, url };
  }
  const path = `${serviceRoot}${boundTo === undefined ? name : boundPathV4(boundTo, name)}`;
  // A function: the (bound) path, then its inline parameters.
  if (spec.kind === 'function') return { method, url: path + functionPathV4(name, parameters).slice(name.length) };
  const body = JSON.stringify(Object.fromEntries(parameters.map(([key, value]) => [key, toJsonParameter(value)])));
  // IEEE754Compatible: Int64 and Decimal travel as strings, so no digit is lost to a double.
  return { method, url: path, body, headers: { 'Content-Type': 'application/json;IEEE754Compatible=true' } };
}

function plainRequest<T>(init: ODataRequestInit<T>, serviceRoot: string, resolveUrl: (raw: string) => string): ServiceRequest {
  if ((init?.path === undefined) === (init?.url === undefined)) {
    throw new TypeError('request() takes one of path (below the service root) or url (absolute)');
  }
  const { method, path, url, body, headers } = init;
  if (path !== undefined && /^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(path)) {
    throw new TypeError(`request() path must be relative to the service root, got ${JSON.stringify(path)}; use url for an absolute URL`);
  }
  // Checked now, when the call is made: not on subscribe, and not by a transport that would alter the value.
  checkHeaderFields(headers, 'request()');
  const isText = typeof body === 'string';
  return {
    method,
    url: resolveUrl(url ?? serviceRoot + String(path).replace(/^\/+/, '')),
    ...(body !== undefined && { body: isText ? body : JSON.stringify(body) }),
    headers: body === undefined || isText ? headers : { 'Content-Type': 'application/json', ...headers },
  };
}
