import fc from 'fast-check';
import { parseRetryAfter } from '../../lib/http/retry-after.js';

const NOW = Date.UTC(2024, 0, 31, 10, 0, 0); // Wed, 31 Jan 2024 10:00:00 GMT
const CAP = 300_000;

describe('parseRetryAfter', () => {
  describe('delta-seconds', () => {
    it.each([
      ['0', 0],
      ['1', 1000],
      ['5', 5000],
      ['120', 120_000],
      ['007', 7000],
      [' 5 ', 5000],
    ])('reads %j as %d ms', (value, expected) => {
      expect(parseRetryAfter(value, NOW, CAP)).toBe(expected);
    });

    it('caps a long wait at capMs', () => {
      expect(parseRetryAfter('301', NOW, CAP)).toBe(CAP);
      expect(parseRetryAfter('300', NOW, CAP)).toBe(CAP);
      expect(parseRetryAfter('299', NOW, CAP)).toBe(299_000);
    });

    it('caps huge values without overflow or NaN', () => {
      expect(parseRetryAfter(String(10 ** 12), NOW, CAP)).toBe(CAP);
      expect(parseRetryAfter('9'.repeat(400), NOW, CAP)).toBe(CAP); // Number() of this is Infinity
    });

    it('returns 0 for any value when the cap is 0', () => {
      expect(parseRetryAfter('5', NOW, 0)).toBe(0);
    });
  });

  describe('HTTP-date', () => {
    it('reads an IMF-fixdate as the time until it', () => {
      expect(parseRetryAfter('Wed, 31 Jan 2024 10:00:30 GMT', NOW, CAP)).toBe(30_000);
    });

    it('reads the obsolete RFC 850 form, in UTC', () => {
      expect(parseRetryAfter('Wednesday, 31-Jan-24 10:01:00 GMT', NOW, CAP)).toBe(60_000);
    });

    it('reads the obsolete asctime form in UTC, with a space-padded or zero-padded day', () => {
      const now = Date.UTC(2024, 1, 6, 8, 49, 0);
      expect(parseRetryAfter('Tue Feb  6 08:49:37 2024', now, CAP)).toBe(37_000);
      expect(parseRetryAfter('Tue Feb 06 08:49:37 2024', now, CAP)).toBe(37_000);
    });

    it('accepts names in any case', () => {
      expect(parseRetryAfter('wed, 31 JAN 2024 10:00:30 gmt', NOW, CAP)).toBe(30_000);
    });

    it('gives 0 for a date in the past', () => {
      expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW, CAP)).toBe(0);
    });

    it('caps a date far in the future', () => {
      expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW, CAP)).toBe(CAP);
    });

    it('accepts a leap second', () => {
      expect(parseRetryAfter('Wed, 31 Jan 2024 10:00:60 GMT', NOW, CAP)).toBe(60_000);
    });

    it('reads a two-digit RFC 850 year as the nearest year not more than 50 years ahead (RFC 9110 §5.6.7)', () => {
      const now = Date.UTC(2024, 0, 1);
      // 74 → 2074 is exactly 50 years ahead: still the future.
      expect(parseRetryAfter('Monday, 01-Jan-74 00:00:01 GMT', now, Number.MAX_SAFE_INTEGER)).toBe(Date.UTC(2074, 0, 1, 0, 0, 1) - now);
      // 75 → 2075 would be 51 years ahead: it is 1975, in the past.
      expect(parseRetryAfter('Wednesday, 01-Jan-75 00:00:01 GMT', now, Number.MAX_SAFE_INTEGER)).toBe(0);
      // 99 → 1999 in the past.
      expect(parseRetryAfter('Friday, 31-Dec-99 23:59:59 GMT', now, CAP)).toBe(0);
    });

    it('does not map four-digit years below 100 to the 1900s', () => {
      // Date.UTC(50, …) would be 1950; the year 0050 is long past either way, but it must parse.
      expect(parseRetryAfter('Sat, 01 Jan 0050 00:00:00 GMT', NOW, CAP)).toBe(0);
    });
  });

  describe('junk is ignored', () => {
    it.each([
      'soon',
      '-3',
      '+3',
      '1.5',
      '1e3',
      '',
      '   ',
      '10abc',
      '0x10',
      '2024-01-31T10:00:30Z', // ISO 8601 is not an HTTP-date
      'Wed, 31 Jan 2024 10:00:30', // no GMT
      'Wed, 31 Jan 2024 10:00:30 UTC',
      'Wed, 31 Jan 2024 10:00:30 +0000',
      'Wed, 31 Jan 24 10:00:30 GMT', // two-digit year in the IMF form
      'Wed, 31 Foo 2024 10:00:30 GMT',
      'Wed, 31 Anf 2024 10:00:30 GMT', // letters that run across two month names ("jAN Feb")
      'Xyz, 31 Jan 2024 10:00:30 GMT',
      'Wed, 31 Feb 2024 10:00:30 GMT', // no 31 February
      'Wed, 00 Jan 2024 10:00:30 GMT',
      'Wed, 31 Jan 2024 24:00:00 GMT',
      'Wed, 31 Jan 2024 10:60:00 GMT',
      'Wed, 31 Jan 2024 10:00:61 GMT',
      'Wed, 31 Jan 2024 1:00:30 GMT',
      'Wed, 31-Jan-24 10:00:30 GMT', // RFC 850 with a short day name
      'Wed Jan 31 10:00:30 2024 GMT', // asctime with a zone
    ])('%j', (value) => {
      expect(parseRetryAfter(value, NOW, CAP)).toBeUndefined();
    });

    it('an absent header', () => {
      expect(parseRetryAfter(undefined, NOW, CAP)).toBeUndefined();
    });

    // Server text: read in one pass, however long (a backtracking pattern would run into jest's timeout).
    it.each([
      ['1 MB of digits + "x"', `${'1'.repeat(1e6)}x`],
      ['"1" + 1 MB of blanks + "x"', `1${' '.repeat(1e6)}x`],
      ['an IMF date + 1 MB of blanks + "x"', `Wed, 31 Jan 2024 10:00:30${' '.repeat(1e6)}x`],
      ['an asctime day + 1 MB of blanks', `Wed Jan ${' '.repeat(1e6)}1 10:00:30 2024`],
    ])('a crafted 1 MB value (%s)', (_, value) => {
      expect(parseRetryAfter(value, NOW, CAP)).toBeUndefined();
    });
  });

  describe('properties', () => {
    const cap = fc.integer({ min: 0, max: 10 ** 9 });
    const now = fc.integer({ min: 0, max: Date.UTC(9000, 0, 1) });

    it('is always undefined or a number in [0, capMs], for any string', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.stringMatching(/^\d{1,20}$/),
            fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          ),
          now,
          cap,
          (value, nowMs, capMs) => {
            const result = parseRetryAfter(value, nowMs, capMs);
            return result === undefined || (Number.isFinite(result) && result >= 0 && result <= capMs);
          },
        ),
      );
    });

    it('reads every IMF-fixdate that toUTCString produces, to the second', () => {
      fc.assert(
        fc.property(fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }), now, (date, nowMs) => {
          const expected = Math.floor(date.getTime() / 1000) * 1000;
          expect(parseRetryAfter(date.toUTCString(), nowMs, Number.MAX_SAFE_INTEGER)).toBe(Math.max(0, expected - nowMs));
        }),
      );
    });

    it('reads every digit string n as min(n × 1000, capMs)', () => {
      fc.assert(
        fc.property(fc.nat(), cap, (seconds, capMs) => {
          expect(parseRetryAfter(String(seconds), NOW, capMs)).toBe(Math.min(seconds * 1000, capMs));
        }),
      );
    });
  });
});
