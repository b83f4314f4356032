import { HttpErrorResponse, type HttpClient, type HttpHeaders } from '@angular/common/http';
import { catchError, map, type Observable, of, throwError, throwIfEmpty } from 'rxjs';
import type { HttpRequest, HttpResponse, Transport } from '../http/http.js';
import { describeValue } from '../errors/describe-value.js';
import { ODataNetworkError } from '../errors/odata-network-error.js';
import { exchangeDeadline } from '../http/exchange-deadline.js';
import { EXPECTED_TIMER_MS, isTimerMs } from '../http/timer-ms.js';

/** Options of {@link httpClientTransport}. */
export interface HttpClientTransportOptions {
  /**
   * Milliseconds for one whole exchange, head and body: when they pass before the answer is
   * complete, the HttpClient request is cancelled and the call fails with an `ODataNetworkError`
   * (code `ETIMEDOUT`), which status polls retry as transient. At most 2147483647 (2^31−1, the
   * longest timer): a larger value is a `TypeError`.
   * @default undefined (no per-request timeout)
   */
  readonly requestTimeout?: number;
}

/**
 * A {@link Transport} over Angular's `HttpClient`: every call, CSRF token fetch and status poll of
 * the client is an HttpClient request, so the app's interceptors (auth, logging, `sap-client`)
 * apply to all of them.
 *
 * - Cold: nothing is sent before subscribe; unsubscribing cancels the HttpClient request (the
 *   browser aborts it).
 * - Every HTTP status is a response: an `HttpErrorResponse` with a status (404, 500, …) becomes an
 *   {@link HttpResponse}, so the library reads the OData error and decides (`ODataHttpError`,
 *   `Failed`, a transient retry). Status 0 (no answer: offline, refused, CORS) is an
 *   `ODataNetworkError` carrying the `HttpErrorResponse` as `cause`. Any other error (an
 *   interceptor's own) passes as it is.
 * - The body stays text (`responseType: 'text'`): parsing is the library's, safely and within
 *   `maxResponseBytes`. Header names are lower-cased. SSR's HTTP transfer cache is bypassed, so a
 *   status poll never reads a cached answer.
 *
 * `provideODataClient()` builds the client with this transport; call it yourself to pass
 * `transport` to `createODataClient()` (with `inject()` in an injection context).
 *
 * ```
 * call:       --r|          r: HttpResponse (any status); unsubscribe: the request is cancelled
 * status 0:   --#           #: ODataNetworkError (cause: the HttpErrorResponse)
 * ```
 *
 * @example
 * const client = createODataClient({
 *   serviceRoot: 'https://host/sap/opu/odata/sap/ZSALES_SRV/',
 *   protocol: 'v2',
 *   transport: httpClientTransport(inject(HttpClient), { requestTimeout: 30_000 }),
 * });
 * client.function('GetReportStatus').parameter('ReportId', '42').execute().subscribe((r) => console.log(r.status, r.data));
 * // 200 { GetReportStatus: 'Succeeded' }   (the request went through your interceptors)
 *
 * @param http Angular's `HttpClient`, e.g. `inject(HttpClient)`.
 * @param options `requestTimeout`.
 * @return A transport for `createODataClient({ transport })`.
 */
export function httpClientTransport(http: HttpClient, options: HttpClientTransportOptions = {}): Transport {
  if (typeof http !== 'object' || http === null || typeof http.request !== 'function') {
    throw new TypeError("httpClientTransport: pass Angular's HttpClient, e.g. httpClientTransport(inject(HttpClient))");
  }
  const { requestTimeout } = options;
  if (requestTimeout !== undefined && !isTimerMs(requestTimeout)) {
    throw new TypeError(`httpClientTransport: requestTimeout must be ${EXPECTED_TIMER_MS}, got ${describeValue(requestTimeout)}`);
  }

  return (request: HttpRequest): Observable<HttpResponse> => {
    const noAnswer = (code: string | undefined, cause: unknown, message?: string) =>
      new ODataNetworkError({ method: request.method, url: request.url, code, cause, ...(message === undefined ? {} : { message }) });
    const response$ = http
      .request(request.method, request.url, {
        body: request.body ?? null,
        headers: { ...request.headers },
        observe: 'response',
        responseType: 'text',
        // A status poll repeats the same GET: an answer cached during server-side rendering would be stale.
        transferCache: false,
      })
      .pipe(
        map((response) => toResponse(request, response.status, response.headers, response.body ?? '', response.url)),
        catchError((error: unknown) => {
          if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
          // A status with a body that could not be read (the connection broke mid-body) is no answer either.
          if (error.status > 0 && !(error.error instanceof Error)) {
            return of(toResponse(request, error.status, error.headers, bodyText(error.error), error.url));
          }
          return throwError(() => noAnswer(codeOf(error.error), error));
        }),
        // HttpClient completes without a response when the app is destroyed mid-answer.
        throwIfEmpty(() => noAnswer(undefined, undefined, `${request.method} ${request.url}: HttpClient completed without a response`)),
      );
    // HttpClient emits the response once its body is complete: the deadline bounds head and body.
    return response$.pipe(exchangeDeadline(requestTimeout, request));
  };
}

function toResponse(request: HttpRequest, status: number, headers: HttpHeaders, body: string, answeredBy: string | null): HttpResponse {
  const url = answeredBy !== null && !sameUrl(answeredBy, request.url) ? answeredBy : undefined;
  return { status, headers: lowerCaseHeaders(headers), body, ...(url === undefined ? {} : { url }) };
}

/** Header names in lower case; repeated headers joined with `, ` (`set-cookie` with `\n`, its lines may hold commas). */
function lowerCaseHeaders(headers: HttpHeaders): Record<string, string> {
  // fromEntries: a header named `__proto__` stays an own property.
  return Object.fromEntries(
    headers.keys().map((name) => {
      const key = name.toLowerCase();
      return [key, (headers.getAll(name) ?? []).join(key === 'set-cookie' ? '\n' : ', ')];
    }),
  );
}

/** An error answer's body as text: HttpClient hands it over as a string for `responseType: 'text'`. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === null || body === undefined) return '';
  // An interceptor may build an HttpErrorResponse with an object body: keep it readable as JSON.
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}

/** `ECONNREFUSED`, `ECONNRESET`, … where the platform tells (Node's fetch: on the error's cause). */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 3; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** Whether two URLs are the same once normalized; an unreadable one is not (the client's origin check refuses it). */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}
