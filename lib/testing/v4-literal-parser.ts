import { isValidDate, isValidTime } from './calendar.js';
import { fail, ok, type ParseResult } from './parse-result.js';

/** The EDM types an OData v4 URL literal can be read as. */
export type V4LiteralType =
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Guid'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset'
  | 'Edm.TimeOfDay'
  | 'Edm.Duration'
  | 'Edm.Binary'
  | 'Null';

/**
 * A parsed v4 literal. As for v2, `value` is exact: strings for Int64, Decimal, dates, times,
 * guids, durations and binary (base64url as written); numbers for Int32 and Double; `INF`,
 * `-INF` and `NaN` stay strings because JSON has no such numbers.
 */
export interface V4Literal {
  /**
   * The EDM type the literal reads as (`'Null'` for `null`). An integer is the smallest of
   * `Edm.Int32`, `Edm.Int64` and `Edm.Decimal` that holds it.
   */
  readonly type: V4LiteralType;
  /** The value without quotes or type prefix; a string's doubled quotes undone. */
  readonly value: string | number | boolean | null;
}

/** One `name=value` of a function call segment; `value` is the literal text (or `@alias`). */
export interface V4Argument {
  readonly name: string;
  readonly literal: string;
}

const INT32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const STRING = /^'((?:[^']|'')*)'$/;
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIMEOFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const TIMEOFDAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?$/;
const DURATION = /^duration'-?P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?'$/;
const BINARY = /^binary'([\w-]*={0,2})'$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d+\.\d+$/;
const DOUBLE = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
const IDENTIFIER = /^[A-Z_]\w*$/i;

const num = (text: string | undefined): number => (text === undefined ? 0 : Number(text));

/**
 * Parses one OData v4 URL literal (a function parameter or key in the path) strictly.
 * `'O''Neil'`, `2024`, `9007199254740993`, `12.50`, `1.5e3`, `true`, `null`,
 * `2024-01-31`, `2024-01-31T10:00:00Z`, `10:30:00`, a guid unquoted, `duration'PT1H'`, `binary'AQID'`.
 */
export function parseV4Literal(literal: string): ParseResult<V4Literal> {
  if (literal === 'null') return ok({ type: 'Null', value: null });
  if (literal === 'true' || literal === 'false') return ok({ type: 'Edm.Boolean', value: literal === 'true' });
  if (literal === 'INF' || literal === '-INF' || literal === 'NaN') return ok({ type: 'Edm.Double', value: literal });

  const string = STRING.exec(literal);
  if (string) return ok({ type: 'Edm.String', value: (string[1] ?? '').replace(/''/g, "'") });
  if (literal.startsWith("'")) return fail(`malformed string literal ${literal}: quotes inside a string are doubled ('')`);

  if (GUID.test(literal)) return ok({ type: 'Edm.Guid', value: literal });

  const date = DATE.exec(literal);
  if (date) {
    if (!isValidDate(num(date[1]), num(date[2]), num(date[3]))) return fail(`${literal} is not a real date`);
    return ok({ type: 'Edm.Date', value: literal });
  }
  const dto = DATETIMEOFFSET.exec(literal);
  if (dto) {
    const [, y, mo, d, h, mi, s, oh, om] = dto;
    if (!isValidDate(num(y), num(mo), num(d)) || !isValidTime(num(h), num(mi), num(s)) || num(oh) > 14 || num(om) > 59) {
      return fail(`${literal} is not a real date, time and offset`);
    }
    return ok({ type: 'Edm.DateTimeOffset', value: literal });
  }
  const tod = TIMEOFDAY.exec(literal);
  if (tod) {
    if (!isValidTime(num(tod[1]), num(tod[2]), num(tod[3]))) return fail(`${literal} is not a time of day`);
    return ok({ type: 'Edm.TimeOfDay', value: literal });
  }
  // The pattern allows every part to be absent; a duration needs at least one number, after any T.
  if (DURATION.test(literal) && /\d/.test(literal) && !literal.endsWith("T'")) {
    return ok({ type: 'Edm.Duration', value: literal.slice("duration'".length, -1) });
  }
  const binary = BINARY.exec(literal);
  if (binary) return ok({ type: 'Edm.Binary', value: binary[1] ?? '' });

  if (INTEGER.test(literal)) {
    const value = BigInt(literal);
    if (value >= INT32.min && value <= INT32.max) return ok({ type: 'Edm.Int32', value: Number(value) });
    if (value >= INT64.min && value <= INT64.max) return ok({ type: 'Edm.Int64', value: literal });
    return ok({ type: 'Edm.Decimal', value: literal });
  }
  if (DECIMAL.test(literal)) return ok({ type: 'Edm.Decimal', value: literal });
  if (DOUBLE.test(literal)) {
    const value = Number(literal);
    if (!Number.isFinite(value)) return fail(`${literal} is outside the Edm.Double range`);
    return ok({ type: 'Edm.Double', value });
  }
  return fail(`malformed URL literal ${literal === '' ? '(empty)' : literal}`);
}

/**
 * Splits the inside of a call segment (`Year=2024,Region='EMEA'`) into arguments. Commas and
 * parentheses inside string literals do not split; duplicate or badly named parameters fail.
 */
export function parseV4Arguments(inside: string): ParseResult<V4Argument[]> {
  if (inside === '') return ok([]);
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of inside) {
    // Toggling on every quote also handles doubled quotes: they leave and re-enter the string.
    if (char === "'") quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) return fail(`unterminated string literal in (${inside})`);
  parts.push(current);
  const args: V4Argument[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq);
    if (!IDENTIFIER.test(name)) return fail(`malformed parameter "${part}": expected name=value`);
    if (args.some((a) => a.name === name)) return fail(`parameter ${name} is given twice`);
    args.push({ name, literal: part.slice(eq + 1) });
  }
  return ok(args);
}
