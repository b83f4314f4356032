/**
 * A value of one EDM primitive type, in the exact text form its OData literal needs.
 * Built only by the `edm.*` constructors, which validate the input; frozen.
 */
export interface EdmOf<T extends string> {
  /** The EDM type name, e.g. `Edm.Decimal`: which literal form the value takes. */
  readonly edmType: T;
  /** The canonical text of the value (no quotes, no type prefix or suffix). */
  readonly value: string;
}

/** `Edm.Decimal`: exact decimal digits, e.g. `12.50`; never rounded through a JS number. */
export type EdmDecimal = EdmOf<'Edm.Decimal'>;
/** `Edm.Int64`: a 64-bit integer beyond JS's safe range, e.g. `9007199254740993`. */
export type EdmInt64 = EdmOf<'Edm.Int64'>;
/** `Edm.Guid`: `8-4-4-4-12` hexadecimal digits. */
export type EdmGuid = EdmOf<'Edm.Guid'>;
/** `Edm.Date` (v4): a calendar date `YYYY-MM-DD`. */
export type EdmDate = EdmOf<'Edm.Date'>;
/** `Edm.DateTimeOffset`: an instant with a zone, e.g. `2024-01-31T10:00:00Z`. */
export type EdmDateTimeOffset = EdmOf<'Edm.DateTimeOffset'>;
/** `Edm.DateTime` (v2 only): a date and time without zone, e.g. `2024-01-31T10:00:00`. */
export type EdmDateTime = EdmOf<'Edm.DateTime'>;
/** `Edm.Time` (v2 only): a time of day written as a duration, e.g. `PT10H30M`. */
export type EdmTime = EdmOf<'Edm.Time'>;
/** `Edm.TimeOfDay` (v4): a time of day, e.g. `10:30:00`. */
export type EdmTimeOfDay = EdmOf<'Edm.TimeOfDay'>;
/** `Edm.Duration` (v4): a day-time duration, e.g. `P1DT2H`. */
export type EdmDuration = EdmOf<'Edm.Duration'>;
/** `Edm.Binary`: bytes, kept as upper-case hexadecimal (`0A1B`). */
export type EdmBinary = EdmOf<'Edm.Binary'>;
/** `Edm.Double`: `NaN`, `INF`, `-INF` or the JS text of a finite number. */
export type EdmDouble = EdmOf<'Edm.Double'>;
/** `Edm.Single`: like {@link EdmDouble}, within single-precision range. */
export type EdmSingle = EdmOf<'Edm.Single'>;

/**
 * A typed EDM value made by one of the {@link edm} builders. As a parameter value it is written
 * as the exact literal of its type, in the client's protocol (v4 or v2).
 */
export type EdmValue =
  EdmDecimal | EdmInt64 | EdmGuid | EdmDate | EdmDateTimeOffset | EdmDateTime | EdmTime | EdmTimeOfDay | EdmDuration | EdmBinary | EdmDouble | EdmSingle;

/** The `edmType` names of {@link EdmValue}. */
export type EdmTypeName = EdmValue['edmType'];

interface EdmRule {
  /** The constructor's name, for messages. */
  readonly builder: string;
  /** A correct call, shown in every error message. */
  readonly example: string;
  /** Why `value` is not a canonical value of the type, or `undefined` when it is. */
  readonly problem: (value: string) => string | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The largest finite single-precision float. */
const SINGLE_MAX = 3.4028234663852886e38;
const MAX_QUOTED = 60;

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Fixed-width fields: the range checks below read them by position.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?$/;
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/;
/** v2 `Edm.Time`: hours, minutes, seconds of one day in duration syntax. */
const TIME = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d{1,7})?S)?$/;
/** v4 `Edm.Duration`: ABNF `durationValue`, days and time only (no years or months). */
const DURATION = /^[+-]?P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;
const HEX = /^(?:[0-9A-F]{2})*$/;
const FLOAT_TEXT = /^-?\d+(?:\.\d+)?(?:e[+-]\d+)?$/;

