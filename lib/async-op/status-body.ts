import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { ODataError } from '../odata/odata-error.js';
import { parseODataError } from '../odata/parse-odata-error.js';
import { AsyncOpStatus } from './async-op-status.js';

/** What a status monitor's body says about the operation, whichever of the known shapes it used. */
export interface StatusBodyFields {
  /** The server's own word, as sent (`InProgress`, `completed`, `SCHEDULED`, …). */
  readonly rawStatus: string;
  /** Progress clamped to 0–100. */
  readonly percentComplete?: number;
  /** The result link as sent: not resolved, not origin-checked. */
  readonly resultUrl?: string;
  readonly error?: ODataError;
}

/** Status field names, in order of precedence: SAP custom entities, Azure and Graph, Graph stepwise LRO. */
const STATUS_KEYS = ['Status', 'status', 'state'] as const;
/** Progress field names: SAP, Azure, Graph copy monitor, others. */
const PROGRESS_KEYS = ['PercentComplete', 'percentComplete', 'percentageComplete', 'progress'] as const;
/** Result link field names: SAP, Azure-style, Graph stepwise LRO. */
const RESULT_KEYS = ['ResultURL', 'resultUrl', 'resourceLocation'] as const;

/** A status word: a string with something in it (a blank status says nothing about the state). */
export const StatusWord = new t.Type<string, string, unknown>(
  'StatusWord',
  (u): u is string => typeof u === 'string' && u.trim() !== '',
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u) : t.failure(u, c, 'a status word must be a non-blank string')),
  t.identity,
);
export type StatusWord = t.TypeOf<typeof StatusWord>;

/** A decimal number as text: `"42"`, `"27.8"`, `" 1e2 "`, `"40%"`. */
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*%?\s*$/i;

/**
 * Progress in percent: a finite number or numeric text, clamped to 0–100 (servers report 100.4
 * after rounding, or -1 for "unknown"). NaN and infinities are refused, and the field ignored.
 */
export const Percent = new t.Type<number, number, unknown>(
  'Percent',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 100,
  (u, c) => {
    const n = typeof u === 'number' ? u : typeof u === 'string' && NUMERIC_TEXT.test(u) ? Number(u.replace('%', '')) : NaN;
    return Number.isFinite(n) ? t.success(Math.min(100, Math.max(0, n))) : t.failure(u, c, 'progress must be a finite number or numeric text');
  },
  t.identity,
);
export type Percent = t.TypeOf<typeof Percent>;

/** A result link: a non-blank string, kept raw (the caller resolves and origin-checks it). */
export const ResultLink = new t.Type<string, string, unknown>(
  'ResultLink',
  (u): u is string => typeof u === 'string' && u.trim() !== '',
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u) : t.failure(u, c, 'a result link must be a non-blank string')),
  t.identity,
);
export type ResultLink = t.TypeOf<typeof ResultLink>;

/** The OData v2 JSON wrapper: `{"d": {...}}`. */
export const V2Wrapper = t.type({ d: t.UnknownRecord });
export type V2Wrapper = t.TypeOf<typeof V2Wrapper>;

/**
 * Error fields outside the OData error shape: a bare message (`"error": "Disk full"`),
 * Microsoft Graph's `asyncJobStatus` (`errorCode` with `statusDescription`), or a SAP status
 * entity's `ErrorCode` with its `Message` (a `Message` alone is progress text, not an error).
 */
export const LooseError = t.union([
  t.type({ error: t.string }),
  t.intersection([t.type({ errorCode: t.string }), t.partial({ statusDescription: t.string })]),
  t.intersection([t.type({ ErrorCode: t.string }), t.partial({ Message: t.string })]),
]);
export type LooseError = t.TypeOf<typeof LooseError>;

/**
 * Reads the status fields of a monitor's body, bare or inside the v2 `d` wrapper:
 *
 * ```jsonc
 * {"Status": "Succeeded", "ResultURL": "/sap/opu/odata/sap/MY_SRV/Reports('42')"}   // SAP
 * {"d": {"Status": "Running", "PercentComplete": 40}}                                // SAP, v2
 * {"status": "Failed", "error": {"code": "Quota", "message": "Too many"}}            // Azure
 * {"status": "inProgress", "percentageComplete": 27.8}                               // Graph copy
 * {"status": "succeeded", "resourceLocation": "https://.."}                          // Graph LRO
 * ```
 *
 * For each field the first name holding a usable value wins (`Status`, then `status`, then
 * `state`); a field with an unusable value (progress `"n/a"`) is ignored rather than failing
 * the whole body.
 *
 * @param body The parsed body (`unknown`: decoded, never trusted).
 * @return The fields, or `undefined` when there is no status field (the HTTP status decides then).
 */
