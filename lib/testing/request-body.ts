import { parseJson } from './json.js';
import { fail, isRecord, ok, type ParseResult } from './parse-result.js';

/**
 * Parses a request body that must be a JSON object. An empty body is `{}` when `optional`
 * (an action without parameters), else an error.
 */
export function parseJsonObject(body: string, optional: boolean): ParseResult<Readonly<Record<string, unknown>>> {
  if (body.trim() === '') return optional ? ok({}) : fail('the request body must be a JSON object');
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed;
  return isRecord(parsed.value) ? ok(parsed.value) : fail('the request body must be a JSON object');
}

/** The first key of `body` that is not in `allowed`, if any. */
export function unknownKey(body: Readonly<Record<string, unknown>>, allowed: readonly string[]): string | undefined {
  return Object.keys(body).find((key) => !allowed.includes(key));
}
