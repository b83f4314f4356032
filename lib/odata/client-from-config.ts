import { axiosTransport } from '../http/axios-transport.js';
import type { SessionCookies } from '../http/cookie-jar.js';
import { buildODataClient, type ODataClient } from './build-client.js';
import { resolveClientConfig, type ODataClientConfig } from './client-config.js';

/**
 * What `createODataClient` does in every runtime: validate the configuration, then build the
 * client over the caller's transport or axios. The two entries of the package differ only in
 * `sessionCookies`: the Node one may keep a cookie jar, the browser one never (the browser keeps
 * the cookies), so that tough-cookie is not even named in a browser bundle.
 *
 * @param config The caller's configuration.
 * @param sessionCookies A cookie jar for an axios session where the runtime keeps no cookies, else `undefined`.
 * @return The client.
 */
export function clientFromConfig(config: ODataClientConfig, sessionCookies: () => SessionCookies | undefined): ODataClient {
  const resolved = resolveClientConfig(config);
  const custom = config.transport;
  // A custom transport owns its cookies (a browser's HttpClient, a test's fake).
  if (custom !== undefined) return buildODataClient(resolved, custom, undefined);
  return buildODataClient(resolved, axiosTransport(config.axios, resolved), resolved.cookies ? sessionCookies() : undefined);
}
