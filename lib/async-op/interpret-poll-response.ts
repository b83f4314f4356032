import { isLeft } from 'fp-ts/lib/Either.js';
import type { HttpResponse } from '../client/http.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import { parseHttpEnvelope } from '../odata/http-envelope.js';
import type { ODataError } from '../odata/odata-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { AsyncOpStatus } from './async-op-status.js';
import type { AsyncOpUpdate } from './async-op-update.js';
import { readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import { readStatusBody, statusFromWord, type StatusBodyFields } from './status-body.js';

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
 * Statuses that come from proxies, gateways and throttling rather than from the monitor's
 * state, so they say nothing about the operation. They are checked before anything else: a
 * 503 page from a load balancer must not read as a failed operation.
 */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** 408, 429, 502, 503, 504: answers of proxies and throttles, worth the same request again later. */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** A monitor that is no longer there: deleted after completion or cancel, or expired. */
const GONE_STATUSES: ReadonlySet<number> = new Set([404, 410]);

const APPLICATION_HTTP = /^application\/http\s*(?:;|$)/i;

/** The built fields of an update, before the context's `poll` and `location` are added. */
interface UpdateFields {
  readonly status: AsyncOpStatus;
  readonly httpStatus: number;
  readonly body: unknown;
  readonly rawStatus?: string | undefined;
  readonly percentComplete?: number | undefined;
  readonly resultUrl?: string | undefined;
  readonly error?: ODataError | undefined;
}

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
 *    the HTTP status already says the operation failed (→ rule 4, keeping `rawStatus`).
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
  const retryAfterMs = parseRetryAfter(headers['retry-after'], ctx.nowMs, ctx.maxRetryAfterMs);
  const build = (fields: UpdateFields): AsyncOpUpdate => toUpdate(fields, ctx, retryAfterMs);

  if (isTransientStatus(status)) {
    return { kind: 'transient', httpStatus: status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (!(status >= 200 && status <= 599) || (status >= 300 && status <= 399)) {
    return protocolError(
      `The status monitor ${ctx.location} answered HTTP ${status}, which is not a status monitor's answer` +
        ' (a redirect the HTTP client did not follow, or not HTTP at all)',
      response,
      ctx,
    );
  }

  if (status === 200) {
    const asyncResult = headers['asyncresult'];
    if (asyncResult !== undefined) return fromAsyncResult(asyncResult, response, ctx, build);
    if (APPLICATION_HTTP.test(headers['content-type'] ?? '')) return fromEnvelope(response, ctx, build);
  }

  const parsed = readBody(response);
  if (status === 401 || status === 403) {
    const body = isLeft(parsed) ? response.body : parsed.right;
    const odataError = parseODataError(body);
    const serverSays = odataError ? ` (${odataError.code ? `${odataError.code}: ` : ''}${odataError.message})` : '';
    return {
      kind: 'error',
      error: new ODataHttpError({
        status,
        method: 'GET',
        url: ctx.location,
        odataError,
        headers,
        body,
        message:
          `GET ${ctx.location} answered HTTP ${status}${serverSays}: the status monitor refused the caller's credentials` +
          ' (the operation itself may still be running)',
      }),
    };
  }

  if (isLeft(parsed) && status < 300) {
    return protocolError(`The status monitor ${ctx.location} answered HTTP ${status}, but ${parsed.left}`, response, ctx);
  }
  const body = isLeft(parsed) ? response.body : parsed.right;

  const fields = readStatusBody(body);
  if (fields !== undefined) {
    const decided = fromStatusBody(fields, response, body, ctx, build);
    if (decided !== undefined) return decided;
  }

  if (status === 202) {
    return updateOutcome(build({ status: AsyncOpStatus.Running, httpStatus: status, body }), nextLocationOf(response));
  }
  if (status < 300) {
    return updateOutcome(build({ status: AsyncOpStatus.Succeeded, httpStatus: status, body }));
  }
  return updateOutcome(
    build({
      status: AsyncOpStatus.Failed,
      httpStatus: status,
      body,
      rawStatus: fields?.rawStatus,
      error: fields?.error ?? httpFailureError(status, body, ctx),
    }),
  );
}

/** Rule 2: the body's status word decides; `undefined` hands an unknown word on a 4xx / 5xx to rule 4. */
function fromStatusBody(
  fields: StatusBodyFields,
  response: HttpResponse,
  body: unknown,
  ctx: PollContext,
  build: (fields: UpdateFields) => AsyncOpUpdate,
): PollOutcome | undefined {
  const status = statusFromWord(fields.rawStatus, ctx.statusMap);
  if (status === undefined) {
    if (response.status >= 400) return undefined;
    return protocolError(unknownWordMessage(fields.rawStatus, ctx.location), response, ctx);
  }
  const error = fields.error ?? (status === AsyncOpStatus.Failed && GONE_STATUSES.has(response.status) ? goneError(response.status, ctx) : undefined);
  const update = build({ ...fields, status, httpStatus: response.status, body, error });
  return status === AsyncOpStatus.Running && response.status === 202 ? updateOutcome(update, nextLocationOf(response)) : updateOutcome(update);
}

/** Rule 1, 4.01 form: `200` + `AsyncResult: <code>`; the body is the operation's own response body. */
function fromAsyncResult(value: string, response: HttpResponse, ctx: PollContext, build: (fields: UpdateFields) => AsyncOpUpdate): PollOutcome {
  const code = value.trim();
  if (!/^\d{3}$/.test(code)) {
    return protocolError(
      `The status monitor ${ctx.location} answered with the AsyncResult header ${JSON.stringify(value)}, which is not a 3-digit HTTP status`,
      response,
      ctx,
    );
  }
  return completion({ status: Number(code), headers: response.headers, body: response.body }, `AsyncResult: ${code}`, response, ctx, build);
}

/** Rule 1, 4.0 form: `200` + `Content-Type: application/http`; the body is a whole HTTP response. */
function fromEnvelope(response: HttpResponse, ctx: PollContext, build: (fields: UpdateFields) => AsyncOpUpdate): PollOutcome {
  const envelope = parseHttpEnvelope(response.body);
  if (isLeft(envelope)) {
    return protocolError(`The status monitor ${ctx.location} answered with a truncated/malformed application/http envelope: ${envelope.left}`, response, ctx);
  }
  const { status, headers, body } = envelope.right;
  return completion({ status, headers, body }, `embedded HTTP ${status}`, response, ctx, build);
}

/** The operation's own response, carried by a completed monitor: 2xx → Succeeded, 4xx / 5xx → Failed. */
function completion(
  embedded: HttpResponse,
  source: string,
  response: HttpResponse,
  ctx: PollContext,
  build: (fields: UpdateFields) => AsyncOpUpdate,
): PollOutcome {
  const parsed = readBody(embedded);
  const code = embedded.status;
  if (code >= 200 && code <= 299) {
    if (isLeft(parsed)) {
      return protocolError(`The status monitor ${ctx.location} reported completion (${source}), but ${parsed.left}`, response, ctx);
    }
    return updateOutcome(build({ status: AsyncOpStatus.Succeeded, httpStatus: code, body: parsed.right }));
  }
  if (code >= 400 && code <= 599) {
    const body = isLeft(parsed) ? embedded.body : parsed.right;
    return updateOutcome(build({ status: AsyncOpStatus.Failed, httpStatus: code, body, error: parseODataError(body) }));
  }
  return protocolError(
    `The status monitor ${ctx.location} reported completion (${source}), but ${code} is neither a success (2xx) nor a failure (4xx/5xx)`,
    response,
    ctx,
  );
}

/** The error of a Failed update read from the HTTP status alone (rule 4). */
function httpFailureError(status: number, body: unknown, ctx: PollContext): ODataError | undefined {
  return parseODataError(body) ?? (GONE_STATUSES.has(status) ? goneError(status, ctx) : undefined);
}

function goneError(status: number, ctx: PollContext): ODataError {
  return {
    code: 'MonitorGone',
    message:
      `The status monitor ${ctx.location} is gone (HTTP ${status}): the operation finished and was cleaned up, ` + 'was cancelled, or was polled too late',
    details: [],
  };
}

function unknownWordMessage(word: string, location: string): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(word) ? word : JSON.stringify(word);
  return `Unknown status ${JSON.stringify(word)} from ${location}: map it with the statusMap option, e.g. { statusMap: { ${key}: 'Running' } }`;
}

/** The `Location` of a 202, raw; a blank one counts as absent (poll the same URL again). */
function nextLocationOf(response: HttpResponse): string | undefined {
  const location = response.headers['location']?.trim();
  return location === undefined || location === '' ? undefined : location;
}

function updateOutcome(update: AsyncOpUpdate, nextLocation?: string): PollOutcome {
  return { kind: 'update', update, ...(nextLocation === undefined ? {} : { nextLocation }) };
}

function protocolError(message: string, response: HttpResponse, ctx: PollContext): PollOutcome {
  return { kind: 'error', error: new ODataProtocolError(message, { method: 'GET', url: ctx.location, status: response.status }) };
}

/** An update with only the fields that have a value (no `key: undefined` in logs and snapshots). */
function toUpdate(fields: UpdateFields, ctx: PollContext, retryAfterMs: number | undefined): AsyncOpUpdate {
  const { status, httpStatus, body, rawStatus, percentComplete, resultUrl, error } = fields;
  return {
    status,
    poll: ctx.poll,
    location: ctx.location,
    httpStatus,
    body,
    ...(rawStatus === undefined ? {} : { rawStatus }),
    ...(percentComplete === undefined ? {} : { percentComplete }),
    ...(resultUrl === undefined ? {} : { resultUrl }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(error === undefined ? {} : { error }),
  };
}
