import { parseSapLiteral, type SapLiteral } from '../../lib/testing/sap-literal-parser.js';

describe('parseSapLiteral', () => {
  it.each<[string, SapLiteral]>([
    ["'text'", { type: 'Edm.String', value: 'text' }],
    ["''", { type: 'Edm.String', value: '' }],
    ["'O''Neil'", { type: 'Edm.String', value: "O'Neil" }],
    ["''''", { type: 'Edm.String', value: "'" }],
    ["'a,b)(c'", { type: 'Edm.String', value: 'a,b)(c' }],
    ["datetime'2024-01-31T00:00:00'", { type: 'Edm.DateTime', value: '2024-01-31T00:00:00' }],
    ["datetime'2024-01-31T23:59'", { type: 'Edm.DateTime', value: '2024-01-31T23:59' }],
    ["datetime'2024-02-29T12:00:00.1234567'", { type: 'Edm.DateTime', value: '2024-02-29T12:00:00.1234567' }],
    ["datetimeoffset'2024-01-31T10:00:00Z'", { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00Z' }],
    ["datetimeoffset'2024-01-31T10:00:00-05:30'", { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00-05:30' }],
    ["time'PT10H30M'", { type: 'Edm.Time', value: 'PT10H30M' }],
    ["time'PT0S'", { type: 'Edm.Time', value: 'PT0S' }],
    ["time'PT23H59M59.5S'", { type: 'Edm.Time', value: 'PT23H59M59.5S' }],
    ["guid'01234567-89AB-cdef-0123-456789abcdef'", { type: 'Edm.Guid', value: '01234567-89AB-cdef-0123-456789abcdef' }],
    ['12.50M', { type: 'Edm.Decimal', value: '12.50' }],
    ['-3m', { type: 'Edm.Decimal', value: '-3' }],
    ['9007199254740993L', { type: 'Edm.Int64', value: '9007199254740993' }],
    ['-9223372036854775808L', { type: 'Edm.Int64', value: '-9223372036854775808' }],
    ['1.5D', { type: 'Edm.Double', value: 1.5 }],
    ['1E+10d', { type: 'Edm.Double', value: 1e10 }],
    ['1.5F', { type: 'Edm.Single', value: 1.5 }],
    ["X'0A1B'", { type: 'Edm.Binary', value: '0A1B' }],
    ["binary'0a1b'", { type: 'Edm.Binary', value: '0A1B' }],
    ["X''", { type: 'Edm.Binary', value: '' }],
    ['true', { type: 'Edm.Boolean', value: true }],
    ['false', { type: 'Edm.Boolean', value: false }],
    ['null', { type: 'Null', value: null }],
    ['42', { type: 'Edm.Int32', value: 42 }],
    ['-2147483648', { type: 'Edm.Int32', value: -2147483648 }],
    ['+7', { type: 'Edm.Int32', value: 7 }],
  ])('parses %s', (literal, expected) => {
    expect(parseSapLiteral(literal)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ["'it's'", 'quotes inside a string are doubled'],
    ["'open", 'quotes inside a string are doubled'],
    ['text', 'malformed URI literal text'],
    ['', 'malformed URI literal (empty)'],
    ['TRUE', 'malformed'],
    ["datetime'2024-01-31'", 'without offset'],
    ["datetime'2024-01-31T00:00:00Z'", 'use datetimeoffset'],
    ["datetime'2024-02-30T00:00:00'", 'not a real date'],
    ["datetime'2023-02-29T00:00:00'", 'not a real date'],
    ["datetime'2024-13-01T00:00:00'", 'not a real date'],
    ["datetime'2024-01-31T24:00:00'", 'not a real date'],
    ["datetime'2024-01-31T00:00:00.12345678'", 'malformed Edm.DateTime'],
    ["datetimeoffset'2024-01-31T10:00:00'", 'malformed Edm.DateTimeOffset'],
    ["datetimeoffset'2024-01-31T10:00:00+15:00'", 'offset'],
    ["datetimeoffset'2024-01-31T10:61:00Z'", 'offset'],
    ["time'10:30'", 'malformed Edm.Time'],
    ["time'PT'", 'malformed Edm.Time'],
    ["time'PT24H'", 'not a time of day'],
    ["time'PT10H60M'", 'not a time of day'],
    ["guid'0123'", 'malformed Edm.Guid'],
    ["guid'01234567-89ab-cdef-0123-456789abcdeg'", 'malformed Edm.Guid'],
    ["X'0A1'", 'odd number'],
    ["X'0G'", 'malformed Edm.Binary'],
    ["x'0A'", 'malformed Edm.Binary'],
    ['12.50', 'no type suffix'],
    ['1.5', 'write 1.5M'],
    ['2147483648', 'use the L suffix'],
    ['9223372036854775808L', 'outside the Edm.Int64 range'],
    ['1e999D', 'outside the Edm.Double range'],
    ['1e999F', 'outside the Edm.Single range'],
    ['1.M', 'malformed'],
    ['12.5X', 'malformed'],
    ['123456789012345678901234567890M', 'malformed'],
  ])('refuses %s', (literal, message) => {
    const result = parseSapLiteral(literal);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});
