import { defer, from, map, type Observable, of } from 'rxjs';
import type { HttpResponse } from './http.js';

/** The two calls of tough-cookie's CookieJar that the client uses. */
export interface CookieJarLike {
  getCookieStringSync(url: string): string;
  setCookieSync(cookie: string, url: string): unknown;
}

/**
 * Session cookies for Node, where no browser keeps them. tough-cookie does the RFC 6265 work
 * (expiry, path and domain matching). It is loaded when the first cookie arrives, so browser
 * bundles (where the browser keeps cookies) and services that set none never pay for it, and
 * once loaded every lookup is synchronous.
 */
export class SessionCookies {
  private jar: CookieJarLike | undefined;
  private loading: Promise<CookieJarLike> | undefined;

  /** The `Cookie` header for `url`, if the session holds any cookie for it. */
  headerFor(url: string): string | undefined {
    const cookies = this.jar?.getCookieStringSync(url);
    return cookies === undefined || cookies === '' ? undefined : cookies;
  }

  /** Keeps the response's `Set-Cookie` lines; emits once they are stored, so the next request sees them. */
  store(response: HttpResponse, url: string): Observable<HttpResponse> {
    const setCookie = response.headers['set-cookie'];
    if (setCookie === undefined || setCookie === '') return of(response);
    return this.loaded().pipe(
      map((jar) => {
        for (const line of setCookie.split('\n')) {
          // A cookie the jar rejects (bad domain, malformed) is dropped, as a browser would.
          try {
            jar.setCookieSync(line, url);
          } catch {
            /* ignored on purpose */
          }
        }
        return response;
      }),
    );
  }

  private loaded(): Observable<CookieJarLike> {
    if (this.jar !== undefined) return of(this.jar);
    return defer(() => from((this.loading ??= import('tough-cookie').then((m) => (this.jar = new m.CookieJar())))));
  }
}

/** True where no browser manages cookies for us (Node, Deno, Bun, workers without a document). */
export function runtimeKeepsNoCookies(): boolean {
  return typeof document === 'undefined';
}
