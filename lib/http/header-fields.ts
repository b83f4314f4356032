/** An RFC 9110 §5.6.2 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;

/**
 * CR and LF would end the header line and start a header (or a body) of the caller's choosing;
 * NUL ends it early in some servers. axios and browsers do not all refuse them (axios strips some
 * and keeps the rest), so the library refuses them itself, before anything is sent.
 */
const LINE_BREAK_OR_NUL = /[\r\n\0]/;

/**
 * Checks header names and values that a caller hands the library (configured `headers`, a
 * call's `headers`): every name a token, every value a string without CR, LF or NUL. Throws a
 * `TypeError` at once, when the call is made, rather than letting a transport alter the header
 * or fail later with an error of its own.
 *
 * @example
 * checkHeaderFields({ 'X-Tenant': 'a\r\nAuthorization: x' }, 'request()')
 * // throws TypeError: request(): header "X-Tenant" must be a string without CR, LF or NUL
 *
 * @param headers The headers as given (`unknown`: plain JavaScript callers pass anything).
 * @param where What the message starts with, e.g. `createODataClient`.
 * @return The headers' entries, read once (a getter cannot pass the check and then change).
 * @throws TypeError naming the header (never showing its value: it may be a credential).
 */
export function checkHeaderFields(headers: unknown, where: string): Array<[string, string]> {
  if (headers === undefined) return [];
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) throw new TypeError(`${where}: headers must be an object`);
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new TypeError(`${where}: ${JSON.stringify(name)} is not a valid header name`);
    if (typeof value !== 'string' || LINE_BREAK_OR_NUL.test(value)) {
      throw new TypeError(`${where}: header ${JSON.stringify(name)} must be a string without CR, LF or NUL`);
    }
    entries.push([name, value]);
  }
  return entries;
}
