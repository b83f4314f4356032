import { defer, finalize, map, type Observable, of, share, switchMap, tap } from 'rxjs';
import { ODataHttpError } from '../errors/odata-http-error.js';
import type { CsrfMode } from './client-config.js';
import type { HttpRequest, HttpResponse } from '../http/http.js';

/** The header SAP Gateway uses for CSRF tokens, both ways. */
const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change state and therefore need a CSRF token on SAP systems. */
export function isModifyingMethod(method: string): boolean {
  return !/^(?:GET|HEAD|OPTIONS)$/.test(method);
}

/** A response's token header, trimmed: `Required` (any case) asks for a token rather than being one. */
const tokenHeader = (response: HttpResponse) => (response.headers['x-csrf-token'] ?? '').trim();
const REQUIRED = /^required$/i;
/**
 * A character no header value may hold (Node refuses to send it; CR and LF would end the line). A
 * custom transport may hand over any header text: a token with one is refused, not sent back.
 */
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * SAP's CSRF protection for one client: one token, shared by every call and poll, fetched from
 * `serviceRoot` (`GET` with `X-CSRF-Token: Fetch`) as the `csrf` mode says.
 *
 * @param send sends one request to the service (redirects, cookies and size limit included).
 * @return a cold Observable per modifying request to the service origin, sent with the token.
 */
export function csrfSession(mode: CsrfMode, serviceRoot: string, send: (request: HttpRequest) => Observable<HttpResponse>) {
  let token: string | undefined;
  let fetch$: Observable<string> | undefined;

  /**
   * One token fetch at a time, shared by every request that needs it. It stops being the current
   * fetch as soon as it hands out its token or its error, before they reach anyone: a request
   * that answers them at once (refused with that token, or retrying the failure) must start a
   * new fetch rather than join one that is ending, and that new fetch must be the one others join.
   */
  const fetchToken = (): Observable<string> => {
    if (fetch$ !== undefined) return fetch$;
    const done = () => {
      if (fetch$ === current) fetch$ = undefined;
    };
    const current: Observable<string> = defer(() => {
      token = undefined;
      return send({ method: 'GET', url: serviceRoot, headers: { [CSRF_HEADER]: 'Fetch' } });
    }).pipe(
      map((response) => {
        done();
        const fetched = tokenHeader(response);
        if (response.status >= 300 || fetched === '' || REQUIRED.test(fetched) || UNSENDABLE.test(fetched)) {
          const { status, headers } = response;
          const what = UNSENDABLE.test(fetched) ? 'with a CSRF token that is not a valid header value (a control character)' : 'without a CSRF token';
          const message = `GET ${serviceRoot} answered HTTP ${status} ${what}; set csrf: 'never' if the service needs none`;
          throw new ODataHttpError({ status, method: 'GET', url: serviceRoot, headers, message });
        }
        return (token = fetched);
      }),
      tap({ error: done, complete: done }),
      finalize(done), // every waiter left before the answer
      share(),
    );
    return (fetch$ = current);
  };

  return (request: HttpRequest): Observable<HttpResponse> =>
    defer(() => {
      // The token this request carried last: a fetch made for it is its own, not another request's.
      let sent = token;
      const attempt = (sentToken: string | undefined) => {
        sent = sentToken;
        return send(sentToken === undefined ? request : { ...request, headers: { ...request.headers, [CSRF_HEADER]: sentToken } });
      };
      const refetch = () => fetchToken().pipe(switchMap(attempt));
      // 'auto' sends without a token until the server asks for one, even while another request's
      // fetch is under way: that fetch may fail, and this request must not fail with it unasked.
      return (mode === 'always' && sent === undefined ? refetch() : attempt(sent)).pipe(
        // A missing, invalid or expired token: retry once, with the token another request fetched
        // meanwhile if there is one, else with a fresh one. A second 403 is the caller's.
        switchMap((response) => {
          if (response.status !== 403 || !REQUIRED.test(tokenHeader(response))) return of(response);
          return token !== undefined && token !== sent ? attempt(token) : refetch();
        }),
      );
    });
}
