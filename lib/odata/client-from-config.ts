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
  // `cookies` is false by default for a transport of the caller's, which keeps its cookies itself;
  // with `cookies: true` (HttpClient in SSR) the client keeps them, as it does for axios.
  const transport = config.transport ?? axiosTransport(config.axios, resolved);
  return buildODataClient(resolved, transport, resolved.cookies ? sessionCookies() : undefined);
}
