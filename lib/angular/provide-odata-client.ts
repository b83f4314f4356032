import type { EnvironmentProviders, InjectionToken } from '@angular/core';
import { runtimeKeepsNoCookies, sessionCookies } from '../http/cookie-jar.js';
import type { ODataClient } from '../odata/build-client.js';
import type { ODataClientConfig } from '../odata/client-config.js';
import { odataClientProvider } from './odata-client-provider.js';
import { ODATA_CLIENT } from './odata-client-token.js';

/**
 * The configuration of {@link provideODataClient}: that of `createODataClient`, without `transport`
 * and `axios` (HttpClient is the transport). `requestTimeout` is applied by the transport.
 * `cookies` (default `true`) acts on the server only: in the browser the browser keeps the
 * cookies; in Node (SSR) the client keeps the SAP session and XSRF cookies, as with axios.
 */
export type ODataClientProviderConfig = Omit<ODataClientConfig, 'transport' | 'axios'>;

/**
 * Provides an OData client whose every call and poll goes through Angular's `HttpClient`
 * ({@link httpClientTransport}), so the app's interceptors apply. Inject it with
 * `inject(ODATA_CLIENT)`. Needs `provideHttpClient()` in the same or a parent injector (with
 * `withFetch()` where there is no `XMLHttpRequest`: server-side rendering, tests in Node).
 *
 * The configuration is validated at once: a bad one throws a `TypeError` that says what to fix
 * (as `createODataClient` does). The client is created on first injection, one per injector.
 *
 * Interceptors see every request, including those to `allowedOrigins`: an auth interceptor should
 * add credentials only for the URLs they are meant for. For a service on another origin than the
 * app, set `withCredentials` in an interceptor so that the browser sends the SAP session cookies.
 *
 * On the server (SSR in Node, `withFetch()`) no browser keeps cookies: the client keeps the SAP
 * session and XSRF cookies that a CSRF token is bound to, in the same jar as the axios transport
 * (service origin only), so modifying calls pass CSRF validation. The jar belongs to the client,
 * and the client to the injector: each server-side render (its own application injector) has a
 * session of its own, never another user's. `cookies: false` turns this off.
 *
 * @example
 * bootstrapApplication(AppComponent, {
 *   providers: [
 *     provideHttpClient(withInterceptors([authInterceptor])),
 *     provideODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/ZSALES_SRV/', protocol: 'v2' }),
 *   ],
 * });
 * // in a service: private readonly client = inject(ODATA_CLIENT);
 *
 * @example
 * // Two services: one token each.
 * export const HR_CLIENT = new InjectionToken<ODataClient>('HR_CLIENT');
 * providers: [provideODataClient({ serviceRoot: 'https://host/odata/hr/' }, HR_CLIENT)]
 *
 * @param config The client configuration (`serviceRoot`, `protocol`, `headers`, `csrf`, …).
 * @param token Where to provide the client. Default {@link ODATA_CLIENT}.
 * @return Environment providers for `bootstrapApplication`, `ApplicationConfig` or a route's `providers`.
 */
export function provideODataClient(config: ODataClientProviderConfig, token: InjectionToken<ODataClient> = ODATA_CLIENT): EnvironmentProviders {
  // In Node (SSR) HttpClient keeps no cookies: the client's jar does, as for axios. Browser
  // bundles take provide-odata-client.browser.ts, which names no jar.
  return odataClientProvider(config, token, () => (runtimeKeepsNoCookies() ? sessionCookies() : undefined));
}
