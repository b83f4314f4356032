import { fail, ok, type ParseResult } from './parse-result.js';

/** One query parameter, name and value percent-decoded. */
export interface QueryParam {
  readonly name: string;
  readonly value: string;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Splits a raw path (below a service root) into percent-decoded segments. Segments are decoded
 * one by one so an encoded `/` inside a key stays inside its segment. `''` gives no segments.
 */
export function splitPath(rawPath: string): ParseResult<string[]> {
  if (rawPath === '') return ok([]);
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    const segment = decode(raw);
    if (segment === undefined) return fail(`malformed percent-encoding in path segment "${raw}"`);
    segments.push(segment);
  }
  return ok(segments);
}

/**
 * Parses a raw query string. `+` stays a plus sign: OData URLs follow RFC 3986, where `+` has no
 * special meaning, not HTML forms, where it is a space. Clients should send `%20` and `%2B`.
 */
export function parseQuery(rawQuery: string): ParseResult<QueryParam[]> {
  const params: QueryParam[] = [];
  if (rawQuery === '') return ok(params);
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (name === undefined || value === undefined) return fail(`malformed percent-encoding in query parameter "${pair}"`);
    params.push({ name, value });
  }
  return ok(params);
}

/** The value of the first query parameter with that name. */
export function queryValue(params: readonly QueryParam[], name: string): string | undefined {
  return params.find((p) => p.name === name)?.value;
}
