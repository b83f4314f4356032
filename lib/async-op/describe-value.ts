/**
 * A bad value as an error message shows it: numbers, booleans, null and undefined as written,
 * strings quoted, objects and functions by their kind only. Never throws (a null-prototype object
 * has no `toString`), never dumps a whole object into a message.
 *
 * @example
 * describeValue(-1)     // → '-1'
 * describeValue('2000') // → '"2000"'
 * describeValue([])     // → 'an array'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
