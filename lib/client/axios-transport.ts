import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { Observable } from 'rxjs';
import { ODataNetworkError } from '../errors/odata-network-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { HttpRequest, HttpResponse, Transport } from './http.js';

export interface AxiosTransportOptions {
  readonly timeout: number | undefined;
  readonly maxResponseBytes: number;
  /**
   * The service's origin. A request to any other origin (a host in `allowedOrigins`) goes out
   * without the credentials the axios instance would add by itself: its default headers
   * (`defaults.headers.common.Authorization`, …) and its `auth`.
   */
  readonly serviceOrigin?: string;
}

/**
 * Set to null per request, axios drops a header its instance defaults would add (null wins
 * over a default, and null headers are not sent).
 */
const NO_CREDENTIALS = { Authorization: null, 'Proxy-Authorization': null, Cookie: null, 'X-CSRF-Token': null } as const;

/** Header names in lower case; `set-cookie` lines joined with `\n` (they may contain commas). */
function normalizeHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    out[key] = Array.isArray(value) ? value.map(String).join(key === 'set-cookie' ? '\n' : ', ') : String(value);
  }
  return out;
}

/** Axios codes for a request that never got an answer (as opposed to a misuse or a cancel). */
const NO_ANSWER_CODES: ReadonlySet<string> = new Set([
  'ERR_NETWORK',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function isSizeLimitError(error: unknown): boolean {
  return error instanceof Error && /maxContentLength|maxBodyLength/.test(error.message);
}

/** The URL that answered, where the platform tells (a browser's XHR follows redirects itself). */
function answeringUrl(response: AxiosResponse, requested: string): string | undefined {
  const request: unknown = response.request;
  if (typeof request !== 'object' || request === null || !('responseURL' in request)) return undefined;
  const url = request.responseURL;
  return typeof url === 'string' && url !== '' && url !== requested ? url : undefined;
}

/**
 * The default {@link Transport}: one axios request per subscription, aborted on unsubscribe.
 * Every HTTP status is a response (`validateStatus` accepts all); the body stays text so that
 * parsing is ours; redirects are not followed here, so that the client can origin-check them.
 */
export function axiosTransport(instance: AxiosInstance = axios.create(), options: AxiosTransportOptions): Transport {
  return (request: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) => {
      const controller = new AbortController();
      let settled = false;
      // The request's own headers are already right for its origin (the client strips them);
      // the instance's defaults are not, so they are overridden for a stranger. The URL comes
      // normalized from the client: comparing its text spares a parse per request (any other
      // spelling counts as a stranger).
      const origin = options.serviceOrigin;
      const stranger = origin !== undefined && !(request.url.startsWith(origin) && request.url.charAt(origin.length) === '/');
      const config: AxiosRequestConfig<string | undefined> = {
        method: request.method,
        url: request.url,
        headers: stranger ? { ...request.headers, ...NO_CREDENTIALS } : { ...request.headers },
        data: request.body,
        signal: controller.signal,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: options.maxResponseBytes,
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      };
      // The instance's basic `auth` too. axios's types have no way to say "none for this request",
      // but a null `auth` does it at run time: it overrides the default, and adapters skip it.
      if (stranger) Reflect.set(config, 'auth', null);
      instance.request<string>(config).then(
        (response) => {
          settled = true;
          const body = typeof response.data === 'string' ? response.data : response.data == null ? '' : String(response.data);
          const url = answeringUrl(response, request.url);
          subscriber.next({ status: response.status, headers: normalizeHeaders(response.headers), body, ...(url === undefined ? {} : { url }) });
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          // An abort we asked for is not news to anyone: the subscriber has already left.
          if (controller.signal.aborted) return;
          if (isSizeLimitError(error)) {
            subscriber.error(
              new ODataProtocolError(`${request.method} ${request.url}: the response body is larger than maxResponseBytes (${options.maxResponseBytes})`, {
                method: request.method,
                url: request.url,
                cause: error,
              }),
            );
            return;
          }
          // Only a request that got no answer is a network error (and worth a retry); an
          // interceptor's or a configuration's error is the caller's own, passed on as is.
          const code = axios.isAxiosError(error) && error.response === undefined ? error.code : undefined;
          if (code === undefined || !NO_ANSWER_CODES.has(code)) {
            subscriber.error(error);
            return;
          }
          subscriber.error(
            new ODataNetworkError({ method: request.method, url: request.url, code: code === 'ECONNABORTED' ? 'ETIMEDOUT' : code, cause: error }),
          );
        },
      );
      // Abort only what is still on its way: aborting a settled request costs a DOMException each time.
      return () => {
        if (!settled) controller.abort();
      };
    });
}
