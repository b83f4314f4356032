import fc from 'fast-check';
import { edm, isEdmValue } from '../../lib/odata/edm.js';

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

    it('names the builder, the input and the expected form', () => {
      expect(() => edm.decimal('12,50')).toThrow(new TypeError('edm.decimal: "12,50" is not a valid Edm.Decimal (digits like 12.50)'));
      expect(() => edm.decimal(1e21)).toThrow('edm.decimal: 1e+21 is not a valid Edm.Decimal');
      expect(() => callUntyped(edm.decimal, null)).toThrow('edm.decimal: null is not a valid Edm.Decimal');
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
      expect(() => edm.int64('9223372036854775808')).toThrow(new TypeError('edm.int64: "9223372036854775808" is beyond the Int64 range -2^63 to 2^63-1'));
      expect(() => edm.int64(-(2n ** 63n) - 1n)).toThrow('edm.int64: -9223372036854775809n is beyond the Int64 range');
    });

    it.each(['', '1.0', '1e3', '0x10', 'abc', ' 1'])('rejects %j', (text) => {
      expect(() => edm.int64(text)).toThrow(`edm.int64: ${JSON.stringify(text)} is not a valid Edm.Int64`);
    });

    it('rejects unsafe or fractional numbers and other types', () => {
      expect(() => edm.int64(2 ** 53)).toThrow('edm.int64: 9007199254740992 is not a valid Edm.Int64 (digits, bigint or safe integer');
      expect(() => edm.int64(1.5)).toThrow(TypeError);
      expect(() => callUntyped(edm.int64, true)).toThrow('edm.int64: true is not a valid Edm.Int64');
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
      expect(() => edm.guid(text)).toThrow(`edm.guid: ${JSON.stringify(text)} is not a valid Edm.Guid (8-4-4-4-12 hex digits)`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.guid, 42)).toThrow('edm.guid: 42 is not a valid Edm.Guid');
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
      ['2023-02-29', 'has day 29, but that month has 28 days'],
      ['1900-02-29', 'has day 29, but that month has 28 days'],
      ['2024-04-31', 'has day 31, but that month has 30 days'],
    ])('rejects %j, a day its month does not have, saying so', (text, reason) => {
      expect(() => edm.date(text)).toThrow(new TypeError(`edm.date: ${JSON.stringify(text)} ${reason}`));
    });

    it.each([
      ['2024-01-32', 'day 32'],
      ['2024-01-00', 'day 00'],
      ['2024-13-01', 'month 13'],
      ['2024-00-01', 'month 00'],
      ['0000-01-01', 'year 0000'],
      ['2024-1-31', 'a one-digit month'],
      ['2024-01-31T00:00:00', 'a time'],
      ['31.01.2024', 'another order'],
    ])('rejects %j (%s)', (text) => {
      expect(() => edm.date(text)).toThrow(`edm.date: ${JSON.stringify(text)} is not a valid Edm.Date (YYYY-MM-DD)`);
    });

    it('rejects invalid Dates, years beyond 9999 and other types', () => {
      expect(() => edm.date(new Date(Number.NaN))).toThrow('edm.date: an invalid Date is not a valid Edm.Date');
      expect(() => edm.date(new Date(Date.UTC(10000, 0, 1)))).toThrow('edm.date: Date +010000-01-01T00:00:00.000Z is not a valid Edm.Date');
      expect(() => edm.date(new Date(Date.UTC(-1, 0, 1)))).toThrow(TypeError);
      expect(() => callUntyped(edm.date, 20240131)).toThrow('edm.date: 20240131 is not a valid Edm.Date (YYYY-MM-DD)');
    });

    it('rejects year 0 from a Date', () => {
      const yearZero = new Date(Date.UTC(2000, 0, 1));
      yearZero.setUTCFullYear(0);
      expect(() => edm.date(yearZero)).toThrow('edm.date: Date 0000-01-01T00:00:00.000Z is not a valid Edm.Date');
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
      ['2024-01-31T10:00:00', 'no zone'],
      ['2024-01-31 10:00:00Z', 'a space for T'],
      ['2024-01-31T10:00:00z', 'a lower-case z'],
      ['2024-01-31T10:00:00+0100', 'an offset without colon'],
      ['2024-01-31T24:00:00Z', 'hour 24'],
      ['2024-01-31T10:60:00Z', 'minute 60'],
      ['2024-01-31T10:00:60Z', 'second 60'],
      ['2024-01-31T10:00:00+24:00', 'an offset of 24 hours'],
      ['2024-01-31T10:00:00-01:60', 'an offset of 60 minutes'],
      ["2024-01-31T10:00:00Z' or 1", 'trailing text'],
    ])('rejects %j (%s)', (text) => {
      expect(() => edm.dateTimeOffset(text)).toThrow(
        `edm.dateTimeOffset: ${JSON.stringify(text)} is not a valid Edm.DateTimeOffset (YYYY-MM-DDThh:mm[:ss[.f]] + Z or ±hh:mm)`,
      );
    });

    it('rejects a day its month does not have, saying so', () => {
      expect(() => edm.dateTimeOffset('2024-02-30T10:00:00Z')).toThrow(
        new TypeError('edm.dateTimeOffset: "2024-02-30T10:00:00Z" has day 30, but that month has 29 days'),
      );
    });

    it('rejects invalid Dates and other types', () => {
      expect(() => edm.dateTimeOffset(new Date('junk'))).toThrow('edm.dateTimeOffset: an invalid Date is not a valid Edm.DateTimeOffset');
      expect(() => callUntyped(edm.dateTimeOffset, {})).toThrow('edm.dateTimeOffset: an object is not a valid Edm.DateTimeOffset');
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
      ['2024-01-31T10:00:00Z', 'a zone'],
      ['2024-01-31T10:00:00.12345678', 'eight fraction digits'],
      ['2024-01-31', 'no time'],
      ['2024-01-31T25:00', 'hour 25'],
    ])('rejects %j (%s)', (text) => {
      expect(() => edm.dateTime(text)).toThrow(`edm.dateTime: ${JSON.stringify(text)} is not a valid Edm.DateTime (YYYY-MM-DDThh:mm[:ss[.fffffff]])`);
    });

    it('rejects a day its month does not have, saying so', () => {
      expect(() => edm.dateTime('2024-02-31T00:00:00')).toThrow(new TypeError('edm.dateTime: "2024-02-31T00:00:00" has day 31, but that month has 29 days'));
    });

    it('rejects invalid Dates and other types', () => {
      expect(() => edm.dateTime(new Date(Number.NaN))).toThrow('edm.dateTime: an invalid Date is not a valid Edm.DateTime');
      expect(() => callUntyped(edm.dateTime, undefined)).toThrow('edm.dateTime: undefined is not a valid Edm.DateTime');
    });
  });

  describe('time (v2)', () => {
    it.each(['PT10H30M', 'PT10H', 'PT30M', 'PT59S', 'PT0H0M0S', 'PT23H59M59.9999999S', 'PT10H30M00S'])('accepts %s', (text) => {
      expect(edm.time(text).value).toBe(text);
    });

    it.each([
      ['PT', 'no part'],
      ['P1D', 'days'],
      ['10:30', 'clock form'],
      ['-PT1H', 'a sign'],
      ['PT30M10H', 'parts out of order'],
      ['PT24H', 'hour 24'],
      ['PT60M', 'minute 60'],
      ['PT60S', 'second 60'],
    ])('rejects %j (%s)', (text) => {
      expect(() => edm.time(text)).toThrow(`edm.time: ${JSON.stringify(text)} is not a valid Edm.Time (PT[hH][mM][sS] below 24h)`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.time, 3600)).toThrow('edm.time: 3600 is not a valid Edm.Time (PT[hH][mM][sS] below 24h)');
    });
  });

  describe('timeOfDay (v4)', () => {
    it.each(['10:30', '10:30:00', '00:00:00', '23:59:59.999999999999'])('accepts %s', (text) => {
      expect(edm.timeOfDay(text).value).toBe(text);
    });

    it.each([
      ['24:00:00', 'hour 24'],
      ['10:60', 'minute 60'],
      ['10:30:60', 'second 60'],
      ['9:30', 'a one-digit hour'],
      ['10:30:00Z', 'a zone'],
      ['PT10H', 'duration form'],
    ])('rejects %j (%s)', (text) => {
      expect(() => edm.timeOfDay(text)).toThrow(`edm.timeOfDay: ${JSON.stringify(text)} is not a valid Edm.TimeOfDay (hh:mm[:ss[.f]])`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.timeOfDay, new Date(0))).toThrow('edm.timeOfDay: Date 1970-01-01T00:00:00.000Z is not a valid Edm.TimeOfDay');
    });
  });

  describe('duration (v4)', () => {
    it.each(['PT10H', 'P1D', 'P1DT2H3M4.5S', '-PT1S', '+P2D', 'PT0S', 'P365D'])('accepts %s', (text) => {
      expect(edm.duration(text).value).toBe(text);
    });

    it.each(['P', 'PT', 'P1DT', 'P1Y', 'P1M', 'PT1.S', 'T1H', '1H', ''])('rejects %j', (text) => {
      expect(() => edm.duration(text)).toThrow(`edm.duration: ${JSON.stringify(text)} is not a valid Edm.Duration ([-]P[nD][T[nH][nM][nS]])`);
    });

    it('rejects non-strings', () => {
      expect(() => callUntyped(edm.duration, 10)).toThrow('edm.duration: 10 is not a valid Edm.Duration');
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
      expect(() => edm.binary(text)).toThrow(`edm.binary: ${JSON.stringify(text)} is not a valid Edm.Binary (bytes or hex pairs)`);
    });

    it('rejects other types', () => {
      expect(() => callUntyped(edm.binary, [1, 2])).toThrow('edm.binary: an array is not a valid Edm.Binary');
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
      expect(() => edm.single(1e39)).toThrow(new TypeError('edm.single: 1e+39 is beyond the single-precision range ±3.4028235e38'));
      expect(edm.single(-3.4028234663852886e38).value).toBe('-3.4028234663852886e+38');
      expect(() => callUntyped(edm.double, '1.5')).toThrow(new TypeError('edm.double: "1.5" is not a valid Edm.Double (a number)'));
      expect(() => callUntyped(edm.single, 1n)).toThrow('edm.single: 1n is not a valid Edm.Single');
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
    expect(() => edm.guid('x'.repeat(1000))).toThrow(/"x{60}\.\.\." is not a valid Edm\.Guid/);
  });

  it('describes functions and symbols by type', () => {
    expect(() => callUntyped(edm.guid, () => 1)).toThrow('edm.guid: a function is not');
    expect(() => callUntyped(edm.guid, Symbol('s'))).toThrow('edm.guid: Symbol(s) is not');
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
