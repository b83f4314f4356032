import fc from 'fast-check';
import { edm, isEdmValue } from '../../lib/actions/edm.js';

/** Calls a builder with a value its signature does not allow, as plain JS could. */
function callUntyped(build: (value: never) => unknown, value: unknown): unknown {
  return (build as (value: unknown) => unknown)(value);
}

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('edm', () => {
  it('builds frozen values with their edmType', () => {
    const value = edm.decimal('12.50');
    expect(value).toEqual({ edmType: 'Edm.Decimal', value: '12.50' });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(edm)).toBe(true);
  });

  describe('decimal', () => {
    it.each(['12.50', '0', '-1.5', '+3', '79228162514264337593543950335', '0.000000000000000000000000001'])('keeps %s exactly', (text) => {
      expect(edm.decimal(text).value).toBe(text);
    });

    it('accepts a number whose text has no exponent', () => {
      expect(edm.decimal(12.5).value).toBe('12.5');
    });

    it.each(['', '12.', '.5', '1e3', '12,50', 'NaN', ' 1', '1 ', '--1', "1'"])('rejects %j', (text) => {
      expect(() => edm.decimal(text)).toThrow(TypeError);
    });

    it('explains the error with an example', () => {
      expect(() => edm.decimal('12,50')).toThrow(
        new TypeError(`edm.decimal: "12,50" is not a decimal number (digits, an optional sign and fraction, no exponent); for example edm.decimal('12.50')`),
      );
      expect(() => edm.decimal(1e21)).toThrow(/edm\.decimal: 1e\+21 \(pass a string for exact digits\) is not a decimal number/);
      expect(() => callUntyped(edm.decimal, null)).toThrow(`edm.decimal expects a string of digits, got null; for example edm.decimal('12.50')`);
    });
  });

  describe('int64', () => {
    it('keeps digits beyond 2^53 exactly, from a string or a bigint', () => {
      expect(edm.int64('9007199254740993').value).toBe('9007199254740993');
      expect(edm.int64(9007199254740993n).value).toBe('9007199254740993');
      expect(edm.int64(-42).value).toBe('-42');
    });

    it('accepts the ends of the range and canonicalises sign and leading zeros', () => {
      expect(edm.int64('9223372036854775807').value).toBe('9223372036854775807');
      expect(edm.int64('-9223372036854775808').value).toBe('-9223372036854775808');
      expect(edm.int64('+007').value).toBe('7');
      expect(edm.int64('-0').value).toBe('0');
    });

    it('rejects values outside the Int64 range', () => {
      expect(() => edm.int64('9223372036854775808')).toThrow(/outside the Int64 range/);
      expect(() => edm.int64(-(2n ** 63n) - 1n)).toThrow(/edm\.int64: -9223372036854775809n is outside the Int64 range/);
    });

    it.each(['', '1.0', '1e3', '0x10', 'abc', ' 1'])('rejects %j', (text) => {
      expect(() => edm.int64(text)).toThrow(new RegExp(`edm\\.int64: ${JSON.stringify(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not an integer`));
    });

    it('rejects unsafe or fractional numbers and other types', () => {
      expect(() => edm.int64(2 ** 53)).toThrow(/expects a safe integer number/);
      expect(() => edm.int64(1.5)).toThrow(TypeError);
      expect(() => callUntyped(edm.int64, true)).toThrow('edm.int64 expects a string of digits or a bigint, got true');
    });

    it('round-trips every bigint in range (property)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
          expect(edm.int64(n).value).toBe(n.toString());
          expect(edm.int64(n.toString()).value).toBe(n.toString());
        }),
      );
    });
  });

  describe('guid', () => {
    it('accepts 8-4-4-4-12 hex in either case', () => {
      expect(edm.guid(GUID).value).toBe(GUID);
      expect(edm.guid(GUID.toUpperCase()).value).toBe(GUID.toUpperCase());
    });

    it.each([`{${GUID}}`, GUID.replaceAll('-', ''), `${GUID}0`, GUID.replace('f', 'g'), `'${GUID}'`, ''])('rejects %j', (text) => {
      expect(() => edm.guid(text)).toThrow(/is not a GUID of 8-4-4-4-12 hexadecimal digits; for example edm\.guid\('0f8fad5b/);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.guid, 42)).toThrow('edm.guid expects a string, got 42');
    });
  });

  describe('date', () => {
    it('accepts real calendar dates, including 29 February in leap years', () => {
      expect(edm.date('2024-01-31').value).toBe('2024-01-31');
      expect(edm.date('2024-02-29').value).toBe('2024-02-29');
      expect(edm.date('2000-02-29').value).toBe('2000-02-29');
      expect(edm.date('0001-01-01').value).toBe('0001-01-01');
      expect(edm.date('9999-12-31').value).toBe('9999-12-31');
    });

    it('takes the UTC calendar date of a Date', () => {
      expect(edm.date(new Date(Date.UTC(2024, 0, 31, 23, 59))).value).toBe('2024-01-31');
    });

    it.each([
      ['2023-02-29', 'has day 29; that month has 28 days'],
      ['1900-02-29', 'has day 29; that month has 28 days'],
      ['2024-04-31', 'has day 31; that month has 30 days'],
      ['2024-01-00', 'has day 00; that month has 31 days'],
      ['2024-13-01', 'has month 13; months run from 01 to 12'],
      ['2024-00-01', 'has month 00'],
      ['0000-01-01', 'has year 0000'],
      ['2024-1-31', 'is not a date of the form YYYY-MM-DD'],
      ['2024-01-31T00:00:00', 'is not a date of the form YYYY-MM-DD'],
      ['31.01.2024', 'is not a date of the form YYYY-MM-DD'],
    ])('rejects %j: %s', (text, problem) => {
      expect(() => edm.date(text)).toThrow(`edm.date: ${JSON.stringify(text)} ${problem}`);
    });

    it('rejects invalid Dates, years beyond 9999 and other types', () => {
      expect(() => edm.date(new Date(Number.NaN))).toThrow('edm.date expects a valid Date in the years 0001–9999, got an invalid Date');
      expect(() => edm.date(new Date(Date.UTC(10000, 0, 1)))).toThrow(/expects a valid Date in the years 0001–9999, got Date \+010000/);
      expect(() => edm.date(new Date(Date.UTC(-1, 0, 1)))).toThrow(TypeError);
      expect(() => callUntyped(edm.date, 20240131)).toThrow(`edm.date expects a 'YYYY-MM-DD' string or a Date, got 20240131`);
    });

    it('rejects year 0 from a Date', () => {
      const yearZero = new Date(Date.UTC(2000, 0, 1));
      yearZero.setUTCFullYear(0);
      expect(() => edm.date(yearZero)).toThrow(/has year 0000/);
    });

    it('accepts every valid Date in range (property)', () => {
      fc.assert(
        fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
          expect(edm.date(date).value).toBe(date.toISOString().slice(0, 10));
        }),
      );
    });
  });

  describe('dateTimeOffset', () => {
    it.each(['2024-01-31T10:00:00Z', '2024-01-31T10:00Z', '2024-01-31T10:00:00.1234567Z', '2024-01-31T10:00:00+01:00', '2024-01-31T10:00:00-23:59'])(
      'accepts %s',
      (text) => {
        expect(edm.dateTimeOffset(text).value).toBe(text);
      },
    );

    it('writes a Date in UTC, with milliseconds only when they are not zero', () => {
      expect(edm.dateTimeOffset(new Date(Date.UTC(2024, 0, 31, 10))).value).toBe('2024-01-31T10:00:00Z');
      expect(edm.dateTimeOffset(new Date(Date.UTC(2024, 0, 31, 10, 0, 0, 5))).value).toBe('2024-01-31T10:00:00.005Z');
    });

    it.each([
      ['2024-01-31T10:00:00', 'is not a date-time with zone'],
      ['2024-01-31 10:00:00Z', 'is not a date-time with zone'],
      ['2024-01-31T10:00:00z', 'is not a date-time with zone'],
      ['2024-01-31T10:00:00+0100', 'is not a date-time with zone'],
      ['2024-02-30T10:00:00Z', 'has day 30'],
      ['2024-01-31T24:00:00Z', 'has hour 24'],
      ['2024-01-31T10:60:00Z', 'has minute 60'],
      ['2024-01-31T10:00:60Z', 'has second 60'],
      ['2024-01-31T10:00:00+24:00', 'has a zone offset beyond ±23:59'],
      ['2024-01-31T10:00:00-01:60', 'has a zone offset beyond ±23:59'],
      ["2024-01-31T10:00:00Z' or 1", 'is not a date-time with zone'],
    ])('rejects %j: %s', (text, problem) => {
      expect(() => edm.dateTimeOffset(text)).toThrow(`edm.dateTimeOffset: ${JSON.stringify(text)} ${problem}`);
    });

    it('rejects invalid Dates and other types', () => {
      expect(() => edm.dateTimeOffset(new Date('junk'))).toThrow(/expects a valid Date/);
      expect(() => callUntyped(edm.dateTimeOffset, {})).toThrow('edm.dateTimeOffset expects an ISO date-time string or a Date, got a value of type object');
    });
  });

  describe('dateTime (v2)', () => {
    it.each(['2024-01-31T00:00:00', '2024-01-31T10:30', '2024-01-31T10:30:00.1234567'])('accepts %s', (text) => {
      expect(edm.dateTime(text).value).toBe(text);
    });

    it('writes a Date as its UTC date and time, without zone', () => {
      expect(edm.dateTime(new Date(Date.UTC(2024, 0, 31))).value).toBe('2024-01-31T00:00:00');
      expect(edm.dateTime(new Date(Date.UTC(2024, 0, 31, 0, 0, 0, 250))).value).toBe('2024-01-31T00:00:00.250');
    });

    it.each([
      ['2024-01-31T10:00:00Z', 'is not a date-time without zone'],
      ['2024-01-31T10:00:00.12345678', 'is not a date-time without zone'],
      ['2024-01-31', 'is not a date-time without zone'],
      ['2024-02-31T00:00:00', 'has day 31'],
      ['2024-01-31T25:00', 'has hour 25'],
    ])('rejects %j: %s', (text, problem) => {
      expect(() => edm.dateTime(text)).toThrow(`edm.dateTime: ${JSON.stringify(text)} ${problem}`);
    });

    it('rejects invalid Dates and other types', () => {
      expect(() => edm.dateTime(new Date(Number.NaN))).toThrow(/edm\.dateTime expects a valid Date/);
      expect(() => callUntyped(edm.dateTime, undefined)).toThrow('edm.dateTime expects a date-time string without zone or a Date, got undefined');
    });
  });

  describe('time (v2)', () => {
    it.each(['PT10H30M', 'PT10H', 'PT30M', 'PT59S', 'PT0H0M0S', 'PT23H59M59.9999999S', 'PT10H30M00S'])('accepts %s', (text) => {
      expect(edm.time(text).value).toBe(text);
    });

    it.each([
      ['PT', 'is not a time of day in duration form'],
      ['P1D', 'is not a time of day in duration form'],
      ['10:30', 'is not a time of day in duration form'],
      ['-PT1H', 'is not a time of day in duration form'],
      ['PT30M10H', 'is not a time of day in duration form'],
      ['PT24H', 'has hour 24; hours run from 0 to 23'],
      ['PT60M', 'has minute 60'],
      ['PT60S', 'has second 60'],
    ])('rejects %j: %s', (text, problem) => {
      expect(() => edm.time(text)).toThrow(`edm.time: ${JSON.stringify(text)} ${problem}`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.time, 3600)).toThrow(`edm.time expects a string like 'PT10H30M', got 3600; for example edm.time('PT10H30M')`);
    });
  });

  describe('timeOfDay (v4)', () => {
    it.each(['10:30', '10:30:00', '00:00:00', '23:59:59.999999999999'])('accepts %s', (text) => {
      expect(edm.timeOfDay(text).value).toBe(text);
    });

    it.each([
      ['24:00:00', 'has hour 24'],
      ['10:60', 'has minute 60'],
      ['10:30:60', 'has second 60'],
      ['9:30', 'is not a time of day of the form hh:mm[:ss[.fff]]'],
      ['10:30:00Z', 'is not a time of day'],
      ['PT10H', 'is not a time of day'],
    ])('rejects %j: %s', (text, problem) => {
      expect(() => edm.timeOfDay(text)).toThrow(`edm.timeOfDay: ${JSON.stringify(text)} ${problem}`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.timeOfDay, new Date(0))).toThrow(`edm.timeOfDay expects a string like '10:30:00', got Date 1970-01-01T00:00:00.000Z`);
    });
  });

  describe('duration (v4)', () => {
    it.each(['PT10H', 'P1D', 'P1DT2H3M4.5S', '-PT1S', '+P2D', 'PT0S', 'P365D'])('accepts %s', (text) => {
      expect(edm.duration(text).value).toBe(text);
    });

    it.each(['P', 'PT', 'P1DT', 'P1Y', 'P1M', 'PT1.S', 'T1H', '1H', ''])('rejects %j', (text) => {
      expect(() => edm.duration(text)).toThrow(
        /is not a duration of the form \[-\]P\[nD\]\[T\[nH\]\[nM\]\[n\[\.f\]S\]\] \(days and time only\); for example edm\.duration\('PT10H'\)/,
      );
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.duration, 10)).toThrow(`edm.duration expects a string like 'PT10H', got 10`);
    });
  });

  describe('binary', () => {
    it('takes bytes and keeps upper-case hex, copying the array', () => {
      const bytes = new Uint8Array([0x0a, 0x1b, 0xff, 0x00]);
      const value = edm.binary(bytes);
      bytes[0] = 0x99;
      expect(value.value).toBe('0A1BFF00');
      expect(edm.binary(new Uint8Array()).value).toBe('');
    });

    it('takes hex text in either case', () => {
      expect(edm.binary('0a1b').value).toBe('0A1B');
      expect(edm.binary('').value).toBe('');
    });

    it.each(['0A1', 'GG', '0x0A', '0A 1B'])('rejects %j', (text) => {
      expect(() => edm.binary(text)).toThrow(`edm.binary: ${JSON.stringify(text)} is not upper-case hexadecimal with two digits per byte`);
    });

    it('rejects other types', () => {
      expect(() => callUntyped(edm.binary, [1, 2])).toThrow('edm.binary expects a Uint8Array or a hexadecimal string, got a value of type array');
    });
  });

  describe('double and single', () => {
    it('write NaN, INF and -INF, and finite numbers as JS writes them', () => {
      expect(edm.double(1.5).value).toBe('1.5');
      expect(edm.double(Number.NaN).value).toBe('NaN');
      expect(edm.double(Infinity).value).toBe('INF');
      expect(edm.double(-Infinity).value).toBe('-INF');
      expect(edm.double(1e21).value).toBe('1e+21');
      expect(edm.double(5e-324).value).toBe('5e-324');
      expect(edm.single(-1.5).value).toBe('-1.5');
      expect(edm.single(-Infinity).value).toBe('-INF');
      expect(edm.single(3.4e38).value).toBe('3.4e+38');
    });

    it('rejects singles beyond single precision and non-numbers', () => {
      expect(() => edm.single(1e39)).toThrow('edm.single: 1e+39 is beyond the single-precision range ±3.4028235e38; for example edm.single(1.5)');
      expect(() => callUntyped(edm.double, '1.5')).toThrow('edm.double expects a number, got "1.5"');
      expect(() => callUntyped(edm.single, 1n)).toThrow('edm.single expects a number, got 1n');
    });

    it('accepts every double (property)', () => {
      fc.assert(
        fc.property(fc.double(), (n) => {
          expect(isEdmValue(edm.double(n))).toBe(true);
        }),
      );
    });
  });

  it('shortens long inputs in messages', () => {
    expect(() => edm.guid('x'.repeat(1000))).toThrow(/"x{60}…" is not a GUID/);
  });

  it('describes functions and symbols by type', () => {
    expect(() => callUntyped(edm.guid, () => 1)).toThrow('got a value of type function');
    expect(() => callUntyped(edm.guid, Symbol('s'))).toThrow('got a value of type symbol');
  });
});

