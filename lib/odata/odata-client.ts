import type * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import { toActionResult, type ActionResult } from './action-result.js';
import { toJsonParameter } from './json-parameter.js';
import { OperationBuilder, operationMethod, type OperationSpec } from './operation-builder.js';
import { boundPathV4, functionPathV4, v2QueryString } from './operation-url.js';
import { axiosTransport } from '../http/axios-transport.js';
import { resolveClientConfig, type ODataClientConfig, type ODataProtocol, type ResolvedClientConfig } from './client-config.js';
import { runtimeKeepsNoCookies, sessionCookies } from '../http/cookie-jar.js';
import { isModifyingMethod } from './csrf.js';
import type { HttpMethod, HttpResponse } from '../http/http.js';
import { serviceHttp, type ServiceRequest } from './service-http.js';

/** A request of {@link ODataClient.request}: a `path` below the service root, or an absolute `url` on an allowed origin. */
export interface ODataRequestInit<T = unknown> {
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

/** An OData service: calls that return cold `Observable<ActionResult>`s, and the HTTP session they share. */
export interface ODataClient {
  /** The service root, absolute, with a trailing slash. */
  readonly serviceRoot: string;
  /** The OData dialect every call is written in (`config.protocol`). */
  readonly protocol: ODataProtocol;
  /** The validated configuration with its defaults. */
  readonly config: ResolvedClientConfig;
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
  /**
   * The low-level exchange that calls and polls use: origin check, headers, cookies, CSRF,
   * redirects, size limit. Every HTTP status is a response here.
   */
  send(request: ServiceRequest): Observable<HttpResponse>;
  /** Resolves a URL against `base` (default: the service root); `LocationNotAllowedError` for another origin. */
  resolveUrl(raw: string, base?: string): string;
}

/**
 * Creates a client for one OData service. Throws a `TypeError` that says what to fix when the
 * configuration is unusable; sends nothing until a call is subscribed.
 *
 * @example
 * const client = createODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/MY_SRV/', protocol: 'v2' });
 */
export function createODataClient(config: ODataClientConfig): ODataClient {
  const resolved = resolveClientConfig(config);
  const { serviceRoot, protocol } = resolved;
  const custom = config.transport;
  const http = serviceHttp(
    resolved,
    custom ?? axiosTransport(config.axios, resolved),
    // Outside a browser nothing keeps cookies for axios, nor for a transport given with `cookies: true`
    // (HttpClient in SSR); `cookies` is false by default for a custom transport, which owns its cookies.
    resolved.cookies && runtimeKeepsNoCookies() ? sessionCookies() : undefined,
  );

  const call = <T>(request: ServiceRequest, codec: t.Type<T, unknown> | undefined, operationName?: string): Observable<ActionResult<T>> => {
    const { method, url } = request;
    const headers = isModifyingMethod(method) && resolved.preferAsync ? { Prefer: 'respond-async', ...request.headers } : request.headers;
    return http.send({ ...request, headers }).pipe(map((response) => toActionResult(response, { method, url }, protocol, { codec, operationName })));
  };

  const operation = (kind: OperationSpec['kind'], name: string) =>
    new OperationBuilder<unknown>(
      { kind, name, boundTo: undefined, parameters: [] },
      protocol,
      <T>(spec: OperationSpec, codec: t.Type<T, unknown> | undefined) => call(operationRequest(spec, resolved), codec, spec.name),
      undefined,
    );

  return {
    ...http,
    serviceRoot,
    protocol,
    config: resolved,
    action: (name) => operation('action', name),
    function: (name) => operation('function', name),
    request: <T>(init: ODataRequestInit<T>) => call(plainRequest(init, serviceRoot, http.resolveUrl), init.returns),
  };
}

/** The request of an action or function call; `serviceRoot` ends with `/`. */
function operationRequest(spec: OperationSpec, { serviceRoot, protocol }: ResolvedClientConfig): ServiceRequest {
  const { name, boundTo, parameters } = spec;
  const method = operationMethod(spec);
  if (protocol === 'v2') {
    const query = v2QueryString(parameters);
    return { method, url: `${serviceRoot}${name}${query && `?${query}`}` };
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
  if (path !== undefined && /^([a-z][a-z\d+.-]*:|\/\/)/i.test(path)) {
    throw new TypeError(`request() path must be relative to the service root, got ${JSON.stringify(path)}; use url for an absolute URL`);
  }
  const isText = typeof body === 'string';
  return {
    method,
    url: resolveUrl(url ?? serviceRoot + String(path).replace(/^\/+/, '')),
    ...(body !== undefined && { body: isText ? body : JSON.stringify(body) }),
    headers: body === undefined || isText ? headers : { 'Content-Type': 'application/json', ...headers },
  };
}
