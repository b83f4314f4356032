// What `#http/session-cookies` means in a browser bundle (package.json `imports`, condition
// `browser`): the browser keeps the session's cookies, so the client keeps none, and the Node
// cookie jar (tough-cookie and its public-suffix list, ~58 KB gz) is never part of the bundle.
import type { SessionCookies } from './cookie-jar.js';

/** Always `undefined`: in a browser the cookies are the browser's to keep. */
export function runtimeSessionCookies(): SessionCookies | undefined {
  return undefined;
}
