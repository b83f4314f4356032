import { isFiniteNonNegative, oneOf, type Mutable } from './checks.js';
import { fail, isRecord, ok, type ParseResult } from './parse-result.js';

/** The faults the server can inject into a monitor request. */
export type FaultKind =
  | '500'
  | '502'
  | '503'
  | '504'
  | '429'
  | '408'
  | 'reset'
  | 'reset-mid-body'
  | 'malformed-head'
  | 'undecodable-body'
  | 'slow'
  | 'malformed-json'
  | 'html-502'
  | 'html-200';

const FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '504',
  '429',
  '408',
  'reset',
  'reset-mid-body',
  'malformed-head',
  'undecodable-body',
  'slow',
  'malformed-json',
  'html-502',
  'html-200',
];

/**
 * A fault injected on one monitor request. Monitor GET requests of an operation are numbered
 * from 1; a faulted request does not advance the operation (except `slow`, which answers normally
 * after its delay).
 */
export interface Fault {
  /** Which monitor GET (1-based) gets the fault. */
  readonly at: number;
  /**
   * What goes wrong: an HTTP status with an OData error body (`'429'` with `Retry-After`), `'reset'`
   * (the connection is dropped), `'reset-mid-body'` (a 200 head and part of its body, then the
   * connection is reset), `'malformed-head'` (a response head with a folded header line, which
   * HTTP/1.1 clients must refuse), `'undecodable-body'` (`Content-Encoding: gzip` on a body that is
   * not gzip), `'slow'` (the normal answer after `delayMs`), `'malformed-json'` (200 with cut-off
   * JSON), `'html-502'` (a reverse proxy's HTML error page) or `'html-200'` (a single sign-on login
   * page answered with 200, as SAP systems do when the session has expired).
   */
  readonly kind: FaultKind;
  /** Seconds for a `Retry-After` header. @default 1 for `429`, none for the others */
  readonly retryAfter?: number;
  /** Delay of a `slow` answer in ms. @default 500 */
  readonly delayMs?: number;
}

/** Checks one fault; `where` names it in the message (`faults[0]`). */
export function parseFault(value: unknown, where: string): ParseResult<Fault> {
  if (!isRecord(value)) return fail(`${where} must be an object {at, kind}`);
  for (const key of Object.keys(value)) {
    if (!['at', 'kind', 'retryAfter', 'delayMs'].includes(key)) return fail(`${where} has an unknown field "${key}"`);
  }
  const { at, kind, retryAfter, delayMs } = value;
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 1) return fail(`${where}.at must be an integer >= 1`);
  if (!oneOf(FAULT_KINDS, kind)) return fail(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}`);
  const fault: Mutable<Fault> = { at, kind };
  if (retryAfter !== undefined) {
    if (!isFiniteNonNegative(retryAfter)) return fail(`${where}.retryAfter must be a number of seconds >= 0`);
    fault.retryAfter = retryAfter;
  }
  if (delayMs !== undefined) {
    if (!isFiniteNonNegative(delayMs)) return fail(`${where}.delayMs must be a number of ms >= 0`);
    fault.delayMs = delayMs;
  }
  return ok(fault);
}

/** Checks a list of faults; `field` names it in the messages (`faults`, `azure.startFaults`). */
export function parseFaults(value: unknown, field: string): ParseResult<Fault[]> {
  if (!Array.isArray(value)) return fail(`${field} must be an array`);
  const faults: Fault[] = [];
  for (const [index, item] of value.entries()) {
    const fault = parseFault(item, `${field}[${index}]`);
    if (!fault.ok) return fault;
    faults.push(fault.value);
  }
  return ok(faults);
}
