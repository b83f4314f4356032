import { parseV4Arguments, parseV4Literal, type V4Literal } from '../../lib/testing/v4-literal-parser.js';

describe('parseV4Literal', () => {
  it.each<[string, V4Literal]>([
    ["'x'", { type: 'Edm.String', value: 'x' }],
    ["'O''Neil'", { type: 'Edm.String', value: "O'Neil" }],
    ['null', { type: 'Null', value: null }],
    ['false', { type: 'Edm.Boolean', value: false }],
    ['NaN', { type: 'Edm.Double', value: 'NaN' }],
    ['INF', { type: 'Edm.Double', value: 'INF' }],
    ['2147483647', { type: 'Edm.Int32', value: 2147483647 }],
    ['2147483648', { type: 'Edm.Int64', value: '2147483648' }],
    ['-9223372036854775809', { type: 'Edm.Decimal', value: '-9223372036854775809' }],
    ['0.1', { type: 'Edm.Decimal', value: '0.1' }],
    ['-1.5E-3', { type: 'Edm.Double', value: -0.0015 }],
    ['01234567-89ab-cdef-0123-456789ABCDEF', { type: 'Edm.Guid', value: '01234567-89ab-cdef-0123-456789ABCDEF' }],
    ['2000-02-29', { type: 'Edm.Date', value: '2000-02-29' }],
    ['2024-01-31T10:00Z', { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00Z' }],
    ['2024-01-31T10:00:00.5-08:00', { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00.5-08:00' }],
    ['23:59', { type: 'Edm.TimeOfDay', value: '23:59' }],
    ["duration'-PT30M'", { type: 'Edm.Duration', value: '-PT30M' }],
    ["duration'P2D'", { type: 'Edm.Duration', value: 'P2D' }],
    ["binary'AQID-_8='", { type: 'Edm.Binary', value: 'AQID-_8=' }],
  ])('parses %s', (literal, expected) => {
    expect(parseV4Literal(literal)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ["'a'b'", 'doubled'],
    ['EMEA', 'malformed URL literal EMEA'],
    ['', '(empty)'],
    ['1900-02-29', 'not a real date'],
    ['2024-01-31T25:00:00Z', 'not a real date'],
    ['2024-01-31T10:00:00+14:60', 'offset'],
    ['2024-01-31T10:00:00', 'malformed'],
    ['24:00:00', 'not a time of day'],
    ["duration'P'", 'malformed'],
    ["duration'PT'", 'malformed'],
    ["duration'-P'", 'malformed'],
    ["duration'P1DT'", 'malformed'],
    ["binary'A+B'", 'malformed'],
    ['1e999', 'outside the Edm.Double range'],
    ['1.', 'malformed'],
    ['True', 'malformed'],
  ])('refuses %s', (literal, message) => {
    const result = parseV4Literal(literal);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});

describe('parseV4Arguments', () => {
  it('splits on commas outside string literals', () => {
    expect(parseV4Arguments("a=1,b='x,y',c='it''s',d=@p")).toEqual({
      ok: true,
      value: [
        { name: 'a', literal: '1' },
        { name: 'b', literal: "'x,y'" },
        { name: 'c', literal: "'it''s'" },
        { name: 'd', literal: '@p' },
      ],
    });
    expect(parseV4Arguments('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ["a='x", 'unterminated'],
    ['a=1,a=2', 'given twice'],
    ['1a=1', 'malformed parameter'],
    ['a', 'malformed parameter'],
    ['a=1,', 'malformed parameter'],
  ])('refuses %s', (inside, message) => {
    const result = parseV4Arguments(inside);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});
