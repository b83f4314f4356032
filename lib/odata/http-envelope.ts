import { left, right, type Either } from 'fp-ts/lib/Either.js';

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

const STATUS_LINE = /^HTTP\/\d(\.\d)? (\d{3})( .*)?$/;
/** RFC 9110 §5.6.2 `token`: what a header field name may consist of. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_QUOTED = 60;

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
  const lines = new LineReader(text);
  let statusLine = lines.next();
  while (statusLine === '') statusLine = lines.next();
  if (statusLine === undefined) return left('the application/http body has no status line');

  const match = STATUS_LINE.exec(statusLine);
  if (match === null) {
    return left(`the application/http status line ${quote(statusLine)} is not of the form "HTTP/1.1 200 OK" (truncated or not an HTTP response)`);
  }
  const status = Number(match[2]);
  if (status < 100 || status > 599) return left(`the application/http status ${status} is outside 100–599`);
  const statusText = (match[3] ?? '').slice(1);

  const fields = new Map<string, string>();
  for (let line = lines.next(); line !== undefined && line !== ''; line = lines.next()) {
    const problem = addField(fields, line);
    if (problem !== undefined) return left(problem);
  }
  return withBody(status, statusText, Object.fromEntries(fields), lines.rest());
}

/** Adds one `Name: value` line to `fields`; returns why it is not a header line, if it is not. */
function addField(fields: Map<string, string>, line: string): string | undefined {
  if (line.startsWith(' ') || line.startsWith('\t')) {
    return `the application/http header line ${quote(line)} is folded onto the previous one (obsolete line folding is not supported)`;
  }
  const colon = line.indexOf(':');
  if (colon < 0) return `the application/http header line ${quote(line)} has no ':'`;
  const name = line.slice(0, colon).toLowerCase();
  if (!FIELD_NAME.test(name)) return `the application/http header name ${quote(line.slice(0, colon))} is not a valid field name`;
  const value = line.slice(colon + 1).trim();
  const previous = fields.get(name);
  fields.set(name, previous === undefined ? value : `${previous}${name === 'set-cookie' ? '\n' : ', '}${value}`);
  return undefined;
}

/** Applies `Content-Length` to the raw body. */
function withBody(status: number, statusText: string, headers: Readonly<Record<string, string>>, rawBody: string): Either<string, HttpEnvelope> {
  const declared = headers['content-length'];
  if (declared === undefined) return right({ status, statusText, headers, body: rawBody });

  // A repeated Content-Length is allowed only when every copy agrees (RFC 9112 §6.3).
  const copies = new Set(declared.split(',').map((part) => part.trim()));
  const [length] = copies;
  if (copies.size !== 1 || length === undefined || !/^\d+$/.test(length)) {
    return left(`the application/http Content-Length ${quote(declared)} is not a single number of bytes`);
  }
  const expected = Number(length);
  const bytes = new TextEncoder().encode(rawBody);
  if (bytes.length < expected) {
    return left(`the application/http body is truncated: Content-Length is ${expected} bytes but only ${bytes.length} arrived`);
  }
  const body = bytes.length === expected ? rawBody : new TextDecoder().decode(bytes.subarray(0, expected));
  return right({ status, statusText, headers, body });
}

/** Reads lines ending in CRLF or LF; `rest()` is everything after the last line read. */
class LineReader {
  private position = 0;

  constructor(private readonly text: string) {}

  /** The next line without its terminator, or `undefined` at the end of the text. */
  next(): string | undefined {
    if (this.position >= this.text.length) return undefined;
    const newline = this.text.indexOf('\n', this.position);
    const end = newline < 0 ? this.text.length : newline;
    const line = this.text.slice(this.position, end);
    this.position = end + 1;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  rest(): string {
    return this.text.slice(Math.min(this.position, this.text.length));
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}
