import { edm, isEdmValue, type EdmValue } from './edm.js';

/**
 * A value for an operation parameter. Plain JS values map to their natural EDM type: a string
 * is `Edm.String`, a number `Edm.Int32`/`Edm.Int64` when it is a safe integer and `Edm.Double`
 * otherwise, a `Date` `Edm.DateTimeOffset`. Anything else needs a typed `edm.*` value.
 */
export type ParameterValue = string | number | boolean | null | Date | EdmValue;

/** Which literal grammar to write: OData v4, or OData v2 as SAP Gateway function imports read it. */
export type ODataProtocolVersion = 'v4' | 'v2';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** An unpaired UTF-16 surrogate: `encodeURIComponent` cannot encode it, and no server could decode it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Writes the OData literal of a parameter value, not yet percent-encoded (see {@link encodeLiteralForUrl}).
 *
 * | value                          | v4                        | v2                                 |
 * |--------------------------------|---------------------------|------------------------------------|
 * | `"it's"`                       | `'it''s'`                 | `'it''s'`                          |
 * | `42` / `2**40` / `1.5`         | `42` / `1099511627776` / `1.5` | `42` / `1099511627776L` / `1.5D` |
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
 * | `edm.time('PT10H30M')`         | `10:30:00`                | `time'PT10H30M'`                   |
 * | `edm.duration('PT10H')`        | `duration'PT10H'`         | TypeError (no such v2 type)        |
 *
 * `Edm.Time` (v2) and `Edm.TimeOfDay` (v4) are the same thing, a time of day, so each is written
 * in the other protocol's form. `Edm.DateTime` and `Edm.Duration` have no counterpart whose
 * meaning is certain (a zone would have to be guessed; v2 `time` is limited to one day).
 *
 * @param value The parameter value.
 * @param protocol `'v4'` or `'v2'`.
 * @return The literal text.
 * @throws TypeError for a value that has no literal (undefined, objects, arrays, functions,
 *   symbols, bigints not wrapped in `edm.int64`, invalid Dates, strings with unpaired surrogates)
 *   or no literal in this protocol.
 */
export function formatLiteral(value: ParameterValue, protocol: ODataProtocolVersion): string {
  if (protocol !== 'v4' && protocol !== 'v2') throw new TypeError(`protocol must be 'v4' or 'v2', got ${String(protocol)}`);
  return formatUnknown(value, protocol);
}

/** The dispatch works on `unknown`: callers from plain JS (or with casts) can pass anything. */
function formatUnknown(value: unknown, protocol: ODataProtocolVersion): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      assertWellFormed(value);
      return `'${value.replaceAll("'", "''")}'`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return protocol === 'v4' ? numberV4(value) : numberV2(value);
    case 'object':
      if (value instanceof Date) return formatEdm(edm.dateTimeOffset(value), protocol);
      if (isEdmValue(value)) return formatEdm(value, protocol);
      if ('edmType' in value) {
        throw new TypeError(
          `an object with edmType ${String(value.edmType)} that is not a valid edm value cannot be a parameter; build it with edm.*, e.g. edm.decimal('12.50')`,
        );
      }
      throw new TypeError(
        `${Array.isArray(value) ? 'an array' : 'an object'} cannot be an OData URL literal; pass a string, number, boolean, null, Date or an edm.* value`,
      );
    case 'bigint':
      throw new TypeError(`a bigint needs its EDM type: wrap it as edm.int64(${String(value)}n)`);
    default:
      throw new TypeError(`a value of type ${typeof value} cannot be an OData URL literal; pass a string, number, boolean, null, Date or an edm.* value`);
  }
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
  assertWellFormed(literal);
  return encodeURIComponent(literal).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function assertWellFormed(text: string): void {
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null) {
    throw new TypeError(
      `the string has an unpaired UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()} at index ${lone.index}) and cannot be sent in a URL`,
    );
  }
}

/** v4: integers and doubles share one grammar; `edm.double` writes NaN/INF/-INF. */
function numberV4(n: number): string {
  return edm.double(n).value;
}

/** v2: Int32 plain, other safe integers Int64 `L`, everything else Double `D`. */
function numberV2(n: number): string {
  if (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX) return String(n);
  if (Number.isSafeInteger(n)) return `${n}L`;
  return formatEdm(edm.double(n), 'v2');
}

function formatEdm(value: EdmValue, protocol: ODataProtocolVersion): string {
  return protocol === 'v4' ? formatEdmV4(value) : formatEdmV2(value);
}

function formatEdmV4(value: EdmValue): string {
  switch (value.edmType) {
    case 'Edm.Duration':
      return `duration'${value.value}'`;
    case 'Edm.Binary':
      return `binary'${base64UrlOfHex(value.value)}'`;
    case 'Edm.Time':
      return clockOfDuration(value.value);
    case 'Edm.DateTime':
      throw new TypeError(
        `Edm.DateTime (${value.value}) does not exist in OData v4; use edm.dateTimeOffset('${value.value}Z') for UTC, or edm.date(..) for a date`,
      );
    default:
      // Decimal, Int64, Guid, Date, DateTimeOffset, TimeOfDay, Double, Single: the canonical value is the literal.
      return value.value;
  }
}

function formatEdmV2(value: EdmValue): string {
  switch (value.edmType) {
    case 'Edm.Decimal':
      return `${value.value}M`;
    case 'Edm.Int64':
      return `${value.value}L`;
    case 'Edm.Guid':
      return `guid'${value.value}'`;
    case 'Edm.Date':
      return `datetime'${value.value}T00:00:00'`;
    case 'Edm.DateTime':
      return `datetime'${value.value}'`;
    case 'Edm.DateTimeOffset':
      return `datetimeoffset'${value.value}'`;
    case 'Edm.Time':
      return `time'${value.value}'`;
    case 'Edm.TimeOfDay':
      return `time'${durationOfClock(value.value)}'`;
    case 'Edm.Binary':
      return `X'${value.value}'`;
    // The MS-ODATA grammar writes the exponent with E; JS writes e.
    case 'Edm.Double':
      return `${value.value.replace('e', 'E')}D`;
    case 'Edm.Single':
      return `${value.value.replace('e', 'E')}F`;
    case 'Edm.Duration':
      throw new TypeError(
        `Edm.Duration (${value.value}) does not exist in OData v2; for a time of day use edm.time('PT10H30M'), otherwise pass the duration as the type the service declares`,
      );
  }
}

/** `10:30:05.5` → `PT10H30M05.5S`; `10:30` → `PT10H30M`. */
function durationOfClock(clock: string): string {
  const seconds = clock.slice(6);
  return `PT${clock.slice(0, 2)}H${clock.slice(3, 5)}M${seconds === '' ? '' : `${seconds}S`}`;
}

/** `PT10H30M` → `10:30:00`; `PT5.25S` → `00:00:05.25`. */
function clockOfDuration(duration: string): string {
  // Each unit letter occurs once in a validated `PT..H..M..S`, so a search per unit suffices.
  const part = (unit: string): string => twoDigits(new RegExp(`([\\d.]+)${unit}`).exec(duration)?.[1] ?? '0');
  return `${part('H')}:${part('M')}:${part('S')}`;
}

/** Pads a one-digit integer part: `5` → `05`, `5.25` → `05.25`, `10` stays. */
function twoDigits(number: string): string {
  return number.replace(/^\d(?!\d)/, '0$&');
}

/** Hex (validated upper-case pairs) → RFC 4648 §5 base64url, padded. */
function base64UrlOfHex(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_');
}
