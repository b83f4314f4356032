import type { Observable } from 'rxjs';
import type { HttpResponse } from '../http/http.js';
import type { ODataProtocol } from './client-config.js';
import type { ServiceRequest } from './service-http.js';

/**
 * The narrow session that polling needs of a client: send a request through it (headers, cookies,
 * CSRF, the origin gate, redirects, the size limit), resolve a server-given URL against it, and its
 * protocol. Not part of the public `ODataClient`: the poll engine reaches it with {@link sessionOf}.
 */
export interface ClientSession {
  /** The OData dialect the client speaks. */
  readonly protocol: ODataProtocol;
  /** Sends one request, with CSRF handling for modifying methods. Cold; every HTTP status is a response. */
  send(request: ServiceRequest): Observable<HttpResponse>;
  /** Resolves a server-given URL against `base` (default: the service root); `LocationNotAllowedError` for another origin. */
  resolveUrl(raw: string, base?: string): string;
}

/**
 * Where a client keeps its session: a registered symbol, so that a client made by the ESM copy of
 * the library works with the operators of the CommonJS copy (an app and a test runner may load both).
 */
const SESSION = Symbol.for('rxjs-odata-async/client-session');

/** `client` with its session attached under {@link SESSION} (not enumerable: it does not show in logs or spreads). */
export function withSession<C extends object>(client: C, session: ClientSession): C {
  return Object.defineProperty(client, SESSION, { value: session, enumerable: false });
}

/**
 * The session of a client made by `createODataClient`.
 * @throws TypeError for anything else (a plain object, a mock without a session).
 */
export function sessionOf(client: unknown): ClientSession {
  const session: unknown = typeof client === 'object' && client !== null ? Reflect.get(client, SESSION) : undefined;
  if (typeof session !== 'object' || session === null) {
    throw new TypeError(`expected a client made by createODataClient, got ${client === null ? 'null' : typeof client}`);
  }
  // Set only by withSession(), with a ClientSession.
  return session as ClientSession;
}
