import { describeValue as describe } from '../errors/describe-value.js';
import { edm, isEdmValue, type EdmTypeName, type EdmValue } from './edm.js';

/**
 * A value for an operation parameter. Plain JS values map to their natural EDM type: a string
 * is `Edm.String`, a number `Edm.Int32`/`Edm.Int64` when it is a safe integer and `Edm.Double`
 * otherwise, a `Date` `Edm.DateTimeOffset`. Anything else needs a typed `edm.*` value.
 */
export type ParameterValue = string | number | boolean | null | Date | EdmValue;

/** Which literal grammar to write: OData v4, or OData v2 as SAP Gateway function imports read it. */
export type ODataProtocolVersion = 'v4' | 'v2';

/** Writes the literal of a canonical edm value; a string instead names what to use, the type having no literal in that protocol. */
type Form = ((value: string) => string) | string;

const same = (value: string): string => value;
const quoted =
  (prefix: string) =>
  (value: string): string =>
    `${prefix}'${value}'`;
/** v2 numbers carry a type suffix, and the MS-ODATA grammar writes the exponent with `E` (JS writes `e`). */
const suffixed =
  (suffix: string) =>
  (value: string): string =>
    `${value.replace('e', 'E')}${suffix}`;

/**
 * v4 doubles without the exponent's optional `+` (`1e300`, not `1e+300`): the ABNF allows both, but
 * SAP CAP (cds 9) refuses `1e+300` as an invalid resource path, and a `+` is the one character that
 * form decoding would turn into a space.
 */
const v4Float = (value: string): string => value.replace('e+', 'e');

/**
 * v4 time of day always with seconds (`10:30` → `10:30:00`): the ABNF makes them optional, but
 * SAP CAP (cds 9) refuses `hh:mm` as an invalid resource path; the value is the same.
 */
const v4Clock = (value: string): string => (value.length === 5 ? `${value}:00` : value);

/** Whether `n` is an `Edm.Int32`, which v2 writes without a type suffix. */
const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/** `10:30:05.5` → `PT10H30M05.5S`; `10:30` → `PT10H30M`. */
function durationOfClock(clock: string): string {
  const [hours, minutes, seconds] = clock.split(':');
  return `PT${hours}H${minutes}M${seconds ? `${seconds}S` : ''}`;
}

/** `PT10H30M` → `10:30:00`; `PT5.25S` → `00:00:05.25` (each part padded to two integer digits). */
function clockOfDuration(duration: string): string {
  const [, ...parts] = /PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?/.exec(duration) ?? [];
  return parts.map((part) => (part ?? '0').replace(/^\d(?!\d)/, '0$&')).join(':');
}

