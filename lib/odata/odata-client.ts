import { runtimeKeepsNoCookies, sessionCookies } from '../http/cookie-jar.js';
import type { ODataClient } from './build-client.js';
import type { ODataClientConfig } from './client-config.js';
import { clientFromConfig } from './client-from-config.js';

export type { ODataClient, ODataRequestInit } from './build-client.js';

/**
 * Creates a client for one OData service. Throws a `TypeError` that says what to fix when the
 * configuration is unusable; sends nothing until a call is subscribed.
 *
 * @example
 * const client = createODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/MY_SRV/', protocol: 'v2' });
 */
export function createODataClient(config: ODataClientConfig): ODataClient {
  // axios in Node keeps no cookies: the session keeps its own (browser bundles use odata-client.browser.ts).
  return clientFromConfig(config, () => (runtimeKeepsNoCookies() ? sessionCookies() : undefined));
}