const RULES: Readonly<Record<EdmTypeName, EdmRule>> = {
  'Edm.Decimal': {
    builder: 'edm.decimal',
    example: "edm.decimal('12.50')",
    problem: (v) => (DECIMAL.test(v) ? undefined : 'is not a decimal number (digits, an optional sign and fraction, no exponent)'),
  },
  'Edm.Int64': {
    builder: 'edm.int64',
    example: "edm.int64('9007199254740993')",
    problem: (v) => {
      if (!INTEGER.test(v)) return 'is not an integer';
      const n = BigInt(v);
      if (n < INT64_MIN || n > INT64_MAX) return 'is outside the Int64 range -9223372036854775808…9223372036854775807';
      return n.toString() === v ? undefined : 'is not in canonical form';
    },
  },
  'Edm.Guid': {
    builder: 'edm.guid',
    example: "edm.guid('0f8fad5b-d9cb-469f-a165-70867728950e')",
    problem: (v) => (GUID.test(v) ? undefined : 'is not a GUID of 8-4-4-4-12 hexadecimal digits'),
  },
  'Edm.Date': {
    builder: 'edm.date',
    example: "edm.date('2024-01-31')",
    problem: (v) => (DATE.test(v) ? dateProblem(v) : 'is not a date of the form YYYY-MM-DD'),
  },
  'Edm.DateTimeOffset': {
    builder: 'edm.dateTimeOffset',
    example: "edm.dateTimeOffset('2024-01-31T10:00:00Z')",
    problem: (v) => {
      if (!DATE_TIME_OFFSET.test(v)) return 'is not a date-time with zone of the form YYYY-MM-DDThh:mm[:ss[.fff]] followed by Z or ±hh:mm';
      const offsetProblem = !v.endsWith('Z') && (Number(v.slice(-5, -3)) > 23 || Number(v.slice(-2)) > 59) ? 'has a zone offset beyond ±23:59' : undefined;
      return dateProblem(v) ?? timeProblem(v.slice(11)) ?? offsetProblem;
    },
  },
  'Edm.DateTime': {
    builder: 'edm.dateTime',
    example: "edm.dateTime('2024-01-31T10:00:00')",
    problem: (v) =>
      DATE_TIME.test(v) ? (dateProblem(v) ?? timeProblem(v.slice(11))) : 'is not a date-time without zone of the form YYYY-MM-DDThh:mm[:ss[.fffffff]]',
  },
  'Edm.Time': {
    builder: 'edm.time',
    example: "edm.time('PT10H30M')",
    problem: (v) => {
      const m = TIME.exec(v);
      if (m === null || v === 'PT') return 'is not a time of day in duration form PT[hH][mM][sS]';
      return clockProblem(m[1], m[2], m[3]);
    },
  },
  'Edm.TimeOfDay': {
    builder: 'edm.timeOfDay',
    example: "edm.timeOfDay('10:30:00')",
    problem: (v) => (TIME_OF_DAY.test(v) ? timeProblem(v) : 'is not a time of day of the form hh:mm[:ss[.fff]]'),
  },
  'Edm.Duration': {
    builder: 'edm.duration',
    example: "edm.duration('PT10H')",
    problem: (v) => (DURATION.test(v) && !/P$|T$/.test(v) ? undefined : 'is not a duration of the form [-]P[nD][T[nH][nM][n[.f]S]] (days and time only)'),
  },
  'Edm.Binary': {
    builder: 'edm.binary',
    example: "edm.binary(new Uint8Array([0x0a, 0x1b])) or edm.binary('0A1B')",
    problem: (v) => (HEX.test(v) ? undefined : 'is not upper-case hexadecimal with two digits per byte'),
  },
  'Edm.Double': {
    builder: 'edm.double',
    example: 'edm.double(1.5)',
    problem: (v) => (isFloatText(v) ? undefined : 'is not the text of a number'),
  },
  'Edm.Single': {
    builder: 'edm.single',
    example: 'edm.single(1.5)',
    problem: (v) => {
      if (!isFloatText(v)) return 'is not the text of a number';
      // Number('INF') is NaN, so only finite values can be out of range.
      return Math.abs(Number(v)) > SINGLE_MAX ? 'is beyond the single-precision range ±3.4028235e38' : undefined;
    },
  },
};

function isFloatText(v: string): boolean {
  return v === 'NaN' || v === 'INF' || v === '-INF' || (FLOAT_TEXT.test(v) && Number.isFinite(Number(v)));
}

