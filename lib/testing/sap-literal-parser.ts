import { isValidDate, isValidTime } from './calendar.js';
import { fail, ok, type ParseResult } from './parse-result.js';

/** The EDM types an OData v2 URI literal can name. */
export type SapLiteralType =
  | 'Edm.String'
  | 'Edm.DateTime'
  | 'Edm.DateTimeOffset'
  | 'Edm.Time'
  | 'Edm.Guid'
  | 'Edm.Decimal'
  | 'Edm.Int64'
  | 'Edm.Double'
  | 'Edm.Single'
  | 'Edm.Binary'
  | 'Edm.Boolean'
  | 'Edm.Int32'
  | 'Null';

/**
 * A parsed v2 literal. `value` is JSON-friendly and exact: strings for the types a JavaScript
 * number cannot hold exactly (Int64, Decimal) and for dates, times, guids and binary (upper-case
 * hex); numbers for Int32, Double and Single, except `INF`, `-INF` and `NaN`, which stay strings
 * because JSON has no such numbers; booleans; `null`.
 */
export interface SapLiteral {
  /** The EDM type the literal's syntax names (`'Null'` for `null`); an unsuffixed integer is `Edm.Int32`. */
  readonly type: SapLiteralType;
  /** The value without quotes or type prefix and suffix; a string's doubled quotes undone. */
  readonly value: string | number | boolean | null;
}

const INT32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const DATETIME = /^datetime'(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?'$/;
const DATETIMEOFFSET = /^datetimeoffset'(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-](\d{2}):(\d{2}))'$/;
const TIME = /^time'PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d{1,7})?S)?'$/;
const GUID = /^guid'([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})'$/;
const DECIMAL = /^([+-]?\d{1,29}(?:\.\d{1,29})?)M$/i;
const INT64_LITERAL = /^([+-]?\d+)L$/i;
const FLOAT = /^([+-]?\d+(?:\.\d+)?(?:E[+-]?\d+)?)([DF])$/i;
/** The v2 grammar's `nan`, `negativeInfinity` and `positiveInfinity`, with the Double or Single suffix. */
const NON_FINITE = /^(NaN|-INF|INF)([DdFf])$/;
const BINARY = /^(?:X|binary)'([0-9A-Fa-f]*)'$/;
const STRING = /^'((?:[^']|'')*)'$/;
const INTEGER = /^[+-]?\d+$/;

const inner = (literal: string): string => literal.slice(literal.indexOf("'") + 1, -1);
const num = (text: string | undefined): number => (text === undefined ? 0 : Number(text));

/**
 * Parses one OData v2 URI literal (the form SAP Gateway function imports take in the query
 * string) strictly: a value a lenient server would guess at is refused, so a client that
 * encodes a type wrongly fails in its tests rather than in production.
 *
 * `'O''Neil'`, `datetime'2024-01-31T00:00:00'`, `datetimeoffset'2024-01-31T10:00:00Z'`,
 * `time'PT10H30M'`, `guid'…'`, `12.50M`, `9007199254740993L`, `1.5D`, `1.5F`, `X'0A1B'`,
 * `binary'0A1B'`, `true`, `false`, `null`, `42`.
 */
