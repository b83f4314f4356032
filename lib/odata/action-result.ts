import { isLeft } from '../http/either.js';
import type * as t from 'io-ts';
import { readBody } from '../http/read-body.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter } from '../http/retry-after.js';
import type { ODataProtocol } from './client-config.js';
import type { HttpResponse } from '../http/http.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseODataError } from './parse-odata-error.js';
import { v2ProtocolHint } from './protocol-hint.js';
import { decodeOrThrow } from './decode-result.js';
import { unwrapPayload } from './unwrap.js';

/** The request an {@link ActionResult} answers. */
export interface ActionRequest {
  /** The HTTP method sent, e.g. `POST`. */
  readonly method: string;
  /** The absolute URL requested (the one before any redirect), parameters and query included. */
  readonly url: string;
}

/** The answer to an action, function or request call. */
export interface ActionResult<T = unknown> {
  /** The HTTP status: 200/201/204 for a synchronous answer, 202 for an accepted long-running operation. */
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The parsed body, unwrapped (`value`, `d`, `d.results`, `d.<Name>`) and decoded when the call
   * had `.returns(codec)`; `undefined` for an empty body, and for a 202 (the result comes later).
   */
  readonly data: T | undefined;
  /** The parsed body as the server sent it: not unwrapped, not decoded (a 202's status body is here). */
  readonly body: unknown;
  /** The request that was answered. */
  readonly request: ActionRequest;
  /** The OData dialect of the client that made the call. */
  readonly protocol: ODataProtocol;
  /** True for `202 Accepted` with a `Location`: a long-running operation to poll. */
  isAsync(): boolean;
  /** The `Location` header as an absolute URL (resolved against the URL that answered), if any. */
  location(): string | undefined;
  /** The server's `Retry-After` in ms (delta-seconds or HTTP-date, capped at 5 minutes), if any. */
  retryAfterMs(): number | undefined;
}

/**
 * Turns a response into an {@link ActionResult}, or throws the error it stands for:
 * `ODataHttpError` for a non-2xx answer (with the parsed OData error; for an operation call sent
 * v4 style that a SAP Gateway v2 service refused for a missing mandatory parameter, with a message
 * that suggests `protocol: 'v2'`), `ODataProtocolError`
 * for a body that cannot be parsed or does not match the codec.
 */
export function toActionResult<T>(
  response: HttpResponse,
  request: ActionRequest,
  protocol: ODataProtocol,
  options: { codec?: t.Type<T, unknown> | undefined; operationName?: string | undefined } = {},
): ActionResult<T> {
  const { status, headers } = response;
  const parsed = readBody(response);
  if (status < 200 || status > 299) {
    const body = isLeft(parsed) ? response.body : parsed.right;
    const odataError = parseODataError(body);
    // Only an operation call sent v4 style can have been meant for a v2 function import.
    const hint = protocol === 'v4' && options.operationName !== undefined ? v2ProtocolHint(odataError) : undefined;
    throw new ODataHttpError({ status, method: request.method, url: request.url, headers, body, odataError, hint });
  }
  if (isLeft(parsed)) throw new ODataProtocolError(`${request.method} ${request.url} answered HTTP ${status}, but ${parsed.left}`, { ...request, status });
  const isAccepted = status === 202;
  // A 202's body is a status, not the result: the result comes later.
  const payload = isAccepted ? undefined : unwrapPayload(parsed.right, protocol, options.operationName);
  const data =
    payload === undefined || options.codec === undefined
      ? narrowUndecoded<T | undefined>(payload)
      : decodeOrThrow(options.codec, payload, { ...request, status });
  const rawLocation = headers['location']?.trim();
  const answeredBy = response.url ?? request.url;
  return {
    status,
    headers,
    data,
    body: parsed.right,
    request: { method: request.method, url: request.url },
    protocol,
    isAsync: () => isAccepted && !!rawLocation,
    location: () => (rawLocation ? absoluteUrl(rawLocation, answeredBy) : undefined),
    retryAfterMs: () => parseRetryAfter(headers['retry-after'], Date.now(), DEFAULT_MAX_RETRY_AFTER_MS),
  };
}

/**
 * Without a codec, `T` is the caller's `unknown` default: the value is passed through as parsed.
 * This is the one place where the undecoded payload meets the type parameter.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- this is the narrowing, in one named place
function narrowUndecoded<T>(payload: unknown): T {
  return payload as T;
}

function absoluteUrl(raw: string, base: string): string | undefined {
  try {
    return new URL(raw, base).href;
  } catch {
    return undefined;
  }
}
