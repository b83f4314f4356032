import fc from 'fast-check';
import { edm } from '../../lib/odata/edm.js';
import { encodeLiteralForUrl, formatLiteral, type ODataProtocolVersion, type ParameterValue } from '../../lib/odata/literals.js';

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Calls formatLiteral with a value its signature does not allow, as plain JS could. */
function formatUntyped(value: unknown, protocol: string = 'v4'): string {
  return (formatLiteral as (value: unknown, protocol: string) => string)(value, protocol);
}

/** What a URL-encoded literal must never contain, so it cannot leave its place. */
const BREAKERS = ['/', '?', '#', '&', '=', '\r', '\n', ' ', "'", '(', ')', ',', '+', ';', '!', '*'];

describe('formatLiteral', () => {
  describe.each<[string, ParameterValue, string, string]>([
    // label, value, v4, v2  — the forms of PROTOCOL.md "Calling operations"
    ['a string', 'x', "'x'", "'x'"],
    ['a string with quotes (doubled)', "it's 'ok'", "'it''s ''ok'''", "'it''s ''ok'''"],
    ['an empty string', '', "''", "''"],
    ['an Int32 number', 42, '42', '42'],
    ['a negative Int32 number', -2147483648, '-2147483648', '-2147483648'],
    ['a safe integer beyond Int32', 2 ** 40, '1099511627776', '1099511627776L'],
    ['the largest Int32', 2147483647, '2147483647', '2147483647'],
    ['just beyond Int32', 2147483648, '2147483648', '2147483648L'],
    ['a non-integer number', 1.5, '1.5', '1.5D'],
    // JS writes the shortest text that reads back as the same double.
    ['an integer beyond the safe range', 2 ** 60, '1152921504606847000', '1152921504606847000D'],
    // v4 without the exponent's `+` (SAP CAP refuses it); v2 as JS writes it.
    ['a number with exponent', 1e21, '1e21', '1E+21D'],
    ['a tiny number', 1e-7, '1e-7', '1E-7D'],
    ['NaN', Number.NaN, 'NaN', 'NaND'],
    ['Infinity', Infinity, 'INF', 'INFD'],
    ['-Infinity', -Infinity, '-INF', '-INFD'],
    ['true', true, 'true', 'true'],
    ['false', false, 'false', 'false'],
    ['null', null, 'null', 'null'],
    ['a Date', new Date(Date.UTC(2024, 0, 31, 10)), '2024-01-31T10:00:00Z', "datetimeoffset'2024-01-31T10:00:00Z'"],
    ['a Date with milliseconds', new Date(Date.UTC(2024, 0, 31, 10, 0, 0, 120)), '2024-01-31T10:00:00.120Z', "datetimeoffset'2024-01-31T10:00:00.120Z'"],
    ['edm.dateTimeOffset', edm.dateTimeOffset('2024-01-31T10:00:00Z'), '2024-01-31T10:00:00Z', "datetimeoffset'2024-01-31T10:00:00Z'"],
    [
      'edm.dateTimeOffset with offset',
      edm.dateTimeOffset('2024-01-31T10:00:00+01:00'),
      '2024-01-31T10:00:00+01:00',
      "datetimeoffset'2024-01-31T10:00:00+01:00'",
    ],
    ['edm.date', edm.date('2024-01-31'), '2024-01-31', "datetime'2024-01-31T00:00:00'"],
    ['edm.guid', edm.guid(GUID), GUID, `guid'${GUID}'`],
    ['edm.decimal', edm.decimal('12.50'), '12.50', '12.50M'],
    ['edm.int64', edm.int64('9007199254740993'), '9007199254740993', '9007199254740993L'],
    ['edm.double', edm.double(1.5), '1.5', '1.5D'],
    ['edm.double NaN', edm.double(Number.NaN), 'NaN', 'NaND'],
    ['edm.double -Infinity', edm.double(-Infinity), '-INF', '-INFD'],
    ['edm.single NaN', edm.single(Number.NaN), 'NaN', 'NaNF'],
    ['edm.single', edm.single(1.5), '1.5', '1.5F'],
    ['edm.single with exponent', edm.single(3.4e38), '3.4e38', '3.4E+38F'],
    ['edm.double with a negative exponent', edm.double(-1.5e-7), '-1.5e-7', '-1.5E-7D'],
    ['edm.binary', edm.binary('0a1b'), "binary'Chs='", "X'0A1B'"],
    ['edm.binary of three bytes', edm.binary(new Uint8Array([0xfb, 0xff, 0xbf])), "binary'-_-_'", "X'FBFFBF'"],
    ['edm.binary empty', edm.binary(''), "binary''", "X''"],
    ['edm.timeOfDay', edm.timeOfDay('10:30:00'), '10:30:00', "time'PT10H30M00S'"],
    // v4 with seconds (SAP CAP refuses hh:mm); the same time of day.
    ['edm.timeOfDay without seconds', edm.timeOfDay('10:30'), '10:30:00', "time'PT10H30M'"],
    ['edm.timeOfDay with fraction', edm.timeOfDay('10:30:05.5'), '10:30:05.5', "time'PT10H30M05.5S'"],
    ['edm.time', edm.time('PT10H30M'), '10:30:00', "time'PT10H30M'"],
    ['edm.time with seconds only', edm.time('PT5.25S'), '00:00:05.25', "time'PT5.25S'"],
    ['edm.time with all parts', edm.time('PT9H5M10S'), '09:05:10', "time'PT9H5M10S'"],
  ])('%s', (_label, value, v4, v2) => {
    it(`is ${v4} in v4`, () => {
      expect(formatLiteral(value, 'v4')).toBe(v4);
    });
    it(`is ${v2} in v2`, () => {
      expect(formatLiteral(value, 'v2')).toBe(v2);
    });
  });

  it('writes Edm.DateTime in v2 and refuses it in v4, saying what to use', () => {
    expect(formatLiteral(edm.dateTime('2024-01-31T00:00:00'), 'v2')).toBe("datetime'2024-01-31T00:00:00'");
    expect(() => formatLiteral(edm.dateTime('2024-01-31T10:00:00'), 'v4')).toThrow(
      new TypeError('Edm.DateTime does not exist in OData v4; use edm.dateTimeOffset or edm.date'),
    );
  });

  it('writes Edm.Duration in v4 and refuses it in v2, saying what to use', () => {
    expect(formatLiteral(edm.duration('PT10H'), 'v4')).toBe("duration'PT10H'");
    expect(formatLiteral(edm.duration('-P1DT2H'), 'v4')).toBe("duration'-P1DT2H'");
    expect(() => formatLiteral(edm.duration('PT10H'), 'v2')).toThrow(new TypeError('Edm.Duration does not exist in OData v2; use edm.time for a time of day'));
  });

  it('refuses a hand-made edm look-alike whose value was never validated', () => {
    expect(() => formatUntyped({ edmType: 'Edm.Guid', value: "x' or 1 eq 1 or 'a" }, 'v2')).toThrow(
      new TypeError('an object with edmType "Edm.Guid" is not a valid edm value; build it with edm.*'),
    );
  });

  it('throws a TypeError for an unknown protocol', () => {
    expect(() => formatUntyped('x', 'v3')).toThrow(new TypeError(`protocol must be 'v4' or 'v2', got "v3"`));
    expect(() => formatUntyped(edm.guid(GUID), 'V4')).toThrow(`got "V4"`);
  });

  it('writes v2 integers without a suffix exactly within the Int32 range', () => {
    expect(formatLiteral(2 ** 31 - 1, 'v2')).toBe('2147483647');
    expect(formatLiteral(-(2 ** 31), 'v2')).toBe('-2147483648');
    expect(formatLiteral(2 ** 31, 'v2')).toBe('2147483648L');
    expect(formatLiteral(-(2 ** 31) - 1, 'v2')).toBe('-2147483649L');
    expect(formatLiteral(-0, 'v2')).toBe('0');
  });

  it.each<[string, unknown, RegExp | string]>([
    ['undefined', undefined, 'undefined cannot be an OData URL literal'],
    ['a function', () => 1, 'a function cannot be an OData URL literal'],
    ['a symbol', Symbol('s'), 'Symbol(s) cannot be an OData URL literal'],
    ['a bigint', 5n, '5n needs an EDM type: wrap it as edm.int64(5n)'],
    ['an object', { a: 1 }, 'an object cannot be an OData URL literal; pass a string, number, boolean, null, Date or edm.* value'],
    ['an array', [1, 2], 'an array cannot be an OData URL literal'],
    ['an invalid Date', new Date('junk'), 'edm.dateTimeOffset: an invalid Date is not a valid Edm.DateTimeOffset'],
    ['a Date beyond year 9999', new Date(Date.UTC(10000, 0, 1)), 'edm.dateTimeOffset: Date +010000-01-01T00:00:00.000Z is not a valid Edm.DateTimeOffset'],
    ['a string with a lone surrogate', 'a\uD800b', 'unpaired UTF-16 surrogate at index 1: it cannot be sent in a URL'],
  ])('throws a TypeError for %s', (_label, value, message) => {
    for (const protocol of ['v4', 'v2']) {
      expect(() => formatUntyped(value, protocol)).toThrow(TypeError);
      expect(() => formatUntyped(value, protocol)).toThrow(message);
    }
  });

  it('doubles every quote, so a string literal is one quoted token (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom<ODataProtocolVersion>('v4', 'v2'), (s, protocol) => {
        const literal = formatLiteral(s, protocol);
        expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
        const inner = literal.slice(1, -1);
        // Inside, quotes only come in pairs: no single quote can close the literal early.
        expect(inner.replaceAll("''", '')).not.toContain("'");
        expect(inner.replaceAll("''", "'")).toBe(s);
      }),
    );
  });
});

