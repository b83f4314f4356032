import { isLeft } from '../http/either.js';
import type { HttpResponse } from '../http/http.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseHttpEnvelope } from '../odata/http-envelope.js';
import type { ODataError } from '../odata/odata-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { withoutUndefined } from '../odata/without-undefined.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { readBody } from '../http/read-body.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { readStatusBody, statusFromWord } from './status-body.js';

/** What {@link interpretPollResponse} needs to know besides the response itself. */
export interface PollContext {
  /** 1-based number of this status request (0 for the initial 202 / synchronous answer). */
  readonly poll: number;
  /** The absolute URL that was requested. */
  readonly location: string;
  /** The current time in ms since the epoch, for `Retry-After` HTTP-dates. */
  readonly nowMs: number;
  /** The cap on `Retry-After`, in ms. */
  readonly maxRetryAfterMs: number;
  /** Extra server words (matched case-insensitively) and the status each one means. */
  readonly statusMap?: Readonly<Record<string, AsyncOpStatus>>;
}

/** What one monitor response means for the poll loop. */
export type PollOutcome =
  | {
      readonly kind: 'update';
      readonly update: AsyncOpUpdate;
      /** The raw `Location` header of a `Running` 202 (unresolved): poll there next. Absent: poll the same URL. */
      readonly nextLocation?: string;
    }
  /** A proxy or throttling answer (408, 429, 502, 503, 504): retry the same request after a backoff. */
  | { readonly kind: 'transient'; readonly httpStatus: number; readonly retryAfterMs?: number }
  | { readonly kind: 'error'; readonly error: ODataHttpError | ODataProtocolError };

/**
 * Answers of proxies, gateways and throttles rather than of the monitor: they say nothing about
 * the operation. They are checked before anything else: a 503 page from a load balancer must not
 * read as a failed operation.
 */
const TRANSIENT_STATUSES: readonly number[] = [408, 429, 502, 503, 504];

/** 408, 429, 502, 503, 504: answers of proxies and throttles, worth the same request again later. */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.includes(status);
}

/** The update's own fields but its body; `poll`, `location` and `retryAfterMs` come from the context. */
type UpdateFields = Omit<AsyncOpUpdate, 'poll' | 'location' | 'retryAfterMs' | 'result' | 'body'>;

/**
 * Interprets one status monitor response: the ONE place where HTTP answers become states.
 *
 * In order:
 * 0. 408 / 429 / 502 / 503 / 504 → `transient` (with the response's `Retry-After`).
 *    1xx / 3xx (and anything outside 100–599) → `ODataProtocolError`: a redirect the transport did
 *    not follow is not a monitor's answer, whatever its body says.
 *    401 / 403 → `ODataHttpError`: the caller's credentials failed, not the operation; checked
 *    before the body so an auth gateway's `{"status":"error"}` page does not read as `Failed`.
 * 1. OData v4 completion, on a 200 only: an `AsyncResult` header, or a `Content-Type: application/http`
 *    envelope. The embedded status decides: 2xx → `Succeeded` (the body is the result), 4xx / 5xx →
 *    `Failed` with the embedded OData error. An embedded 5xx is `Failed` even though PROTOCOL §6 says
 *    a service may cancel an operation that way: the two cannot be told apart on the wire, and the
 *    server's error (in `update.error`) says which it was. `httpStatus` is the embedded status.
 * 2. A JSON status body (bare or in the v2 `d` wrapper) with a status field decides, whatever the
 *    HTTP status: a Graph monitor answers 202 even when done. An unknown word is an
 *    `ODataProtocolError` naming the word and the `statusMap` option, except on a 4xx / 5xx, where
 *    the HTTP status already says the operation failed (→ rule 4, keeping the body's fields).
 * 3. No status field: 202 → `Running`; any other 2xx → `Succeeded`.
 * 4. 404 / 410 → `Failed` with a "monitor is gone" error (or the server's own OData error);
 *    other 4xx / 5xx → `Failed` with the server's OData error.
 *
 * A body that should be JSON and is not: `ODataProtocolError` on a 2xx (it might have been a status
 * body), the raw text as `body` on a 4xx / 5xx (the HTTP status already decides).
 *
 * Every update carries `poll` and `location` from `ctx`, the `httpStatus`, the parsed `body`, the
 * response's `Retry-After` (capped), and `rawStatus`, `percentComplete`, `resultUrl` (raw: the caller
 * resolves and origin-checks it) and `error` when the server sent them.
 *
 * @example
 * interpretPollResponse({ status: 202, headers: { 'retry-after': '5' }, body: '{"status":"inProgress","percentageComplete":27.8}' },
 *   { poll: 3, location: 'https://host/monitor/1', nowMs: Date.now(), maxRetryAfterMs: 300_000 })
 * // → { kind: 'update', update: { status: 'Running', poll: 3, httpStatus: 202, rawStatus: 'inProgress',
 * //     percentComplete: 27.8, retryAfterMs: 5000, … } }
 */
