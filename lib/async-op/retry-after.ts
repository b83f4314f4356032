/**
 * `Retry-After` (RFC 9110 §10.2.3): `delta-seconds` or an `HTTP-date`.
 *
 * The dates are parsed here rather than by `Date.parse`: `Date.parse` accepts almost anything
 * (`"1"` is the year 2001) and reads the zone-less asctime form in local time, while the RFC
 * says every HTTP-date is UTC.
 */

const DELTA_SECONDS = /^\d+$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT` (the form servers must send). */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete, two-digit year). */
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** `Sun Nov  6 08:49:37 1994` (obsolete, C asctime: day padded with a space, no zone but UTC). */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/**
 * The delay a `Retry-After` header value asks for, in ms, relative to `nowMs`.
 *
 * - delta-seconds (`"120"`, `"0"`; digits only) → seconds × 1000;
 * - an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms) → `date - nowMs`,
 *   never below 0 (a date in the past means "now");
 * - anything else (`"soon"`, `"-3"`, `"1.5"`, `""`, `"10abc"`, an impossible date) → `undefined`:
 *   junk is ignored, as RFC 9110 lets a recipient do, and the caller falls back to its own interval.
 *
 * The result never exceeds `capMs`, whatever the server sent (`10^12` seconds gives `capMs`).
 *
 * @param value The header value (`undefined` when the header is absent).
 * @param nowMs The current time in ms since the epoch, for HTTP-dates and RFC 850 years.
 * @param capMs The longest wait to accept, a finite number ≥ 0.
 * @return The wait in ms, in `[0, capMs]`, or `undefined`.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number, capMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) {
    // A 400-digit value is Infinity here, still capped: no NaN, no overflow past capMs.
    return Math.min(Number(text) * 1000, capMs);
  }
  const dateMs = parseHttpDate(text, nowMs);
  return dateMs === undefined ? undefined : Math.min(Math.max(0, dateMs - nowMs), capMs);
}

/** ms since the epoch of an HTTP-date in any of its three forms, or `undefined`. */
function parseHttpDate(text: string, nowMs: number): number | undefined {
  // A missing group would be `undefined`, which Number() turns into NaN and toEpochMs rejects.
  const imf = IMF_FIXDATE.exec(text);
  if (imf) return toEpochMs(Number(imf[3]), imf[2], imf[1], imf[4], imf[5], imf[6]);
  const rfc850 = RFC850_DATE.exec(text);
  if (rfc850) return toEpochMs(fullYear(Number(rfc850[3]), nowMs), rfc850[2], rfc850[1], rfc850[4], rfc850[5], rfc850[6]);
  const asc = ASCTIME_DATE.exec(text);
  if (asc) return toEpochMs(Number(asc[6]), asc[1], asc[2], asc[3], asc[4], asc[5]);
  return undefined;
}

/**
 * RFC 9110 §5.6.7: a two-digit year that would lie more than 50 years in the future is the most
 * recent past year with the same last two digits.
 */
function fullYear(twoDigits: number, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  const candidate = Math.floor(nowYear / 100) * 100 + twoDigits;
  return candidate > nowYear + 50 ? candidate - 100 : candidate;
}

function toEpochMs(
  year: number,
  monthName: string | undefined,
  dayText: string | undefined,
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
): number | undefined {
  const month = MONTHS[String(monthName).toLowerCase()];
  const day = Number(dayText); // Number() ignores the space that pads an asctime day
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  // 60 is a leap second, which the RFC allows (it rolls over into the next minute).
  // Written as `!(x <= max)` so that NaN is refused too.
  if (month === undefined || !(hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month, day);
  // "31 Feb" or "00 Jan" would silently roll over into another month: refuse them instead.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
