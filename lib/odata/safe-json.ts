/** How deeply objects and arrays may nest in a response body before parsing refuses it. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * Keys dropped at every level. `__proto__` is the one that can replace a prototype when the
 * result is later merged or spread into another object; `constructor` and `prototype` are
 * dropped too because `obj.constructor.prototype` paths are the other classic pollution route.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

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
export function parseJsonSafely(text: string, options: { maxDepth?: number } = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 0) {
    throw new TypeError(`maxDepth must be a non-negative integer, e.g. { maxDepth: 64 }; got ${String(maxDepth)}`);
  }
  assertDepthWithin(text, maxDepth);
  // Returning undefined from a reviver deletes the property. JSON.parse itself creates
  // `__proto__` as an own data property (never calls the setter), so nothing is polluted
  // before the reviver removes it.
  return JSON.parse(text, (key: string, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value));
}

/** Throws a SyntaxError when `[`/`{` outside strings nest deeper than `maxDepth`. */
function assertDepthWithin(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        i++; // the escaped character cannot end the string
      } else if (c === QUOTE) {
        inString = false;
      }
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) {
        throw new SyntaxError(`JSON nesting is deeper than the allowed ${maxDepth} levels (at character ${i})`);
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      // Unbalanced closers are invalid JSON; JSON.parse reports them, we only must not go negative.
      depth = Math.max(0, depth - 1);
    }
  }
}