export function interpretPollResponse(response: HttpResponse, ctx: PollContext): PollOutcome {
  const { status, headers } = response;
  const { poll, location } = ctx;
  const retryAfterMs = parseRetryAfter(headers['retry-after'], ctx.nowMs, ctx.maxRetryAfterMs);
  const fail = (why: string): PollOutcome => ({
    kind: 'error',
    error: new ODataProtocolError(`The status monitor ${location} answered HTTP ${status}: ${why}`, { method: 'GET', url: location, status }),
  });
  // In `updated` a later key wins: `fields` come after the context's poll, location and
  // retryAfterMs (UpdateFields leaves those keys out, so today none is overwritten).
  // `body` stays even when undefined (an empty body): it is not optional in an update.
  const updated = (body: unknown, fields: UpdateFields, nextLocation?: string): PollOutcome => {
    const update = { body, ...withoutUndefined({ poll, location, retryAfterMs, ...fields }) };
    return nextLocation === undefined ? { kind: 'update', update } : { kind: 'update', update, nextLocation };
  };
  /** Rule 1: the operation's own response, carried by a completed monitor. */
  const completed = (embedded: HttpResponse): PollOutcome => {
    const code = embedded.status;
    const parsed = readBody(embedded);
    const body = isLeft(parsed) ? embedded.body : parsed.right;
    if (code >= 400 && code < 600) return updated(body, { status: AsyncOpStatus.Failed, httpStatus: code, error: parseODataError(body) });
    if (code < 200 || code > 299) return fail(`completed with HTTP ${code}, which is neither 2xx nor 4xx/5xx`);
    return isLeft(parsed) ? fail(`completed with HTTP ${code}, but ${parsed.left}`) : updated(body, { status: AsyncOpStatus.Succeeded, httpStatus: code });
  };

  if (isTransientStatus(status)) return withoutUndefined({ kind: 'transient', httpStatus: status, retryAfterMs });
  if (!(status >= 200 && status < 600) || (status >= 300 && status < 400)) return fail("not a monitor's answer (a redirect not followed?)");

  if (status === 200) {
    const asyncResult = headers['asyncresult'];
    if (asyncResult !== undefined) {
      // 4.01 form: the body is the operation's own response body.
      return /^\s*\d{3}\s*$/.test(asyncResult)
        ? completed({ status: Number(asyncResult), headers, body: response.body })
        : fail(`AsyncResult ${JSON.stringify(asyncResult)} is not a 3-digit HTTP status`);
    }
    if (/^application\/http\s*(?:;|$)/i.test(headers['content-type'] ?? '')) {
      // 4.0 form: the body is a whole HTTP response.
      const envelope = parseHttpEnvelope(response.body);
      return isLeft(envelope) ? fail(envelope.left) : completed(envelope.right);
    }
  }

  const parsed = readBody(response);
  const body = isLeft(parsed) ? response.body : parsed.right;
  if (status === 401 || status === 403) {
    const odataError = parseODataError(body);
    const serverSays = odataError ? ` (${odataError.code ? `${odataError.code}: ` : ''}${odataError.message})` : '';
    return {
      kind: 'error',
      error: new ODataHttpError({
        status,
        method: 'GET',
        url: location,
        odataError,
        headers,
        body,
        message: `GET ${location} answered HTTP ${status}${serverSays}: the status monitor refused the credentials (the operation may still be running)`,
      }),
    };
  }
  if (isLeft(parsed) && status < 300) return fail(parsed.left);

  const fields = readStatusBody(body);
  const decided = fields && statusFromWord(fields.rawStatus, ctx.statusMap);
  if (fields && !decided && status < 400) {
    const word = JSON.stringify(fields.rawStatus);
    return fail(`Unknown status ${word}: map it with the statusMap option, e.g. { statusMap: { ${word}: 'Running' } }`);
  }
  // Rules 3 and 4 when the body's word does not decide.
  const final = decided ?? (status === 202 ? AsyncOpStatus.Running : status < 300 ? AsyncOpStatus.Succeeded : AsyncOpStatus.Failed);
  return updated(
    body,
    {
      status: final,
      httpStatus: status,
      error:
        final !== AsyncOpStatus.Failed
          ? undefined
          : status === 404 || status === 410
            ? goneError(location, status, parseODataError(body))
            : parseODataError(body),
      // The body's own fields, its error included, win.
      ...fields,
    },
    // A Running 202 may move the monitor; a blank Location counts as none (poll the same URL).
    final === AsyncOpStatus.Running && status === 202 ? headers['location']?.trim() || undefined : undefined,
  );
}

/**
 * Rule 4's 404 / 410: the message says that the monitor is gone, whatever the server wrote; the
 * server's own error, when it sent one, keeps its code and details and ends the message.
 */
function goneError(location: string, status: number, server: ODataError | undefined): ODataError {
  const why = server?.message || 'cleaned up after the end, cancelled, or expired';
  return {
    ...server,
    code: server?.code || 'MonitorGone',
    message: `The status monitor ${location} is gone (HTTP ${status}): ${why}`,
    details: server?.details ?? [],
  };
}
