import { describeValue as describe } from '../errors/describe-value.js';

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

/**
 * One type's rule: how a builder reads its input into canonical text (`undefined` for the wrong
 * JS type), the shape that text must have, the form that error messages ask for, and a check the
 * shape cannot express (calendar days, numeric ranges) that says why a shaped text fails it.
 */
type Rule = readonly [read: (input: unknown) => string | undefined, shape: RegExp, form: string, check?: (text: string) => string | undefined];

// Ranges are in the patterns: year 0001–9999, month 01–12, day 01–31, hour 00–23, minute and second 00–59.
const DATE = String.raw`(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])`;
const HH_MM = String.raw`([01]\d|2[0-3]):[0-5]\d`;
const clock = (fractionDigits: number): string => String.raw`${HH_MM}(:[0-5]\d(\.\d{1,${fractionDigits}})?)?`;
const whole = (pattern: string): RegExp => new RegExp(`^${pattern}$`);
const FLOAT = /^(NaN|-?INF|-?\d+(\.\d+)?(e[+-]\d+)?)$/;

const text = (input: unknown): string | undefined => (typeof input === 'string' ? input : undefined);

/** A Date's `toISOString()` (UTC, so not the machine's zone) reshaped by `fromIso`; an invalid Date gives `''`, which no rule accepts. */
const dateOrText =
  (fromIso: (iso: string) => string) =>
  (input: unknown): string | undefined =>
    input instanceof Date ? fromIso(Number.isNaN(input.getTime()) ? '' : input.toISOString()) : text(input);

/** `NaN`, `INF`, `-INF` or the JS text of the number. */
const numberText = (input: unknown): string | undefined => (typeof input === 'number' ? String(input).replace('Infinity', 'INF') : undefined);

/** Why the `YYYY-MM-DD` that `text` starts with is no real day (month and day ranges are in the shape). */
function dayProblem(text: string): string | undefined {
  // Day 0 of the next month is the last of this one; the leap-year cycle repeats every 400 years.
  const days = new Date(Date.UTC(2000 + (+text.slice(0, 4) % 400), +text.slice(5, 7), 0)).getUTCDate();
  const day = text.slice(8, 10);
  return +day > days ? `has day ${day}, but that month has ${days} days` : undefined;
}

/** `INF` and `NaN` read as NaN, so only finite values can be out of range. */
const within =
  (max: number, range: string) =>
  (text: string): string | undefined =>
    Math.abs(+text) > max ? `is beyond ${range}` : undefined;

const RULES: Readonly<Record<EdmTypeName, Rule>> = {
  'Edm.Decimal': [(input) => (typeof input === 'number' ? String(input) : text(input)), /^[+-]?\d+(\.\d+)?$/, 'digits like 12.50'],
  'Edm.Int64': [
    // Canonical text (`+7`, `007` → `7`); a string only after the shape check, so BigInt never parses hex or blanks.
    (input) =>
      typeof input === 'bigint' || Number.isSafeInteger(input)
        ? String(input)
        : typeof input === 'string' && /^[+-]?\d+$/.test(input)
          ? String(BigInt(input))
          : text(input),
    /^(0|-?[1-9]\d*)$/,
    'digits, bigint or safe integer',
    (text) => (BigInt.asIntN(64, BigInt(text)) === BigInt(text) ? undefined : 'is beyond the Int64 range -2^63 to 2^63-1'),
  ],
  'Edm.Guid': [text, /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i, '8-4-4-4-12 hex digits'],
  'Edm.Date': [dateOrText((iso) => iso.slice(0, 10)), whole(DATE), 'YYYY-MM-DD', dayProblem],
  // Milliseconds only when not zero.
  'Edm.DateTimeOffset': [
    dateOrText((iso) => iso.replace('.000Z', 'Z')),
    whole(`${DATE}T${clock(12)}(Z|[+-]${HH_MM})`),
    'YYYY-MM-DDThh:mm[:ss[.f]] + Z or ±hh:mm',
    dayProblem,
  ],
  'Edm.DateTime': [dateOrText((iso) => iso.replace(/(?:\.000)?Z/, '')), whole(`${DATE}T${clock(7)}`), 'YYYY-MM-DDThh:mm[:ss[.fffffff]]', dayProblem],
  'Edm.Time': [text, /^PT(?=\d)(([01]?\d|2[0-3])H)?([0-5]?\dM)?([0-5]?\d(\.\d{1,7})?S)?$/, 'PT[hH][mM][sS] below 24h'],
  'Edm.TimeOfDay': [text, whole(clock(12)), 'hh:mm[:ss[.f]]'],
  // OData ABNF `durationValue`: days and time only, and never an empty `P` or `T` part.
  'Edm.Duration': [text, /^(?!.*[PT]$)[+-]?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, '[-]P[nD][T[nH][nM][nS]]'],
  'Edm.Binary': [
    (input) => (input instanceof Uint8Array ? Array.from(input, (byte) => byte.toString(16).padStart(2, '0')).join('') : text(input))?.toUpperCase(),
    /^([\dA-F]{2})*$/,
    'bytes or hex pairs',
  ],
  'Edm.Double': [numberText, FLOAT, 'a number', within(Number.MAX_VALUE, 'the double range')],
  'Edm.Single': [numberText, FLOAT, 'a number', within(3.4028234663852886e38, 'the single-precision range ±3.4028235e38')],
};

