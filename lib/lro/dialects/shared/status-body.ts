import type { either } from 'fp-ts';
import { left, right } from '../../../http/either.js';
import * as t from 'io-ts';
import { describeValue } from '../../../errors/describe-value.js';
import type { ODataError } from '../../../odata/odata-error.js';
import { parseODataError } from '../../../odata/parse-odata-error.js';
import { withoutUndefined } from '../../../odata/without-undefined.js';
import { AsyncOpStatus } from '../../async-op-status.js';

/** What a status monitor's body says about the operation, whichever of the known shapes it used. */
export interface StatusBodyFields {
  /** The server's own word, as sent (`InProgress`, `completed`, `SCHEDULED`, …). */
  readonly rawStatus: string;
  /** Progress clamped to 0–100. */
  readonly percentComplete?: number;
  /** The result link as sent: not resolved, not origin-checked. */
  readonly resultUrl?: string;
  /** The error the body carries (OData shaped, or a SAP entity's `ErrorCode` and `Message`, Graph's `errorCode`). */
  readonly error?: ODataError;
}

/** A JSON object (decoded: any value of any field). */
type JsonObject = Readonly<Record<string, unknown>>;

/**
 * A decimal number as text once trimmed and stripped of one trailing `%`: `"42"`, `"27.8"`,
 * `"1e2"`. No blank inside the pattern, and no two quantifiers that could trade characters: the
 * blanks around the number are cut by `trim()`, so a crafted value (`"1"`, a million spaces, `"x"`)
 * is read in one pass rather than in time that grows with the square of its length.
 */
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A non-blank string (a blank status or link says nothing). */
const word = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/**
 * Progress in percent: a finite number or numeric text (`" 40 % "`, `"27.8"`, `"1e2"`), clamped
 * to 0–100 (servers report 100.4 after rounding, or -1 for "unknown"). NaN, infinities and
 * anything else: no progress. Linear in the length of the text.
 */
function percent(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? numericText(value) : NaN;
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : undefined;
}

/** The number in `text` (blanks around it, and one `%` after it, allowed), or NaN. */
function numericText(text: string): number {
  const trimmed = text.trim();
  const number = trimmed.endsWith('%') ? trimmed.slice(0, -1).trimEnd() : trimmed;
  return NUMERIC_TEXT.test(number) ? parseFloat(number) : NaN;
}

/**
 * The names a status field goes by, in order of precedence: SAP custom entities, then Azure and
 * Graph monitors, then job APIs. Azure resources add `provisioningState` (see {@link AZURE_STATUS_NAMES}).
 */
export const STATUS_NAMES: readonly string[] = ['Status', 'status', 'state'];
/** Azure: a monitor's `status`, else a resource's `provisioningState` (bare, or under `properties`). */
export const AZURE_STATUS_NAMES: readonly string[] = ['status', 'provisioningState', 'properties.provisioningState'];

// The names the other fields go by, in order of precedence: SAP custom entities, then Azure, then Graph.
const PROGRESS_NAMES = ['PercentComplete', 'percentComplete', 'percentageComplete', 'progress'];
const RESULT_URL_NAMES = ['ResultURL', 'resultUrl', 'resourceLocation'];

