import * as t from 'io-ts';

/** A localized text as OData v2 / JSON verbose and SAP Gateway send it: `{"lang":"en","value":".."}`. */
export const LangValue = t.intersection([t.type({ value: t.string }), t.partial({ lang: t.union([t.string, t.null]) })]);
export type LangValue = t.TypeOf<typeof LangValue>;

/** A message: a plain string (v4) or a `{lang,value}` object (v2, v3 verbose, some Gateway details). */
export const ErrorMessage = t.union([t.string, LangValue]);
export type ErrorMessage = t.TypeOf<typeof ErrorMessage>;

/**
 * An error code. Missing and `null` are both seen in the wild (v4 services that only set
 * `message`); some services send a number.
 */
export const ErrorCode = t.union([t.string, t.number, t.null, t.undefined]);
export type ErrorCode = t.TypeOf<typeof ErrorCode>;

/** An optional string property that servers also send as `null`. */
const OptionalText = t.union([t.string, t.null, t.undefined]);

/**
 * One detail entry: v4 `details[]` (`code`, `message`, `target`) or SAP `errordetails[]`
 * (`code`, `message`, `propertyref`, `severity`, `target`).
 */
export const ErrorDetailBody = t.intersection([
  t.type({ message: ErrorMessage }),
  t.partial({ code: ErrorCode, target: OptionalText, propertyref: OptionalText, severity: OptionalText }),
]);
export type ErrorDetailBody = t.TypeOf<typeof ErrorDetailBody>;

/**
 * The object inside `error` / `odata.error`. `details` and `innererror` are kept as `unknown`
 * here and their entries decoded one by one, so a single malformed detail does not hide the
 * main error.
 */
export const ErrorObjectBody = t.intersection([
  t.type({ message: ErrorMessage }),
  t.partial({ code: ErrorCode, target: OptionalText, details: t.unknown, innererror: t.unknown }),
]);
export type ErrorObjectBody = t.TypeOf<typeof ErrorObjectBody>;

/** OData v4 and SAP Gateway v2 JSON: `{"error":{..}}`. */
export const ErrorEnvelope = t.type({ error: ErrorObjectBody });
export type ErrorEnvelope = t.TypeOf<typeof ErrorEnvelope>;

/** OData v2/v3 JSON (verbose and light): `{"odata.error":{..}}`. */
export const LegacyErrorEnvelope = t.type({ 'odata.error': ErrorObjectBody });
export type LegacyErrorEnvelope = t.TypeOf<typeof LegacyErrorEnvelope>;

/** SAP Gateway's `innererror`, as far as we read it: the `errordetails` list. */
export const SapInnerError = t.type({ errordetails: t.UnknownArray });
export type SapInnerError = t.TypeOf<typeof SapInnerError>;