/** Why `text` (`undefined`: the input had the wrong JS type) is no canonical value of `type`, or `undefined` when it is one. */
function problem(type: EdmTypeName, text: string | undefined): string | undefined {
  const [, shape, form, check] = RULES[type];
  return text === undefined || !shape.test(text) ? `is not a valid ${type} (${form})` : check?.(text);
}

/**
 * Builders for typed OData values whose literal a plain JS value cannot express exactly. Each
 * validates its input and returns a frozen value, or throws a `TypeError` naming the builder,
 * the input and the expected form, e.g. `edm.date: "2024-13-01" is not a valid Edm.Date (YYYY-MM-DD)`.
 *
 * @example
 * client.function('GetPrice').parameter('Amount', edm.decimal('12.50')).parameter('Id', edm.guid(id))
 */
export interface EdmBuilders {
  /** `Edm.Decimal` from exact digits such as `'12.50'` (v4 `12.50`, v2 `12.50M`); a number only when its JS text has no exponent. */
  decimal(value: string | number): EdmDecimal;
  /** `Edm.Int64` from a digit string, a bigint or a safe-integer number, exact beyond 2^53 (v2 `9007199254740993L`). `+7` and `007` become `7`. */
  int64(value: string | bigint | number): EdmInt64;
  /** `Edm.Guid` from `8-4-4-4-12` hexadecimal digits (v4 unquoted, v2 `guid'…'`). */
  guid(value: string): EdmGuid;
  /** `Edm.Date` from a real `YYYY-MM-DD` date, or from a Date's UTC calendar date. v2 has no date type: `datetime'2024-01-31T00:00:00'`. */
  date(value: string | Date): EdmDate;
  /** `Edm.DateTimeOffset` from an ISO date-time ending in `Z` or `±hh:mm`, or from a Date (written in UTC). v2 `datetimeoffset'…'`. */
  dateTimeOffset(value: string | Date): EdmDateTimeOffset;
  /** `Edm.DateTime` (v2 only) from a date-time without zone, or from a Date's UTC date and time: `datetime'2024-01-31T10:00:00'`. */
  dateTime(value: string | Date): EdmDateTime;
  /** `Edm.Time` (v2) from a time of day in duration form, e.g. `PT10H30M`; sent to a v4 service as `Edm.TimeOfDay` `10:30:00`. */
  time(value: string): EdmTime;
  /** `Edm.TimeOfDay` (v4) from `hh:mm[:ss[.fff]]`; sent to a v2 service as `Edm.Time` `time'PT10H30M00S'`. */
  timeOfDay(value: string): EdmTimeOfDay;
  /** `Edm.Duration` (v4 only) from days and time, e.g. `P1DT2H`: `duration'P1DT2H'`. Years and months are refused. */
  duration(value: string): EdmDuration;
  /** `Edm.Binary` from bytes (copied) or from hexadecimal text with two digits per byte, either case. v4 `binary'<base64url>'`, v2 `X'0A1B'`. */
  binary(value: Uint8Array | string): EdmBinary;
  /** `Edm.Double` from any number, `NaN` and `±Infinity` included (`NaN`, `INF`, `-INF`); v2 `1.5D`. */
  double(value: number): EdmDouble;
  /** `Edm.Single` from a number whose finite value fits single precision; v2 `1.5F`. */
  single(value: number): EdmSingle;
}

/** The builder of one type: reads, validates and freezes; its TypeError names it, e.g. `edm.dateTimeOffset`. */
function builder<T extends EdmTypeName>(type: T): (input: unknown) => EdmOf<T> {
  const name = `edm.${type.charAt(4).toLowerCase()}${type.slice(5)}`;
  return (input) => {
    const value = RULES[type][0](input);
    const why = problem(type, value);
    // `value === undefined` always has a reason; testing it too lets TypeScript see a string below.
    if (value === undefined || why !== undefined) throw new TypeError(`${name}: ${describe(input)} ${why}`);
    return Object.freeze({ edmType: type, value });
  };
}

/**
 * Builders for typed OData values whose literal a plain JS value cannot express exactly: see {@link EdmBuilders}.
 *
 * @example
 * client.function('GetPrice').parameter('Amount', edm.decimal('12.50')).parameter('Id', edm.guid(id))
 */
// One implementation for all twelve, from RULES; EdmBuilders gives each its own signature.
export const edm: Readonly<EdmBuilders> = Object.freeze({
  decimal: builder('Edm.Decimal'),
  int64: builder('Edm.Int64'),
  guid: builder('Edm.Guid'),
  date: builder('Edm.Date'),
  dateTimeOffset: builder('Edm.DateTimeOffset'),
  dateTime: builder('Edm.DateTime'),
  time: builder('Edm.Time'),
  timeOfDay: builder('Edm.TimeOfDay'),
  duration: builder('Edm.Duration'),
  binary: builder('Edm.Binary'),
  double: builder('Edm.Double'),
  single: builder('Edm.Single'),
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
  return typeof edmType === 'string' && isEdmTypeName(edmType) && typeof value === 'string' && problem(edmType, value) === undefined;
}

function isEdmTypeName(name: string): name is EdmTypeName {
  return Object.hasOwn(RULES, name);
}
