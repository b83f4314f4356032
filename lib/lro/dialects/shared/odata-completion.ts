import { isLeft } from '../../../http/either.js';
import type { HttpResponse } from '../../../http/http.js';
import { readBody } from '../../../http/read-body.js';
import { parseHttpEnvelope } from '../../../odata/http-envelope.js';
import { parseODataError } from '../../../odata/parse-odata-error.js';
import { AsyncOpStatus } from '../../async-op-status.js';
import type { DialectContext, MonitorAnswer, PollReading } from '../monitor-dialect.js';
import { unreadableAnswer } from './read-status-answer.js';

/** `application/http`, whatever its parameters and case. */
function isHttpMessage(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';', 1)[0] ?? '';
  return type.trim().toLowerCase() === 'application/http';
}

/** Three digits, blanks around them allowed. */
function isStatusCode(text: string): boolean {
  return /^\d{3}$/.test(text.trim());
}

/**
 * OData v4 completion (§11.6, DESIGN.md rule 1), on a `200` only: an `AsyncResult` header (4.01
 * form: the body is the operation's own body), or `Content-Type: application/http` (4.0 form: the
 * body is a whole HTTP response). The embedded status decides: 2xx → `Succeeded` (the body is the
 * result), 4xx / 5xx → `Failed` with the embedded OData error. An embedded 5xx is `Failed` even
 * though a service may cancel an operation that way (PROTOCOL.md §6): the two cannot be told apart
 * on the wire, and the server's error (in `update.error`) says which it was.
 *
 * @return The reading, or `undefined` when the answer is no completion (the status rules decide).
 */
export function readODataCompletion(answer: MonitorAnswer, context: DialectContext): PollReading | undefined {
  if (answer.status !== 200) return undefined;
  const asyncResult = answer.headers['asyncresult'];
  if (asyncResult !== undefined) {
    return isStatusCode(asyncResult)
      ? completed({ status: Number(asyncResult), headers: answer.headers, body: answer.text }, context)
      : unreadableAnswer(context, 200, `AsyncResult ${JSON.stringify(asyncResult)} is not a 3-digit HTTP status`);
  }
  if (!isHttpMessage(answer.headers['content-type'])) return undefined;
  const envelope = parseHttpEnvelope(answer.text);
  return isLeft(envelope) ? unreadableAnswer(context, 200, envelope.left) : completed(envelope.right, context);
}

/** The operation's own response, carried by a completed monitor. */
function completed(embedded: HttpResponse, context: DialectContext): PollReading {
  const code = embedded.status;
  const parsed = readBody(embedded);
  const body = isLeft(parsed) ? embedded.body : parsed.right;
  if (code >= 400 && code < 600) return { kind: 'update', reading: { status: AsyncOpStatus.Failed, httpStatus: code, body, error: parseODataError(body) } };
  if (code < 200 || code > 299) return unreadableAnswer(context, 200, `completed with HTTP ${code}, which is neither 2xx nor 4xx/5xx`);
  // An embedded 202 says the work was only accepted: no completion, whatever the monitor claims.
  if (code === 202) return unreadableAnswer(context, 200, 'completed with HTTP 202 (Accepted), which is no completion');
  if (isLeft(parsed)) return unreadableAnswer(context, 200, `completed with HTTP ${code}, but ${parsed.left}`);
  return { kind: 'update', reading: { status: AsyncOpStatus.Succeeded, httpStatus: code, body } };
}
