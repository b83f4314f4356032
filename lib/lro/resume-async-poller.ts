import type { ODataProtocol } from '../odata/client-config.js';
import { sessionOf } from '../odata/client-session.js';
import type { ODataClient } from '../odata/odata-client.js';
import { protocolDialect } from './default-dialects.js';
import { isDialectList, type MonitorDialect } from './dialects/monitor-dialect.js';
import type { PollPlan } from './poll-once.js';
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
  const { protocol, location, polls, deadline, options: saved, dialect: dialectName, started } = readPollerToken(token);
  const session = sessionOf(client);
  if (protocol !== session.protocol) {
    throw new TypeError(`resumeAsyncPoller: the token was made for a ${protocol} client, this client speaks ${session.protocol}`);
  }
  const monitor = session.resolveUrl(location);
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
  const dialect = dialectNamed(dialectName, resolved.dialect, session.protocol);
  const plan: PollPlan = {
    session,
    dialect,
    // The token's URLs are origin-checked again by this client, as its monitor is.
    started: started && {
      method: started.method,
      url: session.resolveUrl(started.url),
      resultUrl: started.resultUrl == null ? undefined : session.resolveUrl(started.resultUrl),
      mode: started.mode ?? undefined,
    },
  };
  return pollerOf(plan, { polls, location: monitor, lastUpdate: undefined, deadline: deadline ?? undefined }, resolved);
}

/**
 * The dialect a token names: from the `dialect` option (one, or one of a list), else the
 * protocol's own. A token whose dialect is neither is refused: the monitor would be misread.
 */
function dialectNamed(name: string | undefined, given: MonitorDialect | readonly MonitorDialect[] | undefined, protocol: ODataProtocol): MonitorDialect {
  const candidates = given === undefined ? [protocolDialect(protocol)] : isDialectList(given) ? given : [given];
  const found = name === undefined ? candidates[0] : candidates.find((dialect) => dialect.name === name);
  if (found !== undefined) return found;
  throw new TypeError(
    `resumeAsyncPoller: the token was made with the ${JSON.stringify(name)} dialect; pass it with the dialect option (e.g. { dialect: azureDialect })`,
  );
}
