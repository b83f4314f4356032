import { defer, from, type Observable } from 'rxjs';

/** The two calls of tough-cookie's CookieJar that the client uses. */
export interface CookieJarLike {
  getCookieStringSync(url: string): string;
  setCookieSync(cookie: string, url: string): unknown;
}

/**
 * Session cookies for Node, where no browser keeps them. tough-cookie does the RFC 6265 work
 * (expiry, path and domain matching); it is loaded on first use so that browser bundles,
 * where the browser keeps cookies itself, never pay for it.
 */
export function lazyCookieJar(): Observable<CookieJarLike> {
  let jar: Promise<CookieJarLike> | undefined;
  return defer(() => from((jar ??= import('tough-cookie').then((m) => new m.CookieJar()))));
}

/** True where no browser manages cookies for us (Node, Deno, Bun, workers without a document). */
export function runtimeKeepsNoCookies(): boolean {
  return typeof document === 'undefined';
}
