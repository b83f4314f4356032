import { defer, identity, type Observable, of, switchMap, tap } from 'rxjs';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ResolvedClientConfig } from './client-config.js';
import type { SessionCookies } from './cookie-jar.js';
import { csrfSession, isModifyingMethod } from './csrf.js';
import { bodyTooLarge, CREDENTIAL_HEADERS, type HttpMethod, type HttpRequest, type HttpResponse, type Transport } from './http.js';
import { resolveAllowedUrl } from './resolve-allowed-url.js';

/** A request to the service: an absolute URL (origin-checked again here) and extra headers. */
export interface ServiceRequest {
  /** Any method but GET and HEAD gets a CSRF token when the `csrf` mode asks for one (service origin only). */
  readonly method: HttpMethod;
  /** The request URL; checked against the service origin and `allowedOrigins` before anything is sent. */
  readonly url: string;
  /** Extra headers; to another origin they go without `Authorization`, `Proxy-Authorization`, `Cookie` and `X-CSRF-Token`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body, already serialized. */
  readonly body?: string;
}

/** The HTTP session of one client, shared by all its calls and polls. */
export interface ServiceHttp {
  /** Sends one request, with CSRF handling for modifying methods. Cold: nothing goes out before subscribe. */
  readonly send: (request: ServiceRequest) => Observable<HttpResponse>;
  /** Resolves a server-given URL against `base` (default: the service root); `LocationNotAllowedError` for another origin. */
  readonly resolveUrl: (raw: string, base?: string) => string;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** The methods whose redirects are followed: safe to repeat at the new URL. */
const REDIRECTED_METHODS: readonly string[] = ['GET', 'HEAD'];

/**
 * Everything between a request the library wants to make and the transport: default and
 * configured headers (service origin only), session cookies, SAP CSRF tokens, origin-checked
 * redirects and the body size limit.
 */
export function serviceHttp(config: ResolvedClientConfig, transport: Transport, cookies: SessionCookies | undefined): ServiceHttp {
  const { serviceRoot, maxResponseBytes } = config;
  const resolveUrl = (raw: string, base = serviceRoot) => resolveAllowedUrl(raw, base, config.allowedOrigins);
  // Every URL here went through resolveUrl, so it is a normalized href: a prefix test is an origin test.
  const isService = (url: string) => url.startsWith(`${config.serviceOrigin}/`);

  /** One exchange on the wire: headers and cookies for the service origin only, the size limit. */
  const exchange = (request: HttpRequest): Observable<HttpResponse> => {
    const toService = isService(request.url);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(config.protocol === 'v4' && { 'OData-MaxVersion': '4.01' }),
      ...(toService
        ? { ...config.headers, ...request.headers }
        : Object.fromEntries(Object.entries(request.headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())))),
    };
    const jar = toService ? cookies : undefined;
    return defer(() => {
      // Read at send time: a response that just arrived may have set a cookie.
      const kept = jar?.headerFor(request.url);
      const cookie = kept && headers['Cookie'] ? `${headers['Cookie']}; ${kept}` : kept;
      return transport({ ...request, headers: cookie ? { ...headers, Cookie: cookie } : headers });
    }).pipe(
      tap((response) => {
        // A browser follows redirects itself; all we can do is refuse what came from elsewhere.
        if (response.url !== undefined) resolveUrl(response.url);
        // A transport may not enforce the limit (a browser's XHR cannot): check what arrived.
        if (exceedsUtf8Bytes(response.body, maxResponseBytes)) throw bodyTooLarge(request, maxResponseBytes, response.status);
      }),
      // Only a session that keeps cookies pays for the step that stores them.
      jar ? switchMap((response) => jar.store(response, request.url)) : identity,
    );
  };

  /** GET and HEAD follow redirects here, each hop origin-checked; other methods get the 3xx as is. */
  const follow = (request: HttpRequest, hops = 0): Observable<HttpResponse> =>
    exchange(request).pipe(
      switchMap((response) => {
        const location = response.headers['location'];
        if (!REDIRECTED_METHODS.includes(request.method) || !REDIRECT_STATUSES.includes(response.status) || location === undefined) {
          return of(hops === 0 || response.url !== undefined ? response : { ...response, url: request.url });
        }
        if (hops === MAX_REDIRECTS) {
          const { method, url } = request;
          throw new ODataProtocolError(`${method} ${url}: more than ${MAX_REDIRECTS} redirects`, { method, url, status: response.status });
        }
        return follow({ ...request, url: resolveUrl(location, request.url) }, hops + 1);
      }),
    );

  const withCsrf = csrfSession(config.csrf, serviceRoot, follow);

  return {
    resolveUrl,
    send: (request) =>
      defer(() => {
        const url = resolveUrl(request.url);
        const checked = { ...request, url, headers: request.headers ?? {} };
        return isModifyingMethod(request.method) && config.csrf !== 'never' && isService(url) ? withCsrf(checked) : follow(checked);
      }),
  };
}

/** Whether `text` takes more than `limit` bytes in UTF-8, counting only as far as needed. */
function exceedsUtf8Bytes(text: string, limit: number): boolean {
  // At most 3 bytes per UTF-16 unit: most bodies are settled without counting.
  if (text.length * 3 <= limit) return false;
  if (text.length > limit) return true;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 + 2.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
  }
  return bytes > limit;
}
