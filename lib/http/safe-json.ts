/** How deeply objects and arrays may nest in a response body before parsing refuses it. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * Keys dropped at every level. `__proto__` is the one that can replace a prototype when the
 * result is later merged or spread into another object; `constructor` and `prototype` are
 * dropped too because `obj.constructor.prototype` paths are the other classic pollution route.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** The same keys as they appear in a JSON text when written without escapes. */
const FORBIDDEN_QUOTED: readonly string[] = [...FORBIDDEN_KEYS].map((key) => `"${key}"`);

// The characters the depth scan looks at, as char codes: it compares numbers, and makes no one-character string per step.
const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);
const OPEN_BRACE = '{'.charCodeAt(0);
const CLOSE_BRACE = '}'.charCodeAt(0);
const OPEN_BRACKET = '['.charCodeAt(0);
const CLOSE_BRACKET = ']'.charCodeAt(0);

/**
 * Parses JSON from a server so that the result is safe to use: no prototype-polluting keys,
 * and no nesting deeper than `maxDepth`.
 *
 * `__proto__`, `constructor` and `prototype` keys are dropped from every object. The nesting
 * depth is measured by a linear scan of the text before `JSON.parse` runs, so a hostile body
 * (`[[[[…` a million times) is refused without recursing on the JS stack.
 *
 * @example
 * parseJsonSafely('{"__proto__":{"admin":true},"a":1}') // → { a: 1 }
 * parseJsonSafely('[[1]]', { maxDepth: 1 })              // throws SyntaxError
 *
 * @param text The JSON text.
 * @param options.maxDepth Deepest allowed nesting of objects and arrays; `{}` is depth 1.
 *   @default DEFAULT_MAX_JSON_DEPTH (64)
 * @return The parsed value.
 * @throws SyntaxError for invalid JSON or nesting deeper than `maxDepth`.
 * @throws TypeError when `maxDepth` is not a non-negative integer.
 */
export function parseJsonSafely(text: string, { maxDepth = DEFAULT_MAX_JSON_DEPTH }: { maxDepth?: number } = {}): unknown {
  if (!(Number.isSafeInteger(maxDepth) && maxDepth >= 0)) throw new TypeError(`maxDepth must be a non-negative integer; got ${maxDepth}`);
  // The depth of `[` / `{` outside strings; unbalanced closers are JSON.parse's to report.
  let depth = 0;
  let inString = false;
  let escapes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // Skip the escaped character: an escaped quote does not end the string.
      if (c === BACKSLASH) {
        escapes = true;
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) throw new SyntaxError(`JSON nesting is deeper than the allowed ${maxDepth} levels (at character ${i})`);
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
  }
  // Without an escape in any string, a forbidden key can only appear spelled out in quotes: a
  // text without those three needs no reviver, which makes JSON.parse several times slower.
  if (!escapes && !FORBIDDEN_QUOTED.some((key) => text.includes(key))) return JSON.parse(text);
  // Returning undefined from a reviver deletes the property. JSON.parse itself creates
  // `__proto__` as an own data property (never calls the setter), so nothing is polluted
  // before the reviver removes it.
  return JSON.parse(text, (key: string, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value));
}
