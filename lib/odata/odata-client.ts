import { axiosTransport } from '../http/axios-transport.js';
import { runtimeSessionCookies } from '#http/session-cookies';
import { buildODataClient, type ODataClient } from './build-client.js';
import { resolveClientConfig, type ODataClientConfig } from './client-config.js';

export type { ODataClient, ODataRequestInit } from './build-client.js';

/**
 * Creates a client for one OData service. Throws a `TypeError` that says what to fix when the
 * configuration is unusable; sends nothing until a call is subscribed.
 *
 * @example
 * const client = createODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/MY_SRV/', protocol: 'v2' });
 */
export function createODataClient(config: ODataClientConfig): ODataClient {
  const resolved = resolveClientConfig(config);
  const custom = config.transport;
  if (custom !== undefined) {
    // A custom transport owns its cookies (a browser's HttpClient, a test's fake).
    return buildODataClient(resolved, custom, undefined);
  }
  // axios in Node keeps no cookies: the session needs its own jar (never in a browser bundle).
  return buildODataClient(resolved, axiosTransport(config.axios, resolved), resolved.cookies ? runtimeSessionCookies() : undefined);
}
