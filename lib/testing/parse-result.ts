/**
 * The outcome of a strict parse: the value, or a message that tells the caller what is wrong.
 * The mock server turns a failed parse into a 400 answer, so the message is written for the
 * person reading that answer in a failing test.
 */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A successful parse. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failed parse with a message for the test author. */
export function fail(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error };
}

/** A plain JSON object (not null, not an array): the only shape a body or scenario may have. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
