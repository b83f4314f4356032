import type { EnvironmentProviders, InjectionToken } from '@angular/core';
import type { ODataClient } from '../odata/build-client.js';
import { odataClientProvider } from './odata-client-provider.js';
import { ODATA_CLIENT } from './odata-client-token.js';
import type { ODataClientProviderConfig } from './provide-odata-client.js';

/**
 * `provideODataClient` of browser bundles (the `browser` condition of `rxjs-odata-async/angular`):
 * the browser keeps the session's cookies, so the client keeps none, and no cookie jar is in the
 * bundle. Otherwise the same as the Node build (see provide-odata-client.ts).
 *
 * @param config The client configuration (`serviceRoot`, `protocol`, `headers`, `csrf`, …).
 * @param token Where to provide the client. Default {@link ODATA_CLIENT}.
 * @return Environment providers for `bootstrapApplication`, `ApplicationConfig` or a route's `providers`.
 */
export function provideODataClient(config: ODataClientProviderConfig, token: InjectionToken<ODataClient> = ODATA_CLIENT): EnvironmentProviders {
  return odataClientProvider(config, token, () => undefined);
}
