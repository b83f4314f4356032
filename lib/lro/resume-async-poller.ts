import type { ODataClient } from '../odata/odata-client.js';
import type { AsyncOpOptions } from './async-op-options.js';
import { pollerOf, type AsyncPoller } from './async-poller.js';
import { readPollerToken } from './poller-token.js';
import { resolveAsyncOpOptions } from './resolve-async-op-options.js';

/**
 * Continues an operation from a `poller.serialize()` token, in another process or after a page
 * reload: the same monitor, the options it had, its poll count and its deadline. `options`
 * override the token's (a `pollInterval` function, which a token cannot carry, comes back here).
 *
 * @param token The token object, or its JSON text.
 * @throws TypeError for a token that is malformed, altered, or made for a client of the other protocol.
 * @throws LocationNotAllowedError for a token whose monitor is not on this client's allowed origins.
 *
 * @example
 * localStorage.setItem('report-job', JSON.stringify(poller.serialize()));
 * // … after a reload
 * const poller = resumeAsyncPoller(client, localStorage.getItem('report-job'));
 */
export function resumeAsyncPoller<R = unknown>(client: ODataClient, token: unknown, options?: AsyncOpOptions<R>): AsyncPoller<R> {
  const { protocol, location, polls, deadline, options: saved } = readPollerToken(token);
  if (protocol !== client.protocol) {
    throw new TypeError(`resumeAsyncPoller: the token was made for a ${protocol} client, this client speaks ${client.protocol}`);
  }
  const monitor = client.resolveUrl(location);
  // Only the fields serialize() writes: the token codec keeps unknown keys (they are covered by the
  // checksum), and one of them, say "pauseWhenHidden", must not change how the poller behaves.
  // null stands for what JSON cannot hold: a pollInterval function, Infinity, no timeout.
  const resolved = resolveAsyncOpOptions<R>(
    {
      pollInterval: saved.pollInterval ?? undefined,
      maxPolls: saved.maxPolls ?? Infinity,
      timeout: saved.timeout ?? undefined,
      honorRetryAfter: saved.honorRetryAfter,
      maxRetryAfter: saved.maxRetryAfter,
      retries: saved.retries,
      cancelOnUnsubscribe: saved.cancelOnUnsubscribe,
      statusMap: saved.statusMap,
      ...options,
    },
    'resumeAsyncPoller',
  );
  return pollerOf(client, { polls, location: monitor, lastUpdate: undefined, deadline: deadline ?? undefined }, resolved);
}
