import { left, right, type Either } from '../http/either.js';
import { describeValue } from '../errors/describe-value.js';

/**
 * The HTTP response embedded in an OData 4.0 async completion body (`Content-Type: application/http`).
 */
export interface HttpEnvelope {
  readonly status: number;
  /** The reason phrase, e.g. `OK`; `''` when the status line has none. */
  readonly statusText: string;
  /** Header names in lower case; repeated headers joined with `, ` (`set-cookie` with `\n`), as in {@link HttpResponse}. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Leading empty lines (skipped), the head (status line and headers), then the body after the
 * first empty line; without one the body is `''`. Lines end with CRLF or a bare LF; a text that
 * stops inside the closing CRLF CRLF (`…\r\n\r`) has an empty body too.
 */
const MESSAGE = /^(?:\r?\n)*([\s\S]*?)(?:\r?\n\r?\n([\s\S]*)|(?:\r?\n\r?)?$)/;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? ([1-5]\d\d)(?: (.*))?$/;
/** `Name: value`, the name an RFC 9110 §5.6.2 token (so a folded line, starting with a blank, is not one). */
const FIELD = /^([\w!#$%&'*+.^`|~-]+):(.*)$/s;
/** One `Content-Length`, or the same one repeated (RFC 9112 §6.3). */
const CONTENT_LENGTH = /^\s*(\d+)(?:\s*,\s*\1)*\s*$/;
/** Made once: neither keeps state between calls. */
const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

/**
 * Parses the HTTP response inside an OData 4.0 `application/http` completion body.
 *
 * ```text
 * HTTP/1.1 200 OK\r\n
 * Content-Type: application/json\r\n
 * \r\n
 * {"value":42}
 * ```
 *
 * Lines may end with CRLF or a bare LF; leading empty lines are skipped (RFC 9112 §2.2 asks
 * parsers to tolerate them). Without a blank line after the headers the body is `''`.
 * When `Content-Length` is present the body must be at least that many bytes (UTF-8): shorter
 * means the envelope was truncated; longer bodies are cut to it (servers add a trailing CRLF).
 *
 * @example
 * parseHttpEnvelope('HTTP/1.1 204 No Content\r\n')
 * // → right({ status: 204, statusText: 'No Content', headers: {}, body: '' })
 *
 * @param text The outer response's body.
 * @return `right` with the embedded response, or `left` with a human-readable reason.
 */
export function parseHttpEnvelope(text: string): Either<string, HttpEnvelope> {
  const fail = (why: string) => left(`the application/http ${why}`);
  // MESSAGE matches any text: its head may be empty and its body optional.
  const [, head = '', rawBody = ''] = MESSAGE.exec(text) ?? [];
  const [statusLine = '', ...lines] = head.split(/\r?\n/);
  const status = STATUS_LINE.exec(statusLine);
  if (!status) return fail(`status line ${describeValue(statusLine)} is not like "HTTP/1.1 200 OK"`);

  const fields = new Map<string, string>();
  for (const line of lines) {
    const [, fieldName, fieldValue = ''] = FIELD.exec(line) ?? [];
    if (fieldName === undefined) return fail(`header line ${describeValue(line)} is not "Name: value"`);
    const name = fieldName.toLowerCase();
    const value = fieldValue.trim();
    const previous = fields.get(name);
    fields.set(name, previous === undefined ? value : `${previous}${name === 'set-cookie' ? '\n' : ', '}${value}`);
  }

  let body = rawBody;
  const declared = fields.get('content-length');
  if (declared !== undefined) {
    const [, digits] = CONTENT_LENGTH.exec(declared) ?? [];
    if (digits === undefined) return fail(`Content-Length ${describeValue(declared)} is not one number of bytes`);
    const length = Number(digits);
    const bytes = UTF8_ENCODER.encode(rawBody);
    if (bytes.length < length) return fail(`body is truncated: Content-Length is ${length} bytes but only ${bytes.length} arrived`);
    if (bytes.length > length) body = UTF8_DECODER.decode(bytes.subarray(0, length));
  }
  return right({ status: Number(status[1]), statusText: status[2] ?? '', headers: Object.fromEntries(fields), body });
}
