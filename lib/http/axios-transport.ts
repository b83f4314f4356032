import axios, { type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { Observable } from 'rxjs';
import { describeValue } from '../errors/describe-value.js';
import { abortPool } from './abort-pool.js';
import { axiosFailure } from './axios-failure.js';
import { exchangeDeadline } from './exchange-deadline.js';
import { CREDENTIAL_HEADERS, type HttpResponse, type Transport } from './http.js';

export interface AxiosTransportOptions {
  /**
   * Milliseconds from subscribe to the complete answer, head and body; `undefined` keeps the
   * instance's own `timeout` (which axios applies to the head only).
   */
  readonly requestTimeout?: number | undefined;
  readonly maxResponseBytes: number;
  /**
   * The service's origin. A request to any other origin (a host in `allowedOrigins`) goes out
   * without the credentials the axios instance would add by itself: its default headers
   * (`defaults.headers.common.Authorization`, …), its `auth`, what its interceptors add, and the
   * browser's cookies (`withCredentials`).
   */
  readonly serviceOrigin?: string;
}

/**
 * The instance's own adapter behind a last filter for requests to another origin. It runs after
 * the instance's defaults are merged and its interceptors have run (an interceptor that adds a
 * token to every request is common), and removes what carries credentials: the credential
 * headers, the XSRF header, basic `auth`, and the browser's cookies and XSRF cookie
 * (`withCredentials`, `withXSRFToken`). Any other header an interceptor adds is its own business.
 */
function credentialFreeAdapter(instance: AxiosInstance): AxiosAdapter {
  return (config) => {
    for (const name of [...CREDENTIAL_HEADERS, config.xsrfHeaderName ?? 'X-XSRF-TOKEN']) config.headers.delete(name);
    config.auth = undefined;
    config.withCredentials = false;
    config.withXSRFToken = false;
    // Resolved with the request's config: the fetch adapter takes `env.fetch` from it.
    return axios.getAdapter(instance.defaults.adapter ?? axios.defaults.adapter, config)(config);
  };
}

/** Header names in lower case; `set-cookie` lines joined with `\n` (they may contain commas). */
function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value != null) out[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : String(value);
  }
  return out;
}

/**
 * What axios handed back, as an {@link HttpResponse}. A response interceptor may have replaced
 * the response (`r => r.data` is common in apps): that is refused with a message that says so,
 * rather than failing somewhere the call never hears of.
 */
function toHttpResponse(response: unknown, url: string): HttpResponse {
  if (typeof response !== 'object' || response === null || !('status' in response) || typeof response.status !== 'number' || !('headers' in response)) {
    throw new TypeError(
      `${url}: the axios instance answered ${describeValue(response)} instead of a response; its response interceptors must return the response itself (not response.data)`,
    );
  }
  const { data } = response as AxiosResponse<string>;
  const xhr: unknown = (response as AxiosResponse<string>).request;
  // The URL that answered, where the platform tells (a browser's XHR follows redirects itself).
  const answered: unknown = typeof xhr === 'object' && xhr !== null && 'responseURL' in xhr ? xhr.responseURL : undefined;
  const answer: { -readonly [K in keyof HttpResponse]: HttpResponse[K] } = {
    status: response.status,
    headers: lowerCaseHeaders((response as AxiosResponse).headers),
    // A custom adapter may hand over a Buffer or nothing.
    body: typeof data === 'string' ? data : data == null ? '' : String(data),
  };
  if (typeof answered === 'string' && answered !== '' && answered !== url) answer.url = answered;
  return answer;
}

/**
 * The default {@link Transport}: one axios request per subscription, aborted on unsubscribe.
 * Every HTTP status is a response (`validateStatus` accepts all); the body stays text so that
 * parsing is ours; redirects are not followed here, so that the client can origin-check them.
 */
export function axiosTransport(instance: AxiosInstance = axios.create(), options: AxiosTransportOptions): Transport {
  const { maxResponseBytes, serviceOrigin, requestTimeout } = options;
  // Made once per transport, not per request: every status poll of every operation passes here.
  const servicePrefix = serviceOrigin === undefined ? undefined : `${serviceOrigin}/`;
  const validateStatus = (): boolean => true;
  const transformResponse = (data: unknown): unknown => data;
  let strangerAdapter: AxiosAdapter | undefined;
  const controllers = abortPool();
  return (request) => {
    const exchange = new Observable<HttpResponse>((subscriber) => {
      const { method, url } = request;
      const lease = controllers.take();
      const { controller } = lease;
      let settled = false;
      // The request's own headers are already right for its origin (the client strips them) and
      // axios copies them into a config of its own; what the instance adds is not right for
      // another origin, so a stranger's request passes one more filter. The URL is a normalized
      // href (the client resolved it): a prefix test is an origin test.
      const config: AxiosRequestConfig<string | undefined> = {
        method,
        url,
        headers: request.headers,
        signal: controller.signal,
        responseType: 'text',
        transformResponse,
        validateStatus,
        maxRedirects: 0,
        maxContentLength: maxResponseBytes,
      };
      // Left out rather than set to undefined: axios merges every key it is given with the instance's defaults.
      if (request.body !== undefined) config.data = request.body;
      if (requestTimeout !== undefined) config.timeout = requestTimeout;
      if (servicePrefix !== undefined && !url.startsWith(servicePrefix)) config.adapter = strangerAdapter ??= credentialFreeAdapter(instance);
      instance.request<string>(config).then(
        (response: unknown) => {
          settled = true;
          controllers.give(lease);
          let answer: HttpResponse;
          try {
            answer = toHttpResponse(response, url);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(answer);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          controllers.give(lease);
          // An abort we asked for is not news to anyone: the subscriber has already left.
          if (controller.signal.aborted) return;
          // Every request that went out and got no complete answer is a network error (and worth
          // a retry); an interceptor's or a configuration's error is the caller's own, passed on as is.
          subscriber.error(axiosFailure(error, request, maxResponseBytes));
        },
      );
      // Abort only what is still on its way: aborting a settled request costs a DOMException each time.
      return () => {
        if (!settled) controller.abort();
      };
    });
    return requestTimeout === undefined ? exchange : exchange.pipe(exchangeDeadline(requestTimeout, request));
  };
}
