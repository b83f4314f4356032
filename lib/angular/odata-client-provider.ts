import { HttpClient } from '@angular/common/http';
import { inject, makeEnvironmentProviders, type EnvironmentProviders, type InjectionToken } from '@angular/core';
import type { SessionCookies } from '../http/cookie-jar.js';
import { buildODataClient, type ODataClient } from '../odata/build-client.js';
import { resolveClientConfig, type ODataClientConfig } from '../odata/client-config.js';
import { httpClientTransport } from './http-client-transport.js';

/**
 * The providers of `provideODataClient`, whichever build of it the app has: the client is built
 * over HttpClient directly (not through `createODataClient`), so that no axios reaches the app's
 * bundle. `sessionCookies` gives the client's own cookie jar where nothing keeps cookies (Node,
 * SSR); the browser build passes none (the browser keeps them, and no jar is in its bundle).
 *
 * @param config The client configuration, without `transport` and `axios`; `cookies` defaults to `true`.
 * @param token Where to provide the client.
 * @param sessionCookies The jar for this runtime, or `undefined`.
 */
export function odataClientProvider(
  config: Omit<ODataClientConfig, 'transport' | 'axios'>,
  token: InjectionToken<ODataClient>,
  sessionCookies: () => SessionCookies | undefined,
): EnvironmentProviders {
  if (typeof config === 'object' && config !== null && ('transport' in config || 'axios' in config)) {
    throw new TypeError(
      'provideODataClient: HttpClient is the transport; add interceptors with provideHttpClient(withInterceptors([...])) instead of passing transport or axios',
    );
  }
  resolveClientConfig(config);
  return makeEnvironmentProviders([
    {
      provide: token,
      useFactory: (): ODataClient => {
        const http = inject(HttpClient, { optional: true });
        if (http === null) {
          throw new TypeError('provideODataClient: no HttpClient here; add provideHttpClient() (with withFetch() on the server) to the same providers');
        }
        const transport = httpClientTransport(http, config.requestTimeout === undefined ? {} : { requestTimeout: config.requestTimeout });
        const resolved = resolveClientConfig({ ...config, cookies: config.cookies ?? true, transport });
        return buildODataClient(resolved, transport, resolved.cookies ? sessionCookies() : undefined);
      },
    },
  ]);
}