/** Why the `YYYY-MM-DD` that `text` starts with is not a real date (year 0001–9999), or undefined. */
function dateProblem(text: string): string | undefined {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (year < 1) return 'has year 0000; years run from 0001';
  if (month < 1 || month > 12) return `has month ${text.slice(5, 7)}; months run from 01 to 12`;
  // Day 0 of the next month is the last day of this one; 2000 is a leap year, so only February needs the correction.
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  return day >= 1 && day <= daysInMonth ? undefined : `has day ${text.slice(8, 10)}; that month has ${daysInMonth} days`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Why the `hh:mm[:ss]` that `text` starts with is not a clock time, or undefined. */
function timeProblem(text: string): string | undefined {
  return clockProblem(text.slice(0, 2), text.slice(3, 5), text.charAt(5) === ':' ? text.slice(6, 8) : undefined);
}

function clockProblem(hours: string | undefined, minutes: string | undefined, seconds: string | undefined): string | undefined {
  if (Number(hours ?? 0) > 23) return `has hour ${hours}; hours run from 0 to 23`;
  if (Number(minutes ?? 0) > 59) return `has minute ${minutes}; minutes run from 0 to 59`;
  if (Number(seconds ?? 0) > 59) return `has second ${seconds}; seconds run from 0 to 59`;
  return undefined;
}

/** Validates `value` for `type` and returns the frozen typed value, or throws the TypeError. */
function make<T extends EdmTypeName>(type: T, value: string, shown: string = describe(value)): EdmOf<T> {
  const rule = RULES[type];
  const problem = rule.problem(value);
  if (problem !== undefined) throw new TypeError(`${rule.builder}: ${shown} ${problem}; for example ${rule.example}`);
  return Object.freeze({ edmType: type, value });
}

/** Throws the TypeError for an argument of the wrong JS type. */
function wrongType(type: EdmTypeName, expected: string, input: unknown): never {
  const rule = RULES[type];
  throw new TypeError(`${rule.builder} expects ${expected}, got ${describe(input)}; for example ${rule.example}`);
}

/** A short, safe rendering of a value for an error message. */
function describe(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > MAX_QUOTED ? `${input.slice(0, MAX_QUOTED)}…` : input);
  if (typeof input === 'bigint') return `${input}n`;
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'an invalid Date' : `Date ${input.toISOString()}`;
  if (input === null || typeof input === 'number' || typeof input === 'boolean' || input === undefined) return String(input);
  return `a value of type ${Array.isArray(input) ? 'array' : typeof input}`;
}

/** `toISOString()` of a valid Date in years 0001–9999, without `Z`; TypeError otherwise. */
function isoOf(type: EdmTypeName, date: Date): string {
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-/.test(iso)) wrongType(type, 'a valid Date in the years 0001–9999', date);
  return iso.slice(0, -1);
}

/** Drops `.000` so whole seconds print as `10:00:00`, keeping other milliseconds. */
function withoutZeroMillis(isoWithoutZone: string): string {
  return isoWithoutZone.endsWith('.000') ? isoWithoutZone.slice(0, -4) : isoWithoutZone;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'INF';
  return n === -Infinity ? '-INF' : String(n);
}

/**
 * An `Edm.Decimal`, kept as the exact digits given.
 * @example edm.decimal('12.50') // literal v4 `12.50`, v2 `12.50M`
 * @param value Digits with optional sign and fraction, no exponent. A number is accepted when its JS text has no exponent.
 * @throws TypeError for anything else.
 */
function decimal(value: string | number): EdmDecimal {
  if (typeof value === 'string') return make('Edm.Decimal', value);
  if (typeof value === 'number') return make('Edm.Decimal', String(value), `${describe(value)} (pass a string for exact digits)`);
  return wrongType('Edm.Decimal', 'a string of digits', value);
}

/**
 * An `Edm.Int64`, kept exactly (JS numbers lose digits above 2^53).
 * @example edm.int64('9007199254740993') // literal v4 `9007199254740993`, v2 `9007199254740993L`
 * @param value A decimal string, a bigint, or a safe-integer number, within the Int64 range.
 * @throws TypeError for anything else.
 */
