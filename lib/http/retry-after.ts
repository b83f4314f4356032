/**
 * `Retry-After` (RFC 9110 §10.2.3): `delta-seconds` or an `HTTP-date`.
 *
 * The dates are parsed here rather than by `Date.parse`: `Date.parse` accepts almost anything
 * (`"1"` is the year 2001), rolls "31 Feb" over into March, reads the zone-less asctime form in
 * local time (the RFC says every HTTP-date is UTC), guesses the century of a two-digit year
 * without the RFC's rule, and differs between browsers for the obsolete forms.
 */

/** Default cap on a server's `Retry-After`, in ms (5 minutes). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

/** The month names in lower case, in calendar order: a name's index is its `Date` month (0–11). */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
/** Checked against {@link MONTHS}. */
const MONTH = '([a-z]{3})';
/** `hh:mm:ss`; a second of 60 is a leap second, which the RFC allows. */
const TIME = '([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d|60)';

/** `Sun, 06 Nov 1994 08:49:37 GMT` (the form servers must send). */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete, two-digit year); its groups come in the same order. */
const RFC850_DATE = new RegExp(`^(?:mon|tues|wednes|thurs|fri|satur|sun)day, (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`, 'i');
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
  // Most answers have none: no trimming, no date patterns tried, on every poll.
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  // A 400-digit value is Infinity here, still capped: no NaN, no overflow past capMs.
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : httpDateMs(text, nowMs) - nowMs;
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(0, ms), capMs);
}

/** ms since the epoch of an HTTP-date in any of its three forms, or NaN. */
function httpDateMs(text: string, nowMs: number): number {
  const [, day, month, year, hh, mm, ss] = IMF_FIXDATE.exec(text) ?? RFC850_DATE.exec(text) ?? [];
  if (year !== undefined) return utcMs(year.length > 2 ? Number(year) : fullYear(Number(year), nowMs), month, day, hh, mm, ss);
  // No match leaves every part undefined, which utcMs turns into NaN.
  const [, ascMonth, ascDay, ascHh, ascMm, ascSs, ascYear] = ASCTIME_DATE.exec(text) ?? [];
  return utcMs(Number(ascYear), ascMonth, ascDay, ascHh, ascMm, ascSs);
}

/**
 * RFC 9110 §5.6.7: a two-digit year that would lie more than 50 years in the future is the most
 * recent past year with the same last two digits.
 */
function fullYear(twoDigits: number, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  const year = Math.floor(nowYear / 100) * 100 + twoDigits;
  return year > nowYear + 50 ? year - 100 : year;
}

type Part = string | undefined;

/** The instant of a date and time in UTC, or NaN for a month or day that does not exist. */
function utcMs(year: number, monthName: Part, dayText: Part, hh: Part, mm: Part, ss: Part): number {
  const month = MONTHS.indexOf(String(monthName).toLowerCase());
  const day = Number(dayText); // Number() ignores the space that pads an asctime day
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month, day);
  // An unknown name is -1; "31 Feb" or "00 Jan" would roll over into another month.
  if (month < 0 || date.getUTCDate() !== day) return NaN;
  return date.setUTCHours(Number(hh), Number(mm), Number(ss));
}
