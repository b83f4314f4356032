/**
 * A bad value as every error message of this library shows it: numbers, booleans, null and
 * undefined as written, bigints with their `n`, strings quoted (cut after 60 characters), Dates
 * as ISO text, other objects and functions by their kind only. Never throws (a null-prototype
 * object has no `toString`), never dumps a whole object or a function's source into a message.
 *
 * @example
 * describeValue(-1)     // → '-1'
 * describeValue('2000') // → '"2000"'
 * describeValue(5n)     // → '5n'
 * describeValue([])     // → 'an array'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
  if (typeof value !== 'object' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
