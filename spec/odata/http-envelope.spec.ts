import fc from 'fast-check';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { parseHttpEnvelope } from '../../lib/odata/http-envelope.js';

function leftOf(text: string): string {
  const result = parseHttpEnvelope(text);
  if (!isLeft(result)) throw new Error(`expected a Left for ${JSON.stringify(text)}`);
  return result.left;
}

describe('parseHttpEnvelope', () => {
  it('parses an OData 4.0 completion envelope with CRLF line endings', () => {
    expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nOData-Version: 4.0\r\n\r\n{"value":42}')).toEqual(
      right({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json', 'odata-version': '4.0' }, body: '{"value":42}' }),
    );
  });

  it('accepts bare LF line endings', () => {
    expect(parseHttpEnvelope('HTTP/1.1 201 Created\nLocation: Orders(1)\n\n{"ID":1}')).toEqual(
      right({ status: 201, statusText: 'Created', headers: { location: 'Orders(1)' }, body: '{"ID":1}' }),
    );
  });

  it('keeps CR/LF inside the body untouched', () => {
    expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\n\r\nline1\r\nline2\n')).toEqual(
      right({ status: 200, statusText: 'OK', headers: {}, body: 'line1\r\nline2\n' }),
    );
  });

  it('accepts a missing blank line when there is no body', () => {
    expect(parseHttpEnvelope('HTTP/1.1 204 No Content\r\n')).toEqual(right({ status: 204, statusText: 'No Content', headers: {}, body: '' }));
    expect(parseHttpEnvelope('HTTP/1.1 204 No Content')).toEqual(right({ status: 204, statusText: 'No Content', headers: {}, body: '' }));
    expect(parseHttpEnvelope('HTTP/1.1 204 No Content\r\nOData-Version: 4.0')).toEqual(
      right({ status: 204, statusText: 'No Content', headers: { 'odata-version': '4.0' }, body: '' }),
    );
  });

  it('accepts a head whose closing blank line stops after its CR, with an empty body', () => {
    expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\n\r')).toEqual(right({ status: 200, statusText: 'OK', headers: {}, body: '' }));
    expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nOData-Version: 4.0\r\n\r')).toEqual(
      right({ status: 200, statusText: 'OK', headers: { 'odata-version': '4.0' }, body: '' }),
    );
  });

  it('reads an embedded failure (the service cancelled the operation)', () => {
    const result = parseHttpEnvelope('HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"","message":"cancelled"}}');
    expect(result).toEqual(
      right({
        status: 500,
        statusText: 'Internal Server Error',
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"code":"","message":"cancelled"}}',
      }),
    );
  });

  it('accepts HTTP/2 style versions and a status line without reason phrase', () => {
    expect(parseHttpEnvelope('HTTP/2 200\r\n\r\nx')).toEqual(right({ status: 200, statusText: '', headers: {}, body: 'x' }));
    expect(parseHttpEnvelope('HTTP/1.1 200 \r\n\r\nx')).toEqual(right({ status: 200, statusText: '', headers: {}, body: 'x' }));
  });

  it('skips leading empty lines before the status line', () => {
    expect(parseHttpEnvelope('\r\n\nHTTP/1.1 200 OK\r\n\r\n{}')).toEqual(right({ status: 200, statusText: 'OK', headers: {}, body: '{}' }));
  });

  it('lower-cases header names, trims values, and joins repeated headers', () => {
    const result = parseHttpEnvelope('HTTP/1.1 200 OK\r\nX-A:  one \r\nx-a:two\r\nSet-Cookie: a=1\r\nSET-COOKIE: b=2\r\nEmpty:\r\n\r\n');
    expect(result).toEqual(right({ status: 200, statusText: 'OK', headers: { 'x-a': 'one, two', 'set-cookie': 'a=1\nb=2', empty: '' }, body: '' }));
  });

  it('keeps a value with colons whole', () => {
    expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nLocation: https://host:8443/x\r\n\r\n')).toEqual(
      right({ status: 200, statusText: 'OK', headers: { location: 'https://host:8443/x' }, body: '' }),
    );
  });

  it('stores a __proto__ header as an own property without touching prototypes', () => {
    const result = parseHttpEnvelope('HTTP/1.1 200 OK\r\n__proto__: polluted\r\n\r\n');
    expect(isLeft(result)).toBe(false);
    if (!isLeft(result)) {
      expect(Object.getPrototypeOf(result.right.headers)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(result.right.headers, '__proto__')).toBe(true);
    }
  });

  describe('Content-Length', () => {
    it('accepts a body of exactly Content-Length bytes (UTF-8)', () => {
      expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"é"')).toEqual(
        right({ status: 200, statusText: 'OK', headers: { 'content-length': '4' }, body: '"é"' }),
      );
    });

    it('cuts what follows Content-Length bytes (a trailing CRLF)', () => {
      expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}\r\n')).toEqual(
        right({ status: 200, statusText: 'OK', headers: { 'content-length': '2' }, body: '{}' }),
      );
      expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"é"\r\n')).toEqual(
        right({ status: 200, statusText: 'OK', headers: { 'content-length': '4' }, body: '"é"' }),
      );
    });

    it('is Left when the body is shorter than Content-Length (truncated)', () => {
      expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"value":')).toEqual(
        left('the application/http body is truncated: Content-Length is 100 bytes but only 9 arrived'),
      );
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Length: 5')).toMatch(/truncated/);
    });

    it('accepts repeated equal Content-Length values, and refuses differing or non-numeric ones', () => {
      expect(parseHttpEnvelope('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}')).toEqual(
        right({ status: 200, statusText: 'OK', headers: { 'content-length': '2, 2' }, body: '{}' }),
      );
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x')).toBe(
        'the application/http Content-Length "2, 3" is not one number of bytes',
      );
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}')).toMatch(/Content-Length "-1"/);
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Length: 1e2\r\n\r\n{}')).toMatch(/not one number/);
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n{}')).toMatch(/Content-Length ""/);
    });
  });

  describe('Left', () => {
    it('for an empty body or only blank lines', () => {
      expect(parseHttpEnvelope('')).toEqual(left('the application/http status line "" is not like "HTTP/1.1 200 OK"'));
      expect(leftOf('\r\n\r\n')).toBe('the application/http status line "" is not like "HTTP/1.1 200 OK"');
    });

    it.each([
      ['a truncated status line', 'HTTP/1.1 2'],
      ['only the version', 'HTTP/1.1'],
      ['a non-numeric status', 'HTTP/1.1 2OO OK\r\n\r\n'],
      ['a four-digit status', 'HTTP/1.1 2000 OK\r\n\r\n'],
      ['a lower-case protocol', 'http/1.1 200 OK\r\n\r\n'],
      ['a JSON body instead of an HTTP message', '{"value":42}'],
      ['no space after the version', 'HTTP/1.1200 OK'],
    ])('for %s', (_label, text) => {
      expect(leftOf(text)).toMatch(/status line .* is not like "HTTP\/1.1 200 OK"/);
    });

    it('for a status outside 100–599', () => {
      expect(leftOf('HTTP/1.1 099 Odd\r\n\r\n')).toBe('the application/http status line "HTTP/1.1 099 Odd" is not like "HTTP/1.1 200 OK"');
      expect(leftOf('HTTP/1.1 600 Odd\r\n\r\n')).toBe('the application/http status line "HTTP/1.1 600 Odd" is not like "HTTP/1.1 200 OK"');
    });

    it('for a header line without a colon', () => {
      expect(leftOf('HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}')).toBe(
        'the application/http header line "Content-Type application/json" is not "Name: value"',
      );
    });

    it('for an invalid header name', () => {
      expect(leftOf('HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n')).toBe('the application/http header line "Bad Name: x" is not "Name: value"');
      expect(leftOf('HTTP/1.1 200 OK\r\n: x\r\n\r\n')).toMatch(/header line ": x" is not "Name: value"/);
    });

    it('for obsolete line folding', () => {
      expect(leftOf('HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n')).toBe('the application/http header line " two" is not "Name: value"');
      expect(leftOf('HTTP/1.1 200 OK\r\nX-A: one\r\n\ttwo\r\n\r\n')).toBe('the application/http header line "\\ttwo" is not "Name: value"');
    });

    it('shortens a very long offending line in the message', () => {
      const reason = leftOf(`HTTP/1.1 ${'9'.repeat(500)}`);
      expect(reason.length).toBeLessThan(200);
      expect(reason).toContain('...');
    });
  });

  it('round-trips any status, headers and body it is given (property)', () => {
    const token = fc.stringMatching(/^[A-Z][\w-]{0,10}$/);
    const value = fc.stringMatching(/^[\x21-\x7e](?:[\x20-\x7e]{0,20}[\x21-\x7e])?$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.uniqueArray(fc.tuple(token, value), { selector: ([name]) => name.toLowerCase(), maxLength: 5 }),
        fc.string(),
        fc.constantFrom('\r\n', '\n'),
        (status, headers, body, eol) => {
          const head = [`HTTP/1.1 ${status} Reason`, ...headers.map(([name, v]) => `${name}: ${v}`)].join(eol);
          expect(parseHttpEnvelope(`${head}${eol}${eol}${body}`)).toEqual(
            right({ status, statusText: 'Reason', headers: Object.fromEntries(headers.map(([name, v]) => [name.toLowerCase(), v])), body }),
          );
        },
      ),
    );
  });

  // Server text: read in one pass, however long (a backtracking pattern would run into jest's timeout).
  it.each([
    ['1 MB of line breaks + "x"', `${'\r\n'.repeat(5e5)}x`],
    ['a status line + 1 MB of "\\r\\n\\r"', `HTTP/1.1 200 OK${'\r\n\r'.repeat(3e5)}x`],
    ['a Content-Length of 1 MB of ", 1"', `HTTP/1.1 200 OK\r\nContent-Length: 1${' , 1'.repeat(25e4)} x\r\n\r\nb`],
    ['a Content-Length of "1" + 1 MB of blanks + "x"', `HTTP/1.1 200 OK\r\nContent-Length: 1${' '.repeat(1e6)}x\r\n\r\nb`],
    ['a header name of 1 MB', `HTTP/1.1 200 OK\r\n${'a'.repeat(1e6)}\r\n\r\nb`],
  ])('reads a crafted 1 MB envelope (%s) in linear time', (_, text) => {
    expect(isLeft(parseHttpEnvelope(text))).toBe(true);
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(() => parseHttpEnvelope(text)).not.toThrow();
        expect(() => parseHttpEnvelope(`HTTP/1.1 200 OK\r\n${text}`)).not.toThrow();
      }),
    );
  });
});
