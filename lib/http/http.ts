import type { Observable } from 'rxjs';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';

/** The methods the library sends. `MERGE` is OData v2's partial update (v4 uses `PATCH`). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'MERGE' | 'DELETE';

/** A request as the library hands it to a {@link Transport}: absolute URL, final headers. */
export interface HttpRequest {
  /** The method to send, unchanged (`MERGE` included). */
  readonly method: HttpMethod;
  /** The absolute URL, already origin-checked. */
  readonly url: string;
  /** Every header to send, as is: defaults, configured headers, CSRF token and cookies already merged in. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, already serialized; absent for a request without one. */
  readonly body?: string;
}

/**
 * A response as a {@link Transport} hands it back. Every HTTP status arrives here (a 500 is a
 * response, not an error); only a failure to get any answer is an error of the Observable.
 */
export interface HttpResponse {
  /** The HTTP status code; any status is a response here, 4xx and 5xx included. */
  readonly status: number;
  /** Header names in lower case; repeated headers joined with `, ` (`set-cookie` with `\n`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, never parsed: parsing is ours, safely and within the size limit. */
  readonly body: string;
  /**
   * The URL that answered, when it differs from the one requested (a redirect was followed).
   * Relative `Location` headers are resolved against it.
   */
  readonly url?: string;
}

/**
 * Sends one HTTP request. The returned Observable is cold: nothing goes out before subscribe,
 * it emits one {@link HttpResponse} and completes, and unsubscribing aborts the request.
 * A transport fails the Observable with {@link ODataNetworkError} when no answer came; one that
 * completes without a response gets that error from the client in its place.
 */
export type Transport = (request: HttpRequest) => Observable<HttpResponse>;

/** Headers that carry credentials (lower case): they never travel to an origin other than the service's. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-csrf-token'];

/**
 * The error for a response body over `maxResponseBytes`: the same whether the transport stopped
 * the download early or the client measured what a transport let through.
 */
export function bodyTooLarge(request: HttpRequest, limit: number, status?: number, cause?: unknown): ODataProtocolError {
  const { method, url } = request;
  return new ODataProtocolError(`${method} ${url}: the response body is larger than maxResponseBytes (${limit})`, { method, url, status, cause });
}