describe('encodeLiteralForUrl', () => {
  it('encodes quotes, parentheses and everything encodeURIComponent encodes', () => {
    expect(encodeLiteralForUrl("'a&b'")).toBe('%27a%26b%27');
    expect(encodeLiteralForUrl("()*!'")).toBe('%28%29%2A%21%27');
    expect(encodeLiteralForUrl('a/b?c#d=e f,g+h\r\n')).toBe('a%2Fb%3Fc%23d%3De%20f%2Cg%2Bh%0D%0A');
    expect(encodeLiteralForUrl("datetimeoffset'2024-01-31T10:00:00+01:00'")).toBe('datetimeoffset%272024-01-31T10%3A00%3A00%2B01%3A00%27');
    expect(encodeLiteralForUrl('é€😀')).toBe('%C3%A9%E2%82%AC%F0%9F%98%80');
  });

  it('leaves unreserved characters alone', () => {
    expect(encodeLiteralForUrl('AZaz09-_.~')).toBe('AZaz09-_.~');
  });

  it('throws a TypeError for an unpaired surrogate instead of a URIError', () => {
    expect(() => encodeLiteralForUrl('\uDC00')).toThrow(new TypeError('unpaired UTF-16 surrogate at index 0: it cannot be sent in a URL'));
    expect(() => encodeLiteralForUrl('ok\uD83D')).toThrow('surrogate at index 2');
    expect(() => encodeLiteralForUrl('\uDE00\uD83D')).toThrow('surrogate at index 0');
    expect(encodeLiteralForUrl('\uD83D\uDE00')).toBe('%F0%9F%98%80');
  });

  const dangerous = fc.string({ unit: fc.constantFrom("'", '/', '?', '#', '&', '=', '\r', '\n', ' ', '(', ')', ',', '%', '+', ';', 'a', 'é', '😀') });
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), dangerous);

  it('round-trips any string literal through percent-decoding and never leaves a breaking character (property)', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom<ODataProtocolVersion>('v4', 'v2'), (s, protocol) => {
        const literal = formatLiteral(s, protocol);
        const encoded = encodeLiteralForUrl(literal);
        expect(decodeURIComponent(encoded)).toBe(literal);
        for (const breaker of BREAKERS) expect(encoded).not.toContain(breaker);
        expect(encoded).toMatch(/^[\w\-.~%]*$/);
      }),
    );
  });

  it('keeps every literal form URL-safe (property)', () => {
    const values: fc.Arbitrary<ParameterValue> = fc.oneof(
      anyText,
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => edm.int64(n)),
      fc.uuid().map((g) => edm.guid(g)),
      fc.uint8Array({ maxLength: 20 }).map((bytes) => edm.binary(bytes)),
      fc.double().map((n) => edm.single(Math.max(-3e38, Math.min(3e38, n)))),
    );
    fc.assert(
      fc.property(values, fc.constantFrom<ODataProtocolVersion>('v4', 'v2'), (value, protocol) => {
        const literal = formatLiteral(value, protocol);
        const encoded = encodeLiteralForUrl(literal);
        expect(decodeURIComponent(encoded)).toBe(literal);
        expect(encoded).toMatch(/^[\w\-.~%]*$/);
      }),
    );
  });

  it('writes binary as base64url that decodes back to the bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const literal = formatLiteral(edm.binary(bytes), 'v4');
        const base64url = literal.slice("binary'".length, -1);
        expect(base64url).toMatch(/^[\w-]*={0,2}$/);
        expect([...Buffer.from(base64url, 'base64url')]).toEqual([...bytes]);
        expect(formatLiteral(edm.binary(bytes), 'v2')).toBe(`X'${Buffer.from(bytes).toString('hex').toUpperCase()}'`);
      }),
    );
  });
});
