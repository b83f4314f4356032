import { defer, Observable, of, share, switchMap, tap, throwError } from 'rxjs';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ResolvedClientConfig } from './client-config.js';
import type { SessionCookies } from './cookie-jar.js';
import { CSRF_HEADER, csrfTokenOf, isCsrfTokenRequired, isModifyingMethod } from './csrf.js';
import type { HttpMethod, HttpRequest, HttpResponse, Transport } from './http.js';
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

const MAX_REDIRECTS = 5;
/** Enough for the operations a page or a service watches at once; beyond it, URLs are simply checked again. */
const MAX_CHECKED_URLS = 1000;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Everything between a request the library wants to make and the transport: default and
 * configured headers (service origin only), session cookies, SAP CSRF tokens, origin-checked
 * redirects and the body size limit. One instance per client, so token and cookies are shared
 * by all calls and polls of that client.
 */
export class ServiceHttp {
  private csrfToken: string | undefined;
  private tokenFetch$: Observable<string> | undefined;
  /**
   * URLs resolveUrl() gave out lately. Each resolves to itself again (the config does not change),
   * so sending one needs no second check: a poll loop's monitor is parsed once, not per request.
   */
  private readonly checked = new Set<string>();

  constructor(
    private readonly config: ResolvedClientConfig,
    private readonly transport: Transport,
    private readonly cookies: SessionCookies | undefined,
  ) {}

  /** Resolves a server-given URL against `base` and refuses other origins (`LocationNotAllowedError`). */
  resolveUrl(raw: string, base: string = this.config.serviceRoot): string {
    const url = resolveAllowedUrl(raw, base, this.config.allowedOrigins);
    if (this.checked.size >= MAX_CHECKED_URLS) this.checked.clear();
    this.checked.add(url);
    return url;
  }

  /** Sends one request, with CSRF handling for modifying methods. Cold: nothing goes out before subscribe. */
  send(request: ServiceRequest): Observable<HttpResponse> {
    return defer(() => {
      const url = this.checked.has(request.url) ? request.url : this.resolveUrl(request.url);
      const checked: HttpRequest = { ...request, url, headers: request.headers ?? {} };
      const needsToken = isModifyingMethod(request.method) && this.config.csrf !== 'never' && isOnOrigin(url, this.config.serviceOrigin);
      if (!needsToken) return this.followRedirects(checked);
      const attempt = (token: string | undefined) => this.followRedirects(token === undefined ? checked : withHeader(checked, CSRF_HEADER, token));
      const sentToken = this.csrfToken;
      const first$ = this.config.csrf === 'always' && sentToken === undefined ? this.fetchCsrfToken().pipe(switchMap(attempt)) : attempt(sentToken);
      // A missing, invalid or expired token: retry once, with the token another request fetched
      // meanwhile if there is one, else with a fresh one. A second 403 is the caller's.
      return first$.pipe(
        switchMap((response) => {
          if (!isCsrfTokenRequired(response)) return of(response);
          const current = this.csrfToken;
          return current !== undefined && current !== sentToken ? attempt(current) : this.fetchCsrfToken().pipe(switchMap(attempt));
        }),
      );
    });
  }

  /** One token fetch at a time, shared by every request that needs it. */
  private fetchCsrfToken(): Observable<string> {
    this.tokenFetch$ ??= defer(() => {
      this.csrfToken = undefined;
      const url = this.config.serviceRoot;
      return this.followRedirects({ method: 'GET', url, headers: { [CSRF_HEADER]: 'Fetch' } }).pipe(
        switchMap((response) => {
          const token = csrfTokenOf(response);
          if (response.status >= 300 || token === undefined) {
            return throwError(
              () =>
                new ODataHttpError({
                  status: response.status,
                  method: 'GET',
                  url,
                  headers: response.headers,
                  message: `GET ${url} with ${CSRF_HEADER}: Fetch answered HTTP ${response.status} without a CSRF token; set csrf: 'never' if the service does not use one`,
                }),
            );
          }
          this.csrfToken = token;
          return of(token);
        }),
        tap({ finalize: () => (this.tokenFetch$ = undefined) }),
      );
    }).pipe(share());
    return this.tokenFetch$;
  }

