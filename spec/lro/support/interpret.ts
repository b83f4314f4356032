import type { HttpResponse } from '../../../lib/http/http.js';
import { parseRetryAfter } from '../../../lib/http/retry-after.js';
import { isTransientFailure } from '../../../lib/http/retry-policy.js';
import type { AsyncOpStatus } from '../../../lib/lro/async-op-status.js';
import type { AsyncOpUpdate } from '../../../lib/lro/async-op-update.js';
import type { MonitorDialect } from '../../../lib/lro/dialects/monitor-dialect.js';
import { odataV4Dialect } from '../../../lib/lro/dialects/odata-v4.js';
import { toUpdate } from '../../../lib/lro/poll-once.js';
import { readMonitorAnswer } from '../../../lib/lro/read-monitor-answer.js';
import type { ODataHttpError } from '../../../lib/errors/odata-http-error.js';
import type { ODataProtocolError } from '../../../lib/errors/odata-protocol-error.js';
import { withoutUndefined } from '../../../lib/odata/without-undefined.js';

/** What one status request is asked in these tests: the poll's number and URL, the clock, the cap, the words. */
export interface PollContext {
  readonly poll: number;
  readonly location: string;
  readonly nowMs: number;
  readonly maxRetryAfterMs: number;
  readonly statusMap?: Readonly<Record<string, AsyncOpStatus>>;
}

/** What one monitor answer means for the poll loop, as one value to assert on. */
export type PollOutcome =
  | { readonly kind: 'update'; readonly update: AsyncOpUpdate; readonly nextLocation?: string }
  | { readonly kind: 'transient'; readonly httpStatus: number; readonly retryAfterMs?: number }
  | { readonly kind: 'error'; readonly error: ODataHttpError | ODataProtocolError };

/**
 * One monitor answer through the engine's pure steps, as the poll loop takes them: the generic
 * classification (transient, credentials, redirects, HTML pages), then the dialect's reading,
 * then the update it makes.
 */
export function interpretPollResponse(response: HttpResponse, ctx: PollContext, dialect: MonitorDialect = odataV4Dialect): PollOutcome {
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], ctx.nowMs, ctx.maxRetryAfterMs);
  let answer;
  try {
    answer = readMonitorAnswer(response, ctx.location);
  } catch (error) {
    if (isTransientFailure(error)) return withoutUndefined({ kind: 'transient' as const, httpStatus: response.status, retryAfterMs });
    return { kind: 'error', error: error as ODataHttpError | ODataProtocolError };
  }
  const reading = dialect.read(answer, { url: ctx.location, statusMap: ctx.statusMap ?? {} });
  if (reading.kind === 'error') return reading;
  const update = toUpdate(reading.reading, ctx.poll, ctx.location, retryAfterMs);
  return reading.next === undefined ? { kind: 'update', update } : { kind: 'update', update, nextLocation: reading.next };
}
