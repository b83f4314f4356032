/** The preferences of a `Prefer` header that the mock server honours. */
export interface Preferences {
  /** `respond-async` was asked for. */
  readonly respondAsync: boolean;
  /** `wait=N` in seconds, when given and valid. */
  readonly wait?: number;
}

/** Parses `Prefer` (RFC 7240): comma-separated preferences, names case-insensitive. */
export function parsePrefer(header: string | undefined): Preferences {
  let respondAsync = false;
  let wait: number | undefined;
  for (const part of (header ?? '').split(',')) {
    const [rawName = '', rawValue] = part.split(';')[0]?.split('=') ?? [];
    const name = rawName.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"(.*)"$/, '$1');
    if (name === 'respond-async') respondAsync = true;
    if (name === 'wait' && value !== undefined && /^\d+$/.test(value)) wait = Number(value);
  }
  return wait === undefined ? { respondAsync } : { respondAsync, wait };
}
