import { defer, Observable, of, share, switchMap, tap, throwError } from 'rxjs';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ResolvedClientConfig } from './client-config.js';
import type { CookieJarLike } from './cookie-jar.js';
import { CSRF_HEADER, csrfTokenOf, isCsrfTokenRequired, isModifyingMethod } from './csrf.js';
import type { HttpMethod, HttpRequest, HttpResponse, Transport } from './http.js';
import { resolveAllowedUrl } from './resolve-allowed-url.js';

/** A request to the service: an absolute URL (origin-checked again here) and extra headers. */
export interface ServiceRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

const MAX_REDIRECTS = 5;
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

  constructor(
    private readonly config: ResolvedClientConfig,
    private readonly transport: Transport,
    private readonly cookieJar: Observable<CookieJarLike> | undefined,
  ) {}

  /** Resolves a server-given URL against `base` and refuses other origins (`LocationNotAllowedError`). */
  resolveUrl(raw: string, base: string = this.config.serviceRoot): string {
    return resolveAllowedUrl(raw, base, this.config.allowedOrigins);
  }

  /** Sends one request, with CSRF handling for modifying methods. Cold: nothing goes out before subscribe. */
  send(request: ServiceRequest): Observable<HttpResponse> {
    return defer(() => {
      const url = this.resolveUrl(request.url);
      const checked: HttpRequest = { ...request, url, headers: request.headers ?? {} };
      if (!isModifyingMethod(request.method) || this.config.csrf === 'never') return this.followRedirects(checked);
      const attempt = (token: string | undefined) => this.followRedirects(token === undefined ? checked : withHeader(checked, CSRF_HEADER, token));
      const first$ = this.config.csrf === 'always' && this.csrfToken === undefined
        ? this.fetchCsrfToken().pipe(switchMap(attempt))
        : attempt(this.csrfToken);
      // A missing, invalid or expired token: fetch a new one and retry once; a second 403 is the caller's.
      return first$.pipe(switchMap((response) => (isCsrfTokenRequired(response) ? this.fetchCsrfToken().pipe(switchMap(attempt)) : of(response))));
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

  /** GET and HEAD follow redirects here, each hop origin-checked; other methods get the 3xx as is. */
  private followRedirects(request: HttpRequest, hops = 0): Observable<HttpResponse> {
    return this.exchange(request).pipe(
      switchMap((response) => {
        const location = response.headers['location'];
        const follow = (request.method === 'GET' || request.method === 'HEAD') && REDIRECT_STATUSES.has(response.status) && location !== undefined;
        if (!follow) return of(response);
        if (hops >= MAX_REDIRECTS) {
          return throwError(() => new ODataProtocolError(`${request.method} ${request.url}: more than ${MAX_REDIRECTS} redirects`, { method: request.method, url: request.url, status: response.status }));
        }
        return defer(() => this.followRedirects({ ...request, url: this.resolveUrl(location, request.url) }, hops + 1));
      }),
    );
  }

  /** One exchange on the wire: headers and cookies for the service origin only, the size limit. */
  private exchange(request: HttpRequest): Observable<HttpResponse> {
    const toService = new URL(request.url).origin === this.config.serviceOrigin;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(this.config.protocol === 'v4' ? { 'OData-MaxVersion': '4.01' } : {}),
      ...(toService ? this.config.headers : {}),
      ...request.headers,
    };
    if (!toService) delete headers[CSRF_HEADER];
    const send = (jar: CookieJarLike | undefined) => {
      const cookie = jar?.getCookieStringSync(request.url);
      const finalHeaders = cookie ? { ...headers, Cookie: mergeCookies(headers['Cookie'], cookie) } : headers;
      return this.transport({ ...request, headers: finalHeaders }).pipe(
        tap((response) => {
          if (jar) storeCookies(jar, response, request.url);
          this.checkSize(request, response);
        }),
      );
    };
    return this.cookieJar && toService ? this.cookieJar.pipe(switchMap(send)) : defer(() => send(undefined));
  }

  private checkSize(request: HttpRequest, response: HttpResponse): void {
    // A transport may not enforce the limit (a browser's XHR cannot): check what arrived.
    if (response.body.length > this.config.maxResponseBytes) {
      throw new ODataProtocolError(`${request.method} ${request.url}: the response body is larger than maxResponseBytes (${this.config.maxResponseBytes})`, {
        method: request.method,
        url: request.url,
        status: response.status,
      });
    }
  }
}

function withHeader(request: HttpRequest, name: string, value: string): HttpRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}

function mergeCookies(configured: string | undefined, kept: string): string {
  return configured ? `${configured}; ${kept}` : kept;
}

function storeCookies(jar: CookieJarLike, response: HttpResponse, url: string): void {
  const setCookie = response.headers['set-cookie'];
  if (!setCookie) return;
  for (const line of setCookie.split('\n')) {
    // A cookie the jar rejects (bad domain, malformed) is dropped, as a browser would.
    try {
      jar.setCookieSync(line, url);
    } catch {
      /* ignored on purpose */
    }
  }
}