export function readStatusBody(body: unknown): StatusBodyFields | undefined {
  const bare = fieldsOf(body, body);
  if (bare !== undefined) return bare;
  const wrapped = V2Wrapper.decode(body);
  return isRight(wrapped) ? fieldsOf(wrapped.right.d, body) : undefined;
}

function fieldsOf(container: unknown, whole: unknown): StatusBodyFields | undefined {
  if (!t.UnknownRecord.is(container)) return undefined;
  const rawStatus = firstField(container, STATUS_KEYS, StatusWord);
  if (rawStatus === undefined) return undefined;
  const percentComplete = firstField(container, PROGRESS_KEYS, Percent);
  const resultUrl = firstField(container, RESULT_KEYS, ResultLink);
  // An Azure body holds its error as `{"status":"Failed","error":{..}}`, which is the OData
  // error envelope already; a v2 status entity may carry it next to `d` instead of inside.
  const error = parseODataError(container) ?? parseODataError(whole) ?? looseError(container);
  return {
    rawStatus,
    ...(percentComplete === undefined ? {} : { percentComplete }),
    ...(resultUrl === undefined ? {} : { resultUrl }),
    ...(error === undefined ? {} : { error }),
  };
}

/** The first of `keys` that is an own property of `record` and decodes with `codec`. */
function firstField<A>(record: Readonly<Record<string, unknown>>, keys: readonly string[], codec: t.Decoder<unknown, A>): A | undefined {
  for (const key of keys) {
    if (!Object.hasOwn(record, key)) continue;
    const decoded = codec.decode(record[key]);
    if (isRight(decoded)) return decoded.right;
  }
  return undefined;
}

function looseError(container: Readonly<Record<string, unknown>>): ODataError | undefined {
  const decoded = LooseError.decode(container);
  if (!isRight(decoded)) return undefined;
  const loose = decoded.right;
  if ('errorCode' in loose) return { code: loose.errorCode, message: loose.statusDescription ?? loose.errorCode, details: [] };
  if ('ErrorCode' in loose) return { code: loose.ErrorCode, message: loose.Message ?? loose.ErrorCode, details: [] };
  return { code: '', message: loose.error, details: [] };
}

/**
 * The built-in status words, normalized (lower case, no spaces, `_` or `-`). Azure, Graph, SAP
 * custom status entities and common job APIs between them use these.
 */
const BUILT_IN_WORDS = {
  running: AsyncOpStatus.Running,
  inprogress: AsyncOpStatus.Running,
  notstarted: AsyncOpStatus.Running,
  queued: AsyncOpStatus.Running,
  pending: AsyncOpStatus.Running,
  accepted: AsyncOpStatus.Running,
  waiting: AsyncOpStatus.Running,
  succeeded: AsyncOpStatus.Succeeded,
  completed: AsyncOpStatus.Succeeded,
  done: AsyncOpStatus.Succeeded,
  failed: AsyncOpStatus.Failed,
  error: AsyncOpStatus.Failed,
  cancelled: AsyncOpStatus.Cancelled,
  canceled: AsyncOpStatus.Cancelled,
} as const;

/** A built-in status word, normalized. */
export const BuiltInStatusWord = t.keyof(BUILT_IN_WORDS);
export type BuiltInStatusWord = t.TypeOf<typeof BuiltInStatusWord>;

/**
 * The status a server's word stands for.
 *
 * Case-insensitive, and blind to spaces, `_` and `-`: `InProgress`, `in_progress`, `In-Progress`
 * and `in progress` are one word. `statusMap` entries are matched the same way and take
 * precedence over the built-in words.
 *
 * @example
 * statusFromWord('In_Progress')                                // → 'Running'
 * statusFromWord('SCHEDULED', { scheduled: 'Running' })        // → 'Running'
 * statusFromWord('SCHEDULED')                                  // → undefined
 *
 * @return The status, or `undefined` for a word that neither the map nor the built-ins know.
 */
export function statusFromWord(word: string, statusMap?: Readonly<Record<string, AsyncOpStatus>>): AsyncOpStatus | undefined {
  const key = normalizeWord(word);
  if (statusMap !== undefined) {
    // Object.entries, not statusMap[key]: only the caller's own entries count, never inherited
    // names such as `constructor`.
    for (const [mapped, status] of Object.entries(statusMap)) {
      if (normalizeWord(mapped) === key) return status;
    }
  }
  return BuiltInStatusWord.is(key) ? BUILT_IN_WORDS[key] : undefined;
}

function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, '');
}