function int64(value: string | bigint | number): EdmInt64 {
  if (typeof value === 'bigint') return make('Edm.Int64', value.toString(), describe(value));
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return wrongType('Edm.Int64', 'a safe integer number (pass a string or bigint beyond 2^53)', value);
    return make('Edm.Int64', String(value));
  }
  if (typeof value !== 'string') return wrongType('Edm.Int64', 'a string of digits or a bigint', value);
  // Canonicalise (`+7`, `007` → `7`) only after the shape check, so BigInt never sees junk.
  return make('Edm.Int64', INTEGER.test(value) ? BigInt(value).toString() : value, describe(value));
}

/**
 * An `Edm.Guid`.
 * @example edm.guid('0f8fad5b-d9cb-469f-a165-70867728950e') // v4 unquoted, v2 `guid'…'`
 * @throws TypeError unless the input is 8-4-4-4-12 hexadecimal digits.
 */
function guid(value: string): EdmGuid {
  if (typeof value !== 'string') return wrongType('Edm.Guid', 'a string', value);
  return make('Edm.Guid', value);
}

/**
 * An `Edm.Date`. A `Date` contributes its UTC calendar date (what `toISOString()` shows), so the
 * result does not depend on the machine's time zone.
 * @example edm.date('2024-01-31') // v4 `2024-01-31`, v2 `datetime'2024-01-31T00:00:00'`
 * @throws TypeError for anything but a real `YYYY-MM-DD` date or a valid Date.
 */
function date(value: string | Date): EdmDate {
  if (value instanceof Date) return make('Edm.Date', isoOf('Edm.Date', value).slice(0, 10));
  if (typeof value !== 'string') return wrongType('Edm.Date', "a 'YYYY-MM-DD' string or a Date", value);
  return make('Edm.Date', value);
}

/**
 * An `Edm.DateTimeOffset`. A `Date` is written in UTC with `Z`, milliseconds only when non-zero.
 * @example edm.dateTimeOffset('2024-01-31T10:00:00Z') // v4 as is, v2 `datetimeoffset'…'`
 * @throws TypeError for anything but an ISO date-time with `Z` or `±hh:mm`, or a valid Date.
 */
function dateTimeOffset(value: string | Date): EdmDateTimeOffset {
  if (value instanceof Date) return make('Edm.DateTimeOffset', `${withoutZeroMillis(isoOf('Edm.DateTimeOffset', value))}Z`);
  if (typeof value !== 'string') return wrongType('Edm.DateTimeOffset', 'an ISO date-time string or a Date', value);
  return make('Edm.DateTimeOffset', value);
}

/**
 * An `Edm.DateTime` (OData v2 only): no zone. A `Date` contributes its UTC date and time.
 * @example edm.dateTime('2024-01-31T10:00:00') // v2 `datetime'2024-01-31T10:00:00'`
 * @throws TypeError for anything but `YYYY-MM-DDThh:mm[:ss[.fffffff]]` or a valid Date.
 */
function dateTime(value: string | Date): EdmDateTime {
  if (value instanceof Date) return make('Edm.DateTime', withoutZeroMillis(isoOf('Edm.DateTime', value)));
  if (typeof value !== 'string') return wrongType('Edm.DateTime', 'a date-time string without zone or a Date', value);
  return make('Edm.DateTime', value);
}

/**
 * An `Edm.Time` (OData v2): a time of day in duration form, hours 0–23.
 * @example edm.time('PT10H30M') // v2 `time'PT10H30M'`, v4 `10:30:00`
 * @throws TypeError for anything else.
 */
function time(value: string): EdmTime {
  if (typeof value !== 'string') return wrongType('Edm.Time', "a string like 'PT10H30M'", value);
  return make('Edm.Time', value);
}

/**
 * An `Edm.TimeOfDay` (OData v4).
 * @example edm.timeOfDay('10:30:00') // v4 `10:30:00`, v2 `time'PT10H30M00S'`
 * @throws TypeError for anything but `hh:mm[:ss[.fff]]` with hours 0–23.
 */
function timeOfDay(value: string): EdmTimeOfDay {
  if (typeof value !== 'string') return wrongType('Edm.TimeOfDay', "a string like '10:30:00'", value);
  return make('Edm.TimeOfDay', value);
}

/**
 * An `Edm.Duration` (OData v4), days and time only as in the OData ABNF.
 * @example edm.duration('PT10H') // v4 `duration'PT10H'`
 * @throws TypeError for anything else (years and months included).
 */
function duration(value: string): EdmDuration {
  if (typeof value !== 'string') return wrongType('Edm.Duration', "a string like 'PT10H'", value);
  return make('Edm.Duration', value);
}

