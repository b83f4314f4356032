import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { ODataNetworkError } from '../errors/odata-network-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ResolvedClientConfig } from './client-config.js';
import type { SessionCookies } from '../http/cookie-jar.js';
import { csrfSession, isModifyingMethod } from './csrf.js';
import { bodyTooLarge, CREDENTIAL_HEADERS, type HttpMethod, type HttpRequest, type HttpResponse, type Transport } from '../http/http.js';
import { checkHeaderFields } from '../http/header-fields.js';
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
/** Enough for the operations a page or a service watches at once; beyond it, URLs are simply checked again. */
const MAX_CHECKED_URLS = 1000;
/** Only a safe read follows a redirect on its own; a 3xx to anything else goes back to the caller. */
const followsRedirects = (method: HttpMethod) => method === 'GET' || method === 'HEAD';

/**
 * Everything between a request the library wants to make and the transport: default and
 * configured headers (service origin only), session cookies, SAP CSRF tokens, origin-checked
 * redirects and the body size limit.
 */
export function serviceHttp(config: ResolvedClientConfig, transport: Transport, cookies: SessionCookies | undefined): ServiceHttp {
  const { serviceRoot, maxResponseBytes } = config;
  /**
   * URLs resolveUrl() gave out lately. Each resolves to itself again (the config does not change),
   * so sending one needs no second check: a poll loop's monitor is parsed once, not per request.
   */
  const checked = new Set<string>();
  const resolveUrl = (raw: string, base = serviceRoot): string => {
    const url = resolveAllowedUrl(raw, base, config.allowedOrigins);
    if (checked.size >= MAX_CHECKED_URLS) checked.clear();
    checked.add(url);
    return url;
  };
  // Every URL here went through resolveUrl, so it is a normalized href: a prefix test is an origin test.
  const servicePrefix = `${config.serviceOrigin}/`;
  const isService = (url: string) => url.startsWith(servicePrefix);
  // The headers every request starts from, merged once per client (the config does not change):
  // the defaults, then the configured headers (service origin only). A request's own headers go on top.
  const defaults: Readonly<Record<string, string>> = { Accept: 'application/json', ...(config.protocol === 'v4' ? { 'OData-MaxVersion': '4.01' } : {}) };
  const serviceDefaults: Readonly<Record<string, string>> = { ...defaults, ...config.headers };

  /**
   * One exchange on the wire for `subscriber` (headers and cookies for the service origin only,
   * the size limit), then the redirect it asks for: GET and HEAD follow it here, each hop
   * origin-checked; other methods get the 3xx as is. Hand-written rather than an operator chain:
   * every status request of every operation passes here.
   *
   * @return The teardown: unsubscribing from the transport, which aborts the request.
   */
  const exchange = (request: HttpRequest, hops: number, subscriber: Subscriber<HttpResponse>): Subscription => {
    const toService = isService(request.url);
    // A fresh object per request (a transport may keep or change what it is handed).
    const headers: Record<string, string> = toService
      ? { ...serviceDefaults, ...request.headers }
      : { ...defaults, ...Object.fromEntries(Object.entries(request.headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase()))) };
    const jar = toService ? cookies : undefined;
    // One exchange has one answer: the first one ends it (a transport that answers twice, or
    // never completes, cannot keep a call open or answer for an operation that moved on).
    let received = false;

    /** The answer, or the next hop; runs once the response's cookies are kept. Throws for too many redirects. */
    const onward = (response: HttpResponse): void => {
      const location = response.headers['location'];
      if (followsRedirects(request.method) && REDIRECT_STATUSES.includes(response.status) && location !== undefined) {
        if (hops === MAX_REDIRECTS) {
          const { method, url } = request;
          throw new ODataProtocolError(`${method} ${url}: more than ${MAX_REDIRECTS} redirects`, { method, url, status: response.status });
        }
        follow({ ...request, url: resolveUrl(location, request.url) }, hops + 1).subscribe(subscriber);
        return;
      }
      subscriber.next(hops === 0 || response.url !== undefined ? response : { ...response, url: request.url });
      subscriber.complete();
    };

    /** Keeps the response's cookies, then goes on: the next request of the session must see them. */
    const keep = (session: SessionCookies, response: HttpResponse): void => {
      subscriber.add(
        session.store(response, request.url).subscribe({
          next: (stored) => {
            // A throw in a `next` handler would go unhandled: it is the stream's error.
            try {
              onward(stored);
            } catch (error) {
              subscriber.error(error);
            }
          },
          error: (error: unknown) => {
            subscriber.error(error);
          },
        }),
      );
    };

    // Read at send time: a response that just arrived may have set a cookie.
    const kept = jar?.headerFor(request.url);
    if (kept) headers['Cookie'] = headers['Cookie'] ? `${headers['Cookie']}; ${kept}` : kept;
    return transport({ ...request, headers }).subscribe({
      next: (answer) => {
        if (received) return;
        received = true;
        // A throw here would go unhandled: it is the stream's error.
        try {
          const response = withLowerCaseNames(answer);
          // A browser follows redirects itself; all we can do is refuse what came from elsewhere.
          if (response.url !== undefined) resolveUrl(response.url);
          // A transport may not enforce the limit (a browser's XHR cannot): check what arrived.
          if (exceedsUtf8Bytes(response.body, maxResponseBytes)) throw bodyTooLarge(request, maxResponseBytes, response.status);
          // Only a session that keeps cookies, and an answer that sets one, pays for storing them.
          if (jar === undefined || !response.headers['set-cookie']) onward(response);
          else keep(jar, response);
        } catch (error) {
          subscriber.error(error);
        }
      },
      error: (error: unknown) => {
        // After its answer the exchange is the answer's (a redirect hop, the cookie store).
        if (!received) subscriber.error(error);
      },
      complete: () => {
        // A transport that ends without an answer breaks its contract; an empty completion
        // would leave a poll loop waiting forever, so it fails like any request without one.
        if (!received) subscriber.error(noAnswer(request));
      },
    });
  };

  /** {@link exchange} as a cold Observable: a redirect's next hop, and the CSRF session's requests. */
  const follow = (request: HttpRequest, hops = 0): Observable<HttpResponse> =>
    new Observable<HttpResponse>((subscriber) => exchange(request, hops, subscriber));

  const withCsrf = csrfSession(config.csrf, serviceRoot, follow);

  return {
    resolveUrl,
    send: (request) => {
      // A caller's headers are checked when the call is made, before anything is sent.
      checkHeaderFields(request.headers, 'send()');
      // One Observable per request, not a defer around another: every poll passes here. What
      // the origin check throws at subscribe is the stream's error, as it would be in a defer.
      return new Observable<HttpResponse>((subscriber) => {
        const url = checked.has(request.url) ? request.url : resolveUrl(request.url);
        const sent = { ...request, url, headers: request.headers ?? {} };
        if (isModifyingMethod(request.method) && config.csrf !== 'never' && isService(url)) return withCsrf(sent).subscribe(subscriber);
        return exchange(sent, 0, subscriber);
      });
    },
  };
}

function noAnswer({ method, url }: HttpRequest): ODataNetworkError {
  return new ODataNetworkError({ method, url, message: `${method} ${url}: the transport completed without a response` });
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

/**
 * The response with lower-case header names, as everything after the transport reads them. The
 * built-in transports already answer so; a custom one may hand over `Location` as it came. Names
 * that differ only in case are joined as the built-in transports join repeated headers.
 */
function withLowerCaseNames(response: HttpResponse): HttpResponse {
  const names = Object.keys(response.headers);
  // A loop, not names.every(…): no closure per response, and the built-in transports always pass.
  let lower = true;
  for (const name of names) if (name !== name.toLowerCase()) lower = false;
  if (lower) return response;
  const headers: Record<string, string> = {};
  for (const name of names) {
    const key = name.toLowerCase();
    const value = response.headers[name] ?? '';
    const seen = headers[key];
    headers[key] = seen === undefined ? value : `${seen}${key === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return { ...response, headers };
}
