// The cookie session a client keeps itself, in runtimes where nothing keeps cookies for it.
// This module is what `#http/session-cookies` means outside browsers (package.json `imports`,
// condition `default`); browsers get session-cookies.browser.ts, which never names tough-cookie.
import { runtimeKeepsNoCookies, sessionCookies, type SessionCookies } from './cookie-jar.js';

/**
 * A cookie jar for a client whose transport keeps no cookies (axios in Node, Deno, Bun, workers
 * without a document), or `undefined` where the runtime keeps them (a browser page).
 */
export function runtimeSessionCookies(): SessionCookies | undefined {
  return runtimeKeepsNoCookies() ? sessionCookies() : undefined;
}