export function parseSapLiteral(literal: string): ParseResult<SapLiteral> {
  if (literal === 'null') return ok({ type: 'Null', value: null });
  if (literal === 'true' || literal === 'false') return ok({ type: 'Edm.Boolean', value: literal === 'true' });

  const string = STRING.exec(literal);
  if (string) return ok({ type: 'Edm.String', value: (string[1] ?? '').replace(/''/g, "'") });
  if (literal.startsWith("'")) return fail(`malformed string literal ${literal}: quotes inside a string are doubled ('')`);

  const dt = DATETIME.exec(literal);
  if (dt) {
    const [, y, mo, d, h, mi, s] = dt;
    if (!isValidDate(num(y), num(mo), num(d)) || !isValidTime(num(h), num(mi), num(s))) {
      return fail(`${literal} is not a real date and time`);
    }
    return ok({ type: 'Edm.DateTime', value: inner(literal) });
  }
  if (literal.startsWith("datetime'")) {
    return fail(
      `malformed Edm.DateTime literal ${literal}: expected datetime'yyyy-mm-ddThh:mm[:ss[.fffffff]]' without offset (use datetimeoffset'…' for an offset)`,
    );
  }

  const dto = DATETIMEOFFSET.exec(literal);
  if (dto) {
    const [, y, mo, d, h, mi, s, oh, om] = dto;
    if (!isValidDate(num(y), num(mo), num(d)) || !isValidTime(num(h), num(mi), num(s)) || num(oh) > 14 || num(om) > 59) {
      return fail(`${literal} is not a real date, time and offset`);
    }
    return ok({ type: 'Edm.DateTimeOffset', value: inner(literal) });
  }
  if (literal.startsWith("datetimeoffset'")) {
    return fail(`malformed Edm.DateTimeOffset literal ${literal}: expected datetimeoffset'yyyy-mm-ddThh:mm[:ss[.fffffff]](Z|±hh:mm)'`);
  }

  const time = TIME.exec(literal);
  if (time && (time[1] !== undefined || time[2] !== undefined || time[3] !== undefined)) {
    if (!isValidTime(num(time[1]), num(time[2]), num(time[3]))) return fail(`${literal} is not a time of day`);
    return ok({ type: 'Edm.Time', value: inner(literal) });
  }
  if (literal.startsWith("time'")) return fail(`malformed Edm.Time literal ${literal}: expected time'PT[hH][mM][s[.f]S]'`);

  const guid = GUID.exec(literal);
  if (guid) return ok({ type: 'Edm.Guid', value: guid[1] ?? '' });
  if (literal.startsWith("guid'")) return fail(`malformed Edm.Guid literal ${literal}: expected guid'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'`);

  const binary = BINARY.exec(literal);
  if (binary) {
    const hex = binary[1] ?? '';
    if (hex.length % 2 !== 0) return fail(`malformed Edm.Binary literal ${literal}: an odd number of hex digits`);
    return ok({ type: 'Edm.Binary', value: hex.toUpperCase() });
  }
  if (/^(?:X|binary)'/i.test(literal)) return fail(`malformed Edm.Binary literal ${literal}: expected X'hex' or binary'hex'`);

  const decimal = DECIMAL.exec(literal);
  if (decimal) return ok({ type: 'Edm.Decimal', value: decimal[1] ?? '' });

  const int64 = INT64_LITERAL.exec(literal);
  if (int64) {
    const digits = int64[1] ?? '';
    const value = BigInt(digits);
    if (value < INT64.min || value > INT64.max) return fail(`${literal} is outside the Edm.Int64 range`);
    return ok({ type: 'Edm.Int64', value: digits });
  }

  const nonFinite = NON_FINITE.exec(literal);
  if (nonFinite) return ok({ type: nonFinite[2]?.toUpperCase() === 'F' ? 'Edm.Single' : 'Edm.Double', value: nonFinite[1] ?? '' });

  const float = FLOAT.exec(literal);
  if (float) {
    const value = Number(float[1]);
    if (!Number.isFinite(value)) return fail(`${literal} is outside the ${float[2]?.toUpperCase() === 'F' ? 'Edm.Single' : 'Edm.Double'} range`);
    return ok({ type: float[2]?.toUpperCase() === 'F' ? 'Edm.Single' : 'Edm.Double', value });
  }

  if (INTEGER.test(literal)) {
    const value = BigInt(literal);
    if (value < INT32.min || value > INT32.max) return fail(`${literal} is outside the Edm.Int32 range: use the L suffix for Edm.Int64`);
    return ok({ type: 'Edm.Int32', value: Number(value) });
  }
  if (/^[+-]?\d+\.\d+$/.test(literal)) {
    return fail(`${literal} has no type suffix: write ${literal}M (Edm.Decimal), ${literal}D (Edm.Double) or ${literal}F (Edm.Single)`);
  }
  return fail(`malformed URI literal ${literal === '' ? '(empty)' : literal}`);
}
