import { fail, ok, type ParseResult } from './parse-result.js';

/**
 * Parses untrusted JSON text. `__proto__` keys are dropped, so a hostile body cannot reach an
 * object prototype even if a later step copies the value with `Object.assign`.
 */
export function parseJson(text: string): ParseResult<unknown> {
  try {
    return ok(JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
  } catch (error) {
    return fail(`the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
