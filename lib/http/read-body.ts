import { left, right, type Either } from './either.js';
import type { HttpResponse } from './http.js';
import { parseJsonSafely } from './safe-json.js';

/**
 * A media type without its parameters, blanks already trimmed: `type/subtype`, each an RFC 6838
 * name. One class per side and a `/` that neither contains: nothing to backtrack into.
 */
const MEDIA_TYPE = /^[\w.!#$&^+-]+\/[\w.!#$&^+-]+$/;

const BYTE_ORDER_MARK = 0xfeff;
const OPEN_BRACE = '{'.charCodeAt(0);
const OPEN_BRACKET = '['.charCodeAt(0);

/**
 * Parses a response body for interpretation.
 *
 * - an empty (or blank) body → `Right(undefined)`;
 * - a JSON content type (`application/json`, `*\/*+json`, parameters such as
 *   `;odata.metadata=minimal` allowed), or a body that starts with `{` or `[` → the parsed JSON,
 *   parsed safely (no prototype pollution, bounded depth);
 * - anything else (XML, `application/http`, plain text) → `Right(text)`, untouched.
 *
 * A body that looks like JSON is read as JSON whatever its content type says, because monitors
 * often mislabel it (`text/plain`, `application/octet-stream`, none at all). When it does not
 * parse, that is a `Left` rather than the raw text, so that a truncated status body can never be
 * mistaken for a successful plain-text answer.
 *
 * @example
 * readBody({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":1}' }) // → right({ a: 1 })
 * readBody({ status: 200, headers: {}, body: '{"a":' })  // → left('the body is not valid JSON: …')
 *
 * @return `Right(value)`, or `Left(reason)` for a body that should be JSON and is not.
 */
export function readBody({ headers, body }: HttpResponse): Either<string, unknown> {
  // A byte-order mark is legal before JSON text (RFC 8259 §8.1 lets parsers ignore it); JSON.parse is not.
  // Char codes rather than regular expressions: this runs on every status answer.
  const text = body.charCodeAt(0) === BYTE_ORDER_MARK ? body.slice(1) : body;
  const start = text.trimStart();
  if (!start) return right(undefined);
  const first = start.charCodeAt(0);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET && !isJsonMediaType(headers['content-type'])) return right(body);
  try {
    return right(parseJsonSafely(text));
  } catch (error) {
    return left(`the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * True for a JSON `Content-Type` header value (`application/json` or any `<type>/<subtype>+json`),
 * whatever its parameters and case. Read in one pass, however long or crafted the value.
 */
export function isJsonMediaType(contentType = ''): boolean {
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return MEDIA_TYPE.test(type) && (type === 'application/json' || type.endsWith('+json'));
}