describe('isEdmValue', () => {
  it('is true for every kind of built value', () => {
    const values = [
      edm.decimal('1'),
      edm.int64('1'),
      edm.guid(GUID),
      edm.date('2024-01-31'),
      edm.dateTimeOffset('2024-01-31T10:00:00Z'),
      edm.dateTime('2024-01-31T10:00:00'),
      edm.time('PT1H'),
      edm.timeOfDay('10:00'),
      edm.duration('P1D'),
      edm.binary('00'),
      edm.double(1),
      edm.single(1),
    ];
    expect(values.map((v) => v.edmType)).toEqual([
      'Edm.Decimal',
      'Edm.Int64',
      'Edm.Guid',
      'Edm.Date',
      'Edm.DateTimeOffset',
      'Edm.DateTime',
      'Edm.Time',
      'Edm.TimeOfDay',
      'Edm.Duration',
      'Edm.Binary',
      'Edm.Double',
      'Edm.Single',
    ]);
    for (const value of values) expect(isEdmValue(value)).toBe(true);
  });

  it('is true for a valid look-alike (a value from another copy of the library)', () => {
    expect(isEdmValue({ edmType: 'Edm.Guid', value: GUID })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'Edm.Guid'],
    ['a number', 1],
    ['an object without edmType', { value: '1' }],
    ['an object without value', { edmType: 'Edm.Decimal' }],
    ['an unknown edmType', { edmType: 'Edm.String', value: 'x' }],
    ['an inherited edmType name', { edmType: 'toString', value: 'x' }],
    ['a non-string edmType', { edmType: 1, value: '1' }],
    ['a non-string value', { edmType: 'Edm.Decimal', value: 1 }],
    ['an unvalidated value that would break out of its quotes', { edmType: 'Edm.Guid', value: "x' or 1 eq 1 or 'a" }],
    ['a non-canonical int64', { edmType: 'Edm.Int64', value: '007' }],
    ['an unvalidated double', { edmType: 'Edm.Double', value: '1,5' }],
    ['an infinite double text', { edmType: 'Edm.Double', value: '1e999' }],
    ['an unvalidated single', { edmType: 'Edm.Single', value: 'one' }],
    ['a single out of range', { edmType: 'Edm.Single', value: '1e39' }],
    ['lower-case binary', { edmType: 'Edm.Binary', value: '0a' }],
  ])('is false for %s', (_label, value) => {
    expect(isEdmValue(value)).toBe(false);
  });
});
