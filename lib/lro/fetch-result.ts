import { isLeft } from '../http/either.js';
import type * as t from 'io-ts';
import { decodeOrThrow } from '../odata/decode-result.js';
import { unwrapPayload } from '../odata/unwrap.js';
import type { ODataProtocol } from '../odata/client-config.js';
import type { HttpResponse } from '../http/http.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { readBody } from '../http/read-body.js';
import { responseError } from '../odata/response-error.js';

/** Where the result comes from: the operation's name unwraps SAP's `{"d":{"<Name>": …}}`. */
export interface ResultSource {
  readonly method?: string;
  readonly operationName?: string | undefined;
}

/**
 * The last path segment of a call's URL: for a SAP v2 function import, its name (`…/Generate?Year=2024`).
 * Read from the URL rather than carried along, so that an ActionResult copied on its way into
 * asyncOp$ still names its operation.
 */
export function lastPathSegment(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/** A succeeded operation's result from a body: OData wrappers unwrapped, then decoded with the caller's codec. */
export function decodeResult<R>(
  protocol: ODataProtocol,
  codec: t.Type<R, unknown>,
  body: unknown,
  source: ResultSource | undefined,
  at: { readonly method: string; readonly url: string; readonly status: number },
): R {
  return decodeOrThrow(codec, unwrapPayload(body, protocol, source?.operationName), at);
}

/**
 * The result from the answer to `GET <resultUrl>` (the poll loop sends it, and retries it when
 * the answer is transient): a 2xx JSON body, decoded; else an `ODataHttpError`, or an
 * `ODataProtocolError` for a body that is not JSON.
 */
export function resultFrom<R>(protocol: ODataProtocol, codec: t.Type<R, unknown>, response: HttpResponse, url: string, source: ResultSource | undefined): R {
  const { status } = response;
  if (status < 200 || status > 299) throw responseError(response, 'GET', url);
  const parsed = readBody(response);
  if (isLeft(parsed))
    throw new ODataProtocolError(`GET ${url} (the operation's result) answered HTTP ${status}, but ${parsed.left}`, { method: 'GET', url, status });
  return decodeResult(protocol, codec, parsed.right, source, { method: 'GET', url, status });
}
