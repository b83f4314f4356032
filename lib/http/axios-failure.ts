import axios from 'axios';
import { ODataNetworkError } from '../errors/odata-network-error.js';
import { bodyTooLarge, type HttpRequest } from './http.js';

/**
 * axios codes of a request that was never a valid one (a bad option, an unsupported protocol or
 * URL): the caller's mistake, passed on as it is, since retrying it cannot help.
 */
const MISUSE: ReadonlySet<string> = new Set(['ERR_BAD_OPTION_VALUE', 'ERR_BAD_OPTION', 'ERR_NOT_SUPPORTED', 'ERR_INVALID_URL', 'ERR_DEPRECATED']);

/**
 * What an axios failure means to the library.
 *
 * The rule is "no complete answer", not a list of codes: every `AxiosError` of a request that went
 * out (`error.request` is set) is an {@link ODataNetworkError}, whatever its code: a reset before
 * or in the middle of the body, a response head Node cannot parse (`HPE_*`: a folded header line,
 * too many or too large headers, a bad `Content-Length`), a body that does not decode (`Z_*`,
 * brotli), a timeout, and any code axios or Node adds later. The `cause` is axios's error.
 * What stays as it is: a body over `maxResponseBytes` (an `ODataProtocolError`), an interceptor's
 * own error (not an `AxiosError`), and a request axios refused to send (a bad option).
 *
 * @param error What axios rejected with.
 * @param request The request, for the error's `method` and `url`.
 * @param maxResponseBytes The body size limit, for its error.
 * @return The error to hand to the subscriber.
 */
export function axiosFailure(error: unknown, request: HttpRequest, maxResponseBytes: number): unknown {
  if (!axios.isAxiosError(error)) return error;
  // axios reports its own size limit as a bad response: it is the body that is too large.
  if (/max(?:Content|Body)Length/.test(error.message)) return bodyTooLarge(request, maxResponseBytes, undefined, error);
  if (error.request == null || (error.code !== undefined && MISUSE.has(error.code))) return error;
  const { method, url } = request;
  return new ODataNetworkError({ method, url, code: networkCode(error), cause: error });
}

/**
 * A code a user can act on: Node's own (`ECONNRESET`, `HPE_HEADER_OVERFLOW`, `Z_DATA_ERROR`) where
 * there is one, `ETIMEDOUT` for axios's timeout, `ECONNRESET` for a body cut short by the server
 * closing the connection (what Node's own http client reports for it), else axios's code.
 */
function networkCode(error: { code?: string | undefined; message: string; cause?: unknown }): string | undefined {
  const cause = error.cause;
  const own = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (own !== undefined) return own === 'ECONNABORTED' ? 'ETIMEDOUT' : own;
  if (error.code === 'ECONNABORTED') return 'ETIMEDOUT';
  if (error.code === 'ERR_BAD_RESPONSE' && error.message.includes('aborted')) return 'ECONNRESET';
  return error.code;
}
