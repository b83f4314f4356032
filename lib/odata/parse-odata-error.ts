import { isRight } from 'fp-ts/lib/Either.js';
import {
  ErrorDetailBody,
  ErrorEnvelope,
  LegacyErrorEnvelope,
  SapInnerError,
  type ErrorCode,
  type ErrorMessage,
  type ErrorObjectBody,
} from './odata-error-codecs.js';
import type { ODataError, ODataErrorDetail } from './odata-error.js';

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
    const error = errorObjectOf(body);
    return error === undefined ? undefined : toODataError(error);
  } catch {
    // Decoding reads properties; a body with throwing getters (never from JSON.parse, but
    // possible from a caller) must still give "not an error" rather than an exception.
    return undefined;
  }
}

function errorObjectOf(body: unknown): ErrorObjectBody | undefined {
  const v4 = ErrorEnvelope.decode(body);
  if (isRight(v4)) return v4.right.error;
  const legacy = LegacyErrorEnvelope.decode(body);
  return isRight(legacy) ? legacy.right['odata.error'] : undefined;
}

function toODataError(error: ErrorObjectBody): ODataError {
  const sapInner = SapInnerError.decode(error.innererror);
  const details = [...decodeDetails(error.details), ...(isRight(sapInner) ? decodeDetails(sapInner.right.errordetails) : [])];
  const target = nonEmpty(error.target);
  return {
    code: codeText(error.code),
    message: messageText(error.message),
    ...(target === undefined ? {} : { target }),
    details,
    ...(error.innererror === undefined ? {} : { innererror: error.innererror }),
  };
}

function decodeDetails(list: unknown): ODataErrorDetail[] {
  if (!Array.isArray(list)) return [];
  const details: ODataErrorDetail[] = [];
  for (const entry of list) {
    const decoded = ErrorDetailBody.decode(entry);
    if (isRight(decoded)) details.push(toDetail(decoded.right));
  }
  return details;
}

function toDetail(detail: ErrorDetailBody): ODataErrorDetail {
  const target = nonEmpty(detail.target) ?? nonEmpty(detail.propertyref);
  const severity = nonEmpty(detail.severity);
  return {
    code: codeText(detail.code),
    message: messageText(detail.message),
    ...(target === undefined ? {} : { target }),
    ...(severity === undefined ? {} : { severity }),
  };
}

function codeText(code: ErrorCode): string {
  if (typeof code === 'string') return code;
  return typeof code === 'number' ? String(code) : '';
}

function messageText(message: ErrorMessage): string {
  return typeof message === 'string' ? message : message.value;
}

function nonEmpty(text: string | null | undefined): string | undefined {
  return typeof text === 'string' && text !== '' ? text : undefined;
}
