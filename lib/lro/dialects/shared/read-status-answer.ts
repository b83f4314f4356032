import { isLeft } from '../../../http/either.js';
import { ODataProtocolError } from '../../../errors/odata-protocol-error.js';
import type { ODataError } from '../../../odata/odata-error.js';
import { parseODataError } from '../../../odata/parse-odata-error.js';
import { AsyncOpStatus } from '../../async-op-status.js';
import type { DialectContext, MonitorAnswer, PollReading, StatusReading } from '../monitor-dialect.js';
import { readStatusBody, STATUS_NAMES, statusFromWord } from './status-body.js';

/** `The status monitor <url> answered HTTP <status>: <why>`: a monitor answer that is no status (DESIGN.md rule 5). */
export function monitorAnswerError(url: string, status: number, why: string): ODataProtocolError {
  return new ODataProtocolError(`The status monitor ${url} answered HTTP ${status}: ${why}`, { method: 'GET', url, status });
}

/** The reading of a monitor answer that cannot be read as a status: {@link monitorAnswerError}. */
export function unreadableAnswer(context: DialectContext, status: number, why: string): { readonly kind: 'error'; readonly error: ODataProtocolError } {
  return { kind: 'error', error: monitorAnswerError(context.url, status, why) };
}

/** How a body that should be JSON and is not is described: its content type, then the parser's reason. */
export function notJson(answer: MonitorAnswer, reason: string): string {
  return `${answer.headers['content-type'] ? `Content-Type ${answer.headers['content-type']}, but ` : ''}${reason}`;
}

/**
 * Reads a monitor answer by the status rules that every dialect shares (DESIGN.md, rules 2–5):
 *
 * 2. A JSON status body (bare or in the v2 `d` wrapper) with a status field (`names`) decides,
 *    whatever the HTTP code (a Graph monitor answers 202 even when done). An unknown word is an
 *    `ODataProtocolError` naming the word and the `statusMap` option, except on a 4xx / 5xx, where
 *    the HTTP status already says the operation failed.
 * 3. No status field: 202 → `Running` (poll its new `Location` next, when it names one); 200 / 201
 *    / 204 → `Succeeded`.
 * 4. 404 / 410 → `Failed` with a "monitor is gone" error; other 4xx / 5xx → `Failed` with the
 *    server's OData error.
 * 5. Never a false success: a status field that is not a string, a body that is not JSON where
 *    JSON is declared, or a 2xx whose body is text (no status can be read from it) is an
 *    `ODataProtocolError` that names what came. (HTML pages are refused by the engine before any
 *    dialect reads them.)
 *
 * @param names The status field's names, in order of precedence.
 */
export function readStatusAnswer(answer: MonitorAnswer, context: DialectContext, names: readonly string[] = STATUS_NAMES): PollReading {
  const { status } = answer;
  const success = status < 300;
  if ('unreadable' in answer.body) {
    if (success) return unreadableAnswer(context, status, notJson(answer, answer.body.unreadable));
    return failed(answer, context, answer.text, undefined);
  }
  const body = answer.body.value;
  const fields = readStatusBody(body, names);
  if (isLeft(fields)) return success ? unreadableAnswer(context, status, fields.left) : failed(answer, context, body, undefined);
  const read = fields.right;
  if (read !== undefined) {
    const decided = statusFromWord(read.rawStatus, context.statusMap);
    if (decided === undefined && success) {
      const word = JSON.stringify(read.rawStatus);
      return unreadableAnswer(context, status, `Unknown status ${word}: map it with the statusMap option, e.g. { statusMap: { ${word}: 'Running' } }`);
    }
    // A 4xx / 5xx is no success and no progress whatever its body says (rule 4): the HTTP status decides.
    if (decided !== undefined && decided !== AsyncOpStatus.Failed && !success && status !== 202) return failed(answer, context, body, read);
    if (decided !== undefined) {
      const gone = decided === AsyncOpStatus.Failed && read.error === undefined && (status === 404 || status === 410);
      const reading: StatusReading = { body, ...read, ...(gone && { error: goneError(context.url, status, undefined) }), status: decided, httpStatus: status };
      return { kind: 'update', reading, ...nextMonitor(answer, decided) };
    }
    // An unknown word on a 4xx / 5xx: the HTTP status decides, the body's other fields stay.
    return failed(answer, context, body, read);
  }
  if (!success) return failed(answer, context, body, undefined);
  if (status === 202)
    return { kind: 'update', reading: { status: AsyncOpStatus.Running, httpStatus: status, body }, ...nextMonitor(answer, AsyncOpStatus.Running) };
  if (typeof body === 'string') {
    const type = answer.headers['content-type'];
    return unreadableAnswer(context, status, `its body is ${type ? `${type} ` : ''}text, not a status (${JSON.stringify(body.slice(0, 60))})`);
  }
  return { kind: 'update', reading: { status: AsyncOpStatus.Succeeded, httpStatus: status, body } };
}

/** A running 202 may move the monitor: its non-blank `Location` is the one to poll next. */
function nextMonitor(answer: MonitorAnswer, status: AsyncOpStatus): { readonly next?: string } {
  const location = status === AsyncOpStatus.Running && answer.status === 202 ? answer.headers['location']?.trim() : undefined;
  return location ? { next: location } : {};
}

/** Rule 4: a 4xx / 5xx, with the server's error (a "gone" one for 404 / 410) and the body's own fields. */
function failed(
  answer: MonitorAnswer,
  context: DialectContext,
  body: unknown,
  fields: Omit<StatusReading, 'status' | 'httpStatus' | 'body'> | undefined,
): PollReading {
  const { status } = answer;
  const server = parseODataError(body);
  const error = status === 404 || status === 410 ? goneError(context.url, status, server) : server;
  return { kind: 'update', reading: { body, error, ...fields, status: AsyncOpStatus.Failed, httpStatus: status } };
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