/** The first of `names` that is an own property of `record` and that `read` accepts. */
function pick<A>(record: JsonObject, names: readonly string[], read: (value: unknown) => A | undefined): A | undefined {
  for (const name of names) {
    const value = Object.hasOwn(record, name) ? read(record[name]) : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The value at `name` (one level of nesting with a dot: `properties.provisioningState`), when present as an own property. */
function field(record: JsonObject, name: string): { readonly value: unknown } | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return Object.hasOwn(record, name) ? { value: record[name] } : undefined;
  const outer = Object.hasOwn(record, name.slice(0, dot)) ? record[name.slice(0, dot)] : undefined;
  return t.UnknownRecord.is(outer) ? field(outer, name.slice(dot + 1)) : undefined;
}

/** The JSON type of a value, for messages: `a number (7)`, `null`, `an object`. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a blank string (${describeValue(value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return describeValue(value);
}

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
 * The status field is the first of `names` present in the body (`Status`, then `status`, then
 * `state`), and its value must be a non-blank string: anything else (`{"Status": 7}`, `null`, an
 * object) cannot be a status, and is reported rather than skipped (DESIGN.md rule 5: never a
 * false success). For the other fields the first name holding a usable value wins; an unusable one
 * (progress `"n/a"`) is ignored rather than failing the whole body.
 *
 * @param body The parsed body (`unknown`: decoded, never trusted).
 * @param names The status field's names, in order of precedence.
 * @return `right` with the fields, or with `undefined` when there is no status field (the HTTP
 *   status decides then); `left` with what is wrong, naming the field and its JSON type.
 */
export function readStatusBody(body: unknown, names: readonly string[] = STATUS_NAMES): either.Either<string, StatusBodyFields | undefined> {
  if (!t.UnknownRecord.is(body)) return right(undefined);
  const { d } = body;
  const bare = fieldsOf(body, body, names);
  if (bare !== undefined || !t.UnknownRecord.is(d)) return bare ?? right(undefined);
  return fieldsOf(d, body, names) ?? right(undefined);
}

/** The fields of `container`, `undefined` when it has no status field, or what is wrong with its status field. */
function fieldsOf(container: JsonObject, whole: JsonObject, names: readonly string[]): either.Either<string, StatusBodyFields> | undefined {
  const name = names.find((candidate) => field(container, candidate) !== undefined);
  if (name === undefined) return undefined;
  const value = field(container, name)?.value;
  const rawStatus = word(value);
  if (rawStatus === undefined) return left(`its status field "${name}" is ${jsonTypeOf(value)}, not a status word`);
  return right(
    withoutUndefined({
      rawStatus,
      percentComplete: pick(container, PROGRESS_NAMES, percent),
      resultUrl: pick(container, RESULT_URL_NAMES, word),
      // An Azure body holds its error as `{"status":"Failed","error":{..}}`, which is the OData
      // error envelope already; a v2 status entity may carry it next to `d` instead of inside.
      error: parseODataError(container) ?? parseODataError(whole) ?? looseError(container),
    }),
  );
}

/**
 * Error fields outside the OData error shape: a bare message (`"error": "Disk full"`),
 * Microsoft Graph's `errorCode` with its `statusDescription`, or a SAP status entity's
 * `ErrorCode` with its `Message` (a `Message` alone is progress text, not an error).
 */
function looseError({ error, errorCode, statusDescription, ErrorCode, Message }: JsonObject): ODataError | undefined {
  const [code, message] = typeof error === 'string' ? ['', error] : typeof errorCode === 'string' ? [errorCode, statusDescription] : [ErrorCode, Message];
  if (typeof code !== 'string') return undefined;
  const text = typeof message === 'string' && message.trim() !== '' ? message : code;
  // A SAP status entity serialises every property: an empty ErrorCode (or "error": "") is no error.
  return code.trim() === '' && (typeof error !== 'string' || error.trim() === '') ? undefined : { code, message: text, details: [] };
}

/**
 * The built-in words, normalized (lower case, no blanks, `_` or `-`), with the status each stands
 * for. Azure, Graph, SAP custom status entities and common job APIs between them use these.
 */
const BUILT_IN_WORDS = {
  running: AsyncOpStatus.Running,
  inprogress: AsyncOpStatus.Running,
  notstarted: AsyncOpStatus.Running,
  queued: AsyncOpStatus.Running,
  pending: AsyncOpStatus.Running,
  accepted: AsyncOpStatus.Running,
  waiting: AsyncOpStatus.Running,
  started: AsyncOpStatus.Running,
  creating: AsyncOpStatus.Running,
  updating: AsyncOpStatus.Running,
  deleting: AsyncOpStatus.Running,
  // A cancellation under way: the operation has not ended yet.
  canceling: AsyncOpStatus.Running,
  cancelling: AsyncOpStatus.Running,
  succeeded: AsyncOpStatus.Succeeded,
  completed: AsyncOpStatus.Succeeded,
  done: AsyncOpStatus.Succeeded,
  failed: AsyncOpStatus.Failed,
  error: AsyncOpStatus.Failed,
  cancelled: AsyncOpStatus.Cancelled,
  canceled: AsyncOpStatus.Cancelled,
} as const;

/** A built-in status word (normalized); `is` checks own keys only, never `constructor` or `toString`. */
const BuiltInStatusWord = t.keyof(BUILT_IN_WORDS);

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
export function statusFromWord(word: string, statusMap: Readonly<Record<string, AsyncOpStatus>> = {}): AsyncOpStatus | undefined {
  const key = normalizeWord(word);
  // Object.entries, not statusMap[key]: only the caller's own entries count, never inherited
  // names such as `constructor`.
  for (const [mapped, status] of Object.entries(statusMap)) if (normalizeWord(mapped) === key) return status;
  return BuiltInStatusWord.is(key) ? BUILT_IN_WORDS[key] : undefined;
}

function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, '');
}
