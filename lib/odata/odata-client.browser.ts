import type { ODataClient } from './build-client.js';
import type { ODataClientConfig } from './client-config.js';
import { clientFromConfig } from './client-from-config.js';

/**
 * Creates a client for one OData service. Throws a `TypeError` that says what to fix when the
 * configuration is unusable; sends nothing until a call is subscribed.
 *
 * The browser build of `createODataClient` (index.browser.ts): the browser keeps the session's
 * cookies, so the client keeps none, and the Node cookie jar (tough-cookie) is not in the bundle.
 *
 * @example
 * const client = createODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/MY_SRV/', protocol: 'v2' });
 */
export function createODataClient(config: ODataClientConfig): ODataClient {
  return clientFromConfig(config, () => undefined);
}
