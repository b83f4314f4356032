/**
 * The `Retry-After` value of a scenario: delta-seconds, an HTTP-date (`'http-date'` is 2 s ahead,
 * `'http-date+N'` is N s ahead), or any other string verbatim so clients can be fed junk.
 * The default date is 2 s ahead because an HTTP-date has whole seconds: 1 s ahead could round
 * down to "now".
 */
export function formatRetryAfter(value: number | string | undefined, now: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return String(value);
  const date = /^http-date(?:\+(\d+))?$/.exec(value);
  if (date === null) return value;
  const seconds = date[1] === undefined ? 2 : Number(date[1]);
  return new Date(now + seconds * 1000).toUTCString();
}
