import { defer, map, type Observable, of } from 'rxjs';
import type { HttpResponse } from './http.js';

/** The two calls of tough-cookie's CookieJar that the client uses. */
export interface CookieJarLike {
  getCookieStringSync(url: string): string;
  setCookieSync(cookie: string, url: string): unknown;
}

/** The cookies of one client's session. */
export interface SessionCookies {
  /** The `Cookie` header for `url`, if the session holds any cookie for it. */
  headerFor(url: string): string | undefined;
  /** Keeps the response's `Set-Cookie` lines; emits once they are stored, so the next request sees them. */
  store(response: HttpResponse, url: string): Observable<HttpResponse>;
}

/**
 * Session cookies for Node, where no browser keeps them. tough-cookie does the RFC 6265 work
 * (expiry, path and domain matching). It is loaded when the first cookie arrives, so browser
 * bundles (where the browser keeps cookies) and services that set none never pay for it, and
 * once loaded every lookup is synchronous.
 */
export function sessionCookies(): SessionCookies {
  let jar: CookieJarLike | undefined;
  let loading: Promise<CookieJarLike> | undefined;
  return {
    headerFor: (url) => jar?.getCookieStringSync(url) || undefined,
    store: (response, url) => {
      const lines = response.headers['set-cookie'];
      if (!lines) return of(response);
      const loaded$ = jar ? of(jar) : defer(() => (loading ??= import('tough-cookie').then((m) => (jar = new m.CookieJar()))));
      return loaded$.pipe(
        map((loaded) => {
          for (const line of lines.split('\n')) {
            // A cookie the jar rejects (bad domain, malformed) is dropped, as a browser would.
            try {
              loaded.setCookieSync(line, url);
            } catch {
              /* ignored on purpose */
            }
          }
          return response;
        }),
      );
    },
  };
}

/** True where no browser manages cookies for us (Node, Deno, Bun, workers without a document). */
export function runtimeKeepsNoCookies(): boolean {
  return typeof document === 'undefined';
}
