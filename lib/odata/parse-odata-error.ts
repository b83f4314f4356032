import * as t from 'io-ts';
import type { ODataError, ODataErrorDetail } from './odata-error.js';
import { withoutUndefined } from './without-undefined.js';

/**
 * What makes an error object or a detail entry: a `message`, a plain string (v4) or a
 * `{lang, value}` object (SAP Gateway, v2/v3), and a `code` that may be missing, `null` or a
 * number (all seen in the wild). Its other fields are read one by one, so that a malformed
 * `target` or detail is left out rather than hiding the whole error.
 */
const Message = t.type({ message: t.union([t.string, t.type({ value: t.string })]) });
const Code = t.partial({ code: t.union([t.string, t.number, t.null]) });
/** Both codecs' fields, and the entry's other fields as JSON (read one by one). */
type ErrorEntry = t.TypeOf<typeof Message> & t.TypeOf<typeof Code> & Readonly<Record<string, unknown>>;

/**
 * Whether `entry` is an {@link ErrorEntry}: each codec's `is` in turn (`t.type` checks that it is
 * a record). The same test as `t.intersection` of the two, without shipping that combinator.
 */
function isErrorEntry(entry: unknown): entry is ErrorEntry {
  return Message.is(entry) && Code.is(entry);
}

/**
 * Reads an OData error from a parsed response body, whichever shape the server used.
 *
 * Accepted shapes:
 * - OData v4 JSON: `{"error":{"code","message","target","details":[..],"innererror":{..}}}`,
 *   also with `code` missing or `null` (then `code` is `''`).
 * - SAP Gateway v2: `{"error":{"code","message":{"lang","value"},"innererror":{"errordetails":[..]}}}`,
 *   where each `errordetails[].message` may be a string or a `{lang,value}` object.
 * - OData v2/v3 JSON: `{"odata.error":{"code","message":{"lang","value"},"innererror":..}}`.
 *
 * v4 `details` come first, then SAP `errordetails`. A detail entry without a message is
 * skipped rather than failing the whole error. A detail's `target` falls back to SAP's
 * `propertyref`; empty targets and severities are left out.
 *
 * @example
 * parseODataError({ error: { code: 'E1', message: { lang: 'en', value: 'No' } } })
 * // → { code: 'E1', message: 'No', details: [] }
 *
 * @param body A parsed JSON body (`unknown`: it is decoded, never trusted).
 * @return The error, or `undefined` when the body is not an OData error. Never throws.
 */
export function parseODataError(body: unknown): ODataError | undefined {
  try {
    if (!t.UnknownRecord.is(body)) return undefined;
    for (const error of [body['error'], body['odata.error']]) if (isErrorEntry(error)) return toODataError(error);
  } catch {
    // Decoding reads properties; a body with throwing getters (never from JSON.parse, but
    // possible from a caller) must still give "not an error" rather than an exception.
  }
  return undefined;
}

function toODataError(error: ErrorEntry): ODataError {
  const inner = error['innererror'];
  const sapDetails = t.UnknownRecord.is(inner) ? inner['errordetails'] : undefined;
  return entryOf(error, { details: [...detailsOf(error['details']), ...detailsOf(sapDetails)], innererror: inner });
}

/** The entries of a v4 `details` or SAP `errordetails` list that have a message. */
function detailsOf(list: unknown): ODataErrorDetail[] {
  return t.UnknownArray.is(list)
    ? list
        .filter((entry) => isErrorEntry(entry))
        .map((entry) => entryOf(entry, { target: nonEmpty(entry['target']) ?? nonEmpty(entry['propertyref']), severity: nonEmpty(entry['severity']) }))
    : [];
}

/**
 * An error or detail in our shape: `code` as text (`''` when missing or `null`), `message` with
 * SAP's `{lang, value}` reduced to `value`, a non-empty `target`, then `fields` (which may replace
 * `target`); no `undefined` values.
 */
function entryOf<T extends object>({ code, message, target }: ErrorEntry, fields: T): ODataErrorDetail & T {
  // `fields` is spread last so that its keys win: a detail's `target` (SAP's `propertyref` when
  // `target` is empty) replaces the one read from the entry.
  return withoutUndefined({
    code: code == null ? '' : String(code),
    message: typeof message === 'string' ? message : message.value,
    target: nonEmpty(target),
    ...fields,
  });
}

function nonEmpty(text: unknown): string | undefined {
  return typeof text === 'string' && text !== '' ? text : undefined;
}
