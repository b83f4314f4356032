/** Small value checks shared by the scenario parsers. */

/** A copy of `T` whose fields a parser may fill in one by one. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A number >= 0 (`Infinity` included, `NaN` not). */
export const isNonNegative = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v) && v >= 0;

/** A finite number >= 0. */
export const isFiniteNonNegative = (v: unknown): v is number => isNonNegative(v) && Number.isFinite(v);

/** An integer >= 0, or `Infinity`. */
export const isPollCount = (v: unknown): v is number => isNonNegative(v) && (Number.isInteger(v) || v === Number.POSITIVE_INFINITY);

/** One of a list of string values. */
export function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && values.some((x) => x === v);
}
