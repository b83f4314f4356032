import { randomBytes } from 'node:crypto';

/** Name of the SAP session cookie a token is bound to (system ABC, client 100). */
export const SESSION_COOKIE = 'SAP_SESSIONID_ABC_100';
/** Name of the SAP XSRF cookie (`sap-XSRF_<SID>_<client>`). */
export const XSRF_COOKIE = 'sap-XSRF_ABC_100';

/** A freshly issued token and the cookies that go with it. */
export interface IssuedToken {
  readonly token: string;
  readonly setCookie: readonly string[];
}

/**
 * SAP Gateway CSRF protection: a token is valid only together with the session cookie it was
 * issued for, as on a real system (a token copied into another session is refused).
 */
export class CsrfStore {
  private readonly sessions = new Set<string>();
  private tokens = new Map<string, string>();

  /** Issues a token; a known session cookie is kept, an unknown one is replaced. */
  issue(cookieHeader: string | undefined): IssuedToken {
    const presented = parseCookies(cookieHeader).get(SESSION_COOKIE);
    const session = presented !== undefined && this.sessions.has(presented) ? presented : randomBytes(12).toString('hex');
    this.sessions.add(session);
    const token = randomBytes(16).toString('base64url');
    this.tokens.set(token, session);
    return {
      token,
      setCookie: [`${SESSION_COOKIE}=${session}; path=/; HttpOnly`, `${XSRF_COOKIE}=${randomBytes(12).toString('base64url')}; path=/sap`],
    };
  }

  /** Whether the token is known, unexpired and bound to the session cookie sent with it. */
  isValid(token: string | undefined, cookieHeader: string | undefined): boolean {
    if (token === undefined) return false;
    const session = this.tokens.get(token);
    return session !== undefined && parseCookies(cookieHeader).get(SESSION_COOKIE) === session;
  }

  /** Invalidates every issued token (sessions stay, as after a token timeout on a real system). */
  expireAll(): void {
    this.tokens = new Map();
  }
}

/** Parses a `Cookie` header leniently: malformed pairs are skipped, never thrown on. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (name !== '') cookies.set(name, pair.slice(eq + 1).trim());
  }
  return cookies;
}