/**
 * An `Edm.Binary`. The bytes are copied, so changing the array later changes nothing.
 * @example edm.binary('0a1b') // v4 `binary'Chs='`, v2 `X'0A1B'`
 * @param value Bytes, or hexadecimal text with two digits per byte (either case).
 * @throws TypeError for odd-length or non-hexadecimal text.
 */
function binary(value: Uint8Array | string): EdmBinary {
  if (value instanceof Uint8Array) {
    return make(
      'Edm.Binary',
      Array.from(value, (byte) => byte.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase(),
    );
  }
  if (typeof value !== 'string') return wrongType('Edm.Binary', 'a Uint8Array or a hexadecimal string', value);
  return make('Edm.Binary', value.toUpperCase(), describe(value));
}

/**
 * An `Edm.Double`; `NaN`, `Infinity` and `-Infinity` are allowed (`NaN`, `INF`, `-INF`).
 * @example edm.double(1.5) // v4 `1.5`, v2 `1.5D`
 * @throws TypeError for anything but a number.
 */
function double(value: number): EdmDouble {
  if (typeof value !== 'number') return wrongType('Edm.Double', 'a number', value);
  return make('Edm.Double', numberText(value), describe(value));
}

/**
 * An `Edm.Single`; finite values must fit single precision.
 * @example edm.single(1.5) // v4 `1.5`, v2 `1.5F`
 * @throws TypeError for anything but a number in range.
 */
function single(value: number): EdmSingle {
  if (typeof value !== 'number') return wrongType('Edm.Single', 'a number', value);
  return make('Edm.Single', numberText(value), describe(value));
}

/**
 * Builders for typed OData values whose literal a plain JS value cannot express exactly.
 *
 * @namespace
 * @example
 * client.function('GetPrice').parameter('Amount', edm.decimal('12.50')).parameter('Id', edm.guid(id))
 */
export const edm = Object.freeze({
  /** `Edm.Decimal` from exact digits such as `'12.50'`; a number only when its JS text has no exponent. */
  decimal,
  /** `Edm.Int64` from a digit string, a bigint or a safe-integer number; exact beyond 2^53. */
  int64,
  /** `Edm.Guid` from `8-4-4-4-12` hexadecimal digits. */
  guid,
  /** `Edm.Date` from `YYYY-MM-DD`, or from a Date's UTC calendar date; sent to a v2 service as a midnight `Edm.DateTime`. */
  date,
  /** `Edm.DateTimeOffset` from an ISO date-time ending in `Z` or `±hh:mm`, or from a Date (written in UTC). */
  dateTimeOffset,
  /** `Edm.DateTime` (v2 only) from a date-time without zone, or from a Date's UTC date and time. */
  dateTime,
  /** `Edm.Time` (v2) from a time of day in duration form, e.g. `PT10H30M`; sent to a v4 service as `Edm.TimeOfDay`. */
  time,
  /** `Edm.TimeOfDay` (v4) from `hh:mm[:ss[.fff]]`; sent to a v2 service as `Edm.Time`. */
  timeOfDay,
  /** `Edm.Duration` (v4 only) from days and time, e.g. `P1DT2H`; years and months are refused. */
  duration,
  /** `Edm.Binary` from bytes (copied) or from hexadecimal text with two digits per byte. */
  binary,
  /** `Edm.Double` from any number, `NaN` and `±Infinity` included. */
  double,
  /** `Edm.Single` from a number whose finite value fits single precision. */
  single,
});

/**
 * Whether `v` is a well-formed {@link EdmValue}: a known `edmType` and a `value` its
 * constructor would have produced. The value is re-checked, so a hand-made look-alike with
 * an unvalidated `value` can never reach a URL (and values from another copy of this
 * library still work).
 */
export function isEdmValue(v: unknown): v is EdmValue {
  if (typeof v !== 'object' || v === null || !('edmType' in v) || !('value' in v)) return false;
  const { edmType, value } = v;
  return typeof edmType === 'string' && isEdmTypeName(edmType) && typeof value === 'string' && RULES[edmType].problem(value) === undefined;
}

function isEdmTypeName(name: string): name is EdmTypeName {
  return Object.prototype.hasOwnProperty.call(RULES, name);
}