/** Upper-case hex pairs → RFC 4648 §5 base64url, padded. */
export function base64UrlOfHex(hex: string): string {
  return btoa(hex.replace(/../g, (pair) => String.fromCharCode(parseInt(pair, 16))))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * The literal of each edm type, `[v4, v2]`. `Edm.Time` (v2) and `Edm.TimeOfDay` (v4) are the
 * same thing, a time of day, so each is written in the other protocol's form. `Edm.DateTime`
 * and `Edm.Duration` have no counterpart whose meaning is certain (a zone would have to be
 * guessed; v2 `time` is limited to one day).
 */
const FORMS: Readonly<Record<EdmTypeName, readonly [v4: Form, v2: Form]>> = {
  'Edm.Decimal': [same, suffixed('M')],
  'Edm.Int64': [same, suffixed('L')],
  'Edm.Guid': [same, quoted('guid')],
  'Edm.Date': [same, (value) => `datetime'${value}T00:00:00'`],
  'Edm.DateTimeOffset': [same, quoted('datetimeoffset')],
  'Edm.DateTime': ['edm.dateTimeOffset or edm.date', quoted('datetime')],
  'Edm.Time': [clockOfDuration, quoted('time')],
  'Edm.TimeOfDay': [v4Clock, (value) => quoted('time')(durationOfClock(value))],
  'Edm.Duration': [quoted('duration'), 'edm.time for a time of day'],
  'Edm.Binary': [(value) => quoted('binary')(base64UrlOfHex(value)), quoted('X')],
  'Edm.Double': [v4Float, suffixed('D')],
  'Edm.Single': [v4Float, suffixed('F')],
};

/**
 * Writes the OData literal of a parameter value, not yet percent-encoded (see {@link encodeLiteralForUrl}).
 *
 * | value                          | v4                        | v2                                 |
 * |--------------------------------|---------------------------|------------------------------------|
 * | `"it's"`                       | `'it''s'`                 | `'it''s'`                          |
 * | `42` / `2**40` / `1.5`         | `42` / `1099511627776` / `1.5` | `42` / `1099511627776L` / `1.5D` |
 * | `1e300`                        | `1e300`                   | `1E+300D`                          |
 * | `NaN` / `Infinity`             | `NaN` / `INF`             | `NaND` / `INFD`                    |
 * | `true` / `null`                | `true` / `null`           | `true` / `null`                    |
 * | `Date` / `edm.dateTimeOffset`  | `2024-01-31T10:00:00Z`    | `datetimeoffset'2024-01-31T10:00:00Z'` |
 * | `edm.date('2024-01-31')`       | `2024-01-31`              | `datetime'2024-01-31T00:00:00'`    |
 * | `edm.dateTime(..)`             | TypeError (no such v4 type) | `datetime'2024-01-31T10:00:00'`  |
 * | `edm.guid(g)`                  | `g` (unquoted)            | `guid'g'`                          |
 * | `edm.decimal('12.50')`         | `12.50`                   | `12.50M`                           |
 * | `edm.int64('9007199254740993')`| `9007199254740993`        | `9007199254740993L`                |
 * | `edm.double(1.5)` / `edm.single(1.5)` | `1.5`              | `1.5D` / `1.5F`                    |
 * | `edm.binary('0a1b')`           | `binary'Chs='` (base64url) | `X'0A1B'`                         |
 * | `edm.timeOfDay('10:30:00')`    | `10:30:00`                | `time'PT10H30M00S'`                |
 * | `edm.timeOfDay('10:30')`       | `10:30:00`                | `time'PT10H30M'`                   |
 * | `edm.time('PT10H30M')`         | `10:30:00`                | `time'PT10H30M'`                   |
 * | `edm.duration('PT10H')`        | `duration'PT10H'`         | TypeError (no such v2 type)        |
 *
 * @param value The parameter value.
 * @param protocol `'v4'` or `'v2'` (the client's validated protocol).
 * @return The literal text.
 * @throws TypeError for a value that has no literal (undefined, objects, arrays, functions,
 *   symbols, bigints not wrapped in `edm.int64`, invalid Dates, strings with unpaired surrogates)
 *   or no literal in this protocol, and for a protocol other than `'v4'` and `'v2'`.
 */
export function formatLiteral(value: ParameterValue, protocol: ODataProtocolVersion): string {
  // Plain JS callers (or casts) can pass anything: the checks below work on what arrives.
  if (protocol !== 'v4' && protocol !== 'v2') throw new TypeError(`protocol must be 'v4' or 'v2', got ${describe(protocol)}`);
  const input: unknown = value;
  if (input === null || typeof input === 'boolean') return String(input);
  if (typeof input === 'string') return `'${assertWellFormed(input).replaceAll("'", "''")}'`;
  if (typeof input === 'number') {
    // v4 has one number grammar; v2 types its numbers: Int32 plain, other safe integers Int64 `L`, the rest Double `D`.
    if (protocol === 'v2' && isInt32(input)) return String(input);
    return protocol === 'v2' && Number.isSafeInteger(input) ? `${input}L` : formatLiteral(edm.double(input), protocol);
  }
  const edmValue = input instanceof Date ? edm.dateTimeOffset(input) : input;
  if (!isEdmValue(edmValue)) {
    const got = describe(input);
    if (typeof input === 'bigint') throw new TypeError(`${got} needs an EDM type: wrap it as edm.int64(${got})`);
    if (typeof input === 'object' && input !== null && 'edmType' in input) {
      throw new TypeError(`an object with edmType ${describe(input.edmType)} is not a valid edm value; build it with edm.*`);
    }
    throw new TypeError(`${got} cannot be an OData URL literal; pass a string, number, boolean, null, Date or edm.* value`);
  }
  const form = FORMS[edmValue.edmType][protocol === 'v4' ? 0 : 1];
  if (typeof form === 'string') throw new TypeError(`${edmValue.edmType} does not exist in OData ${protocol}; use ${form}`);
  return form(edmValue.value);
}

/**
 * Percent-encodes a literal so that it cannot leave its place in a URL: everything
 * `encodeURIComponent` encodes, and also `'`, `(`, `)`, `*` and `!`.
 *
 * Servers percent-decode before they parse a literal (the OData ABNF spells the quote
 * `"'" / "%27"`), so the result means exactly the same, yet no character of the value can end
 * the parameter (`&`, `,`, `)`), the path (`/`, `?`, `#`) or the request line (CR, LF, space).
 *
 * @example encodeLiteralForUrl("'a&b'") // → '%27a%26b%27'
 * @throws TypeError when the text holds an unpaired UTF-16 surrogate (it has no UTF-8 form).
 */
export function encodeLiteralForUrl(literal: string): string {
  return encodeURIComponent(assertWellFormed(literal)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `text`, unless it holds an unpaired UTF-16 surrogate, which has no UTF-8 form (`\p{Cs}` matches only unpaired ones in `u` mode). */
function assertWellFormed(text: string): string {
  const lone = /\p{Cs}/u.exec(text);
  if (lone) throw new TypeError(`unpaired UTF-16 surrogate at index ${lone.index}: it cannot be sent in a URL`);
  return text;
}
