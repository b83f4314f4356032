import { isLeft } from '../http/either.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import type { HttpResponse } from '../http/http.js';
import { readBody } from '../http/read-body.js';
import { isTransientStatus } from '../http/retry-policy.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { responseError } from '../odata/response-error.js';
import type { MonitorAnswer } from './dialects/monitor-dialect.js';
import { monitorAnswerError } from './dialects/shared/read-status-answer.js';

/** How far into a body an HTML page is looked for: its start is enough, and the cost stays flat. */
const SNIFF_LENGTH = 256;

/** Content types that say nothing of what a body is: an HTML page behind one is found by how it starts. */
const VAGUE_TYPES: readonly string[] = ['', 'text/plain', 'application/octet-stream'];

/** Whether a body is an HTML page: `text/html` or `application/xhtml+xml` (whatever the parameters and case), or, when the type says nothing, by how it starts. */
export function isHtmlPage(response: Pick<HttpResponse, 'headers' | 'body'>): boolean {
  const type = (response.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  if (!VAGUE_TYPES.includes(type)) return false;
  const start = response.body.slice(0, SNIFF_LENGTH).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/**
 * The answers of a status monitor that say nothing of the operation, taken before any dialect
 * reads the answer (the same for every vendor):
 *
 * - 408 / 429 / 500 / 502 / 503 / 504: a proxy's, a throttle's or a failing server's; thrown as the
 *   `ODataHttpError` the caller gets if every retry fails (the engine retries it).
 * - 1xx / 3xx (and anything outside 100–599): not a monitor's answer (a redirect not followed).
 * - 401 / 403: the caller's credentials failed, not the operation (checked before the body, so an
 *   auth gateway's `{"status":"error"}` page does not read as `Failed`).
 * - A 2xx HTML page: a login or proxy page (an SSO proxy in front of SAP answers an expired
 *   session so), never a status (DESIGN.md rule 5).
 *
 * @return The answer with its body parsed, for the dialect.
 * @throws ODataHttpError or ODataProtocolError for the answers above.
 */
export function readMonitorAnswer(response: HttpResponse, url: string): MonitorAnswer {
  const { status, headers } = response;
  if (isTransientStatus(status)) throw responseError(response, 'GET', url);
  const refuse = (why: string): never => {
    throw monitorAnswerError(url, status, why);
  };
  if (!(status >= 200 && status < 600) || (status >= 300 && status < 400)) refuse("not a monitor's answer (a redirect not followed?)");
  const parsed = readBody(response);
  if (status === 401 || status === 403) {
    const body = isLeft(parsed) ? response.body : parsed.right;
    const odataError = parseODataError(body);
    const serverSays = odataError ? ` (${odataError.code ? `${odataError.code}: ` : ''}${odataError.message})` : '';
    throw new ODataHttpError({
      status,
      method: 'GET',
      url,
      odataError,
      headers,
      body,
      message: `GET ${url} answered HTTP ${status}${serverSays}: the status monitor refused the credentials (the operation may still be running)`,
    });
  }
  if (status < 300 && isHtmlPage(response)) {
    refuse(
      `an HTML page (${headers['content-type'] ? `Content-Type ${headers['content-type']}` : 'no Content-Type'}), such as a login or proxy page, not a status`,
    );
  }
  return { status, headers, text: response.body, body: isLeft(parsed) ? { unreadable: parsed.left } : { value: parsed.right } };
}