  /**
   * One exchange on the wire (headers and cookies for the service origin only, the size limit),
   * then the redirect it asks for: GET and HEAD follow it here, each hop origin-checked; other
   * methods get the 3xx as is. Stepped by hand rather than with operators: every status request
   * of every operation passes here.
   */
  private followRedirects(request: HttpRequest, hops = 0): Observable<HttpResponse> {
    const toService = isOnOrigin(request.url, this.config.serviceOrigin);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(this.config.protocol === 'v4' ? { 'OData-MaxVersion': '4.01' } : {}),
      ...(toService ? this.config.headers : {}),
      ...(toService ? request.headers : withoutCredentials(request.headers)),
    };
    const cookies = toService ? this.cookies : undefined;
    return new Observable<HttpResponse>((subscriber) => {
      // Completes when the transport does (as an operator chain would), unless a hop takes over.
      let received = false;
      let answered = false;
      let transportDone = false;
      // Once the response's cookies are kept: the answer, or the next hop.
      const onward = (response: HttpResponse): void => {
        try {
          const location = response.headers['location'];
          if ((request.method === 'GET' || request.method === 'HEAD') && REDIRECT_STATUSES.has(response.status) && location !== undefined) {
            if (hops >= MAX_REDIRECTS) {
              throw new ODataProtocolError(`${request.method} ${request.url}: more than ${MAX_REDIRECTS} redirects`, {
                method: request.method,
                url: request.url,
                status: response.status,
              });
            }
            this.followRedirects({ ...request, url: this.resolveUrl(location, request.url) }, hops + 1).subscribe(subscriber);
            return;
          }
          answered = true;
          subscriber.next(hops === 0 || response.url !== undefined ? response : { ...response, url: request.url });
          if (transportDone) subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      };
      const keep = (jar: SessionCookies, response: HttpResponse): void => {
        subscriber.add(
          jar.store(response, request.url).subscribe({
            next: onward,
            error: (error: unknown) => {
              subscriber.error(error);
            },
          }),
        );
      };
      // Read at send time: a response that just arrived may have set a cookie.
      const cookie = cookies?.headerFor(request.url);
      return this.transport({ ...request, headers: cookie ? { ...headers, Cookie: mergeCookies(headers['Cookie'], cookie) } : headers }).subscribe({
        next: (response) => {
          received = true;
          try {
            // A browser follows redirects itself; all we can do is refuse what came from elsewhere.
            if (response.url !== undefined) this.resolveUrl(response.url);
            this.checkSize(request, response);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          // Only a session that keeps cookies, and an answer that sets one, pays for storing them.
          if (cookies === undefined || !response.headers['set-cookie']) onward(response);
          else keep(cookies, response);
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        complete: () => {
          transportDone = true;
          if (!received || answered) subscriber.complete();
        },
      });
    });
  }

  private checkSize(request: HttpRequest, response: HttpResponse): void {
    // A transport may not enforce the limit (a browser's XHR cannot): check what arrived.
    if (exceedsUtf8Bytes(response.body, this.config.maxResponseBytes)) {
      throw new ODataProtocolError(`${request.method} ${request.url}: the response body is larger than maxResponseBytes (${this.config.maxResponseBytes})`, {
        method: request.method,
        url: request.url,
        status: response.status,
      });
    }
  }
}

/** Headers that carry credentials: they never travel to an origin other than the service's. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-csrf-token']);

/**
 * Whether `url`, as {@link resolveAllowedUrl} writes it (normalized, no user info), is on
 * `origin`: a text comparison instead of parsing the URL again on every request.
 */
function isOnOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && url.charAt(origin.length) === '/';
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}

/** Whether `text` takes more than `limit` bytes in UTF-8, counting only as far as needed. */
function exceedsUtf8Bytes(text: string, limit: number): boolean {
  // At most 3 bytes per UTF-16 unit: most bodies are settled without counting.
  if (text.length * 3 <= limit) return false;
  if (text.length > limit) return true;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: 2 + 2.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes > limit;
}

function withHeader(request: HttpRequest, name: string, value: string): HttpRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}

function mergeCookies(configured: string | undefined, kept: string): string {
  return configured ? `${configured}; ${kept}` : kept;
}
