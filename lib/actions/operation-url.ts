import { encodeLiteralForUrl, formatLiteral, type ODataProtocolVersion, type ParameterValue } from './literals.js';

/** ASCII OData identifiers, optionally namespace-qualified: `Approve`, `Sales.Approve`, `SALES_REPORT_2`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const IDENTIFIER_RULE =
  "OData names are ASCII letters, digits and '_', start with a letter or '_', and may be namespace-qualified with '.' (e.g. 'Sales.Approve')";
/** A URL scheme at the start (`https:`, `javascript:`): the path would not stay below the service root. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** Characters that would end the path (`?`, `#`), that some parsers treat as `/` (`\`), or control characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const PATH_BREAKER = /[?#\\\u0000-\u001f\u007f]/;
/** `.` and `..` segments, also percent-encoded: URL normalisation would move the path up. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/** A parameter list: names and values, in the order they are written. */
export type OperationParameters = ReadonlyArray<readonly [string, ParameterValue]>;

/**
 * Checks the name of an action, function or parameter before it goes into a URL.
 *
 * Allowed: ASCII letters, digits and `_`, starting with a letter or `_`, with optional
 * namespace segments separated by `.`. SAP `/NAMESPACE/` prefixes are refused: in a URL they
 * would be path separators.
 *
 * @example
 * assertODataIdentifier('Sales.Approve', 'action name') // ok
 * assertODataIdentifier("x') or 1", 'parameter name')  // TypeError naming the `'`
 *
 * @param name The name to check.
 * @param what What the name is, for the message (`'action name'`, `'parameter name'`).
 * @throws TypeError that names the offending character and its position.
 */
export function assertODataIdentifier(name: string, what: string): void {
  if (typeof name !== 'string') throw new TypeError(`${what} must be a string, got ${typeof name}`);
  if (IDENTIFIER.test(name)) return;
  if (name === '') throw new TypeError(`${what} must not be empty; ${IDENTIFIER_RULE}`);
  const bad = /[^A-Za-z0-9_.]/u.exec(name);
  if (bad !== null) {
    throw new TypeError(`${what} ${JSON.stringify(name)} contains ${describeCharacter(bad[0])} at index ${bad.index}; ${IDENTIFIER_RULE}`);
  }
  // Only allowed characters, so a segment is empty or starts with a digit.
  const digitFirst = /(?:^|\.)(\d[A-Za-z0-9_]*)/.exec(name);
  const problem =
    digitFirst === null
      ? "has an empty segment (a leading, trailing or doubled '.')"
      : `has a segment ${JSON.stringify(digitFirst[1])} that starts with a digit`;
  throw new TypeError(`${what} ${JSON.stringify(name)} ${problem}; ${IDENTIFIER_RULE}`);
}

/**
 * The path of an OData v4 function call with inline parameters: `Fn(d=2024-01-31,s=%27x%27)`.
 * Literals are written for v4 and percent-encoded, so no value can leave its place.
 *
 * @example functionPathV4('GetReport', [['Year', 2024], ['Name', "it's"]]) // → "GetReport(Year=2024,Name=%27it%27%27s%27)"
 * @throws TypeError for a bad name, a duplicate parameter or a value without a v4 literal.
 */
export function functionPathV4(name: string, params: OperationParameters): string {
  assertODataIdentifier(name, 'function name');
  return `${name}(${encodeParameters(params, 'v4').join(',')})`;
}

/**
 * The query string of an OData v2 (SAP Gateway) function import call, without `?`:
 * `Year=2024&Name=%27x%27`; `''` when there are no parameters.
 *
 * @throws TypeError for a bad name, a duplicate parameter or a value without a v2 literal.
 */
export function v2QueryString(params: OperationParameters): string {
  return encodeParameters(params, 'v2').join('&');
}

/**
 * The path of an OData v4 bound operation: `Orders('42')/Sales.Approve`.
 *
 * `entityPath` is used as given (already URL-encoded, relative to the service root); it is
 * only checked to stay in place: no scheme, no leading `/`, no `?`, `#`, `\` or control
 * characters, no empty, `.` or `..` segments.
 *
 * @throws TypeError for such a path, or an operation name without a namespace.
 */
export function boundPathV4(entityPath: string, qualifiedName: string): string {
  if (typeof entityPath !== 'string' || entityPath === '') throw new TypeError(`the bound entity path must be a non-empty string, e.g. "Orders('42')"`);
  const shown = JSON.stringify(entityPath);
  if (SCHEME.test(entityPath) || entityPath.startsWith('/')) {
    throw new TypeError(`the bound entity path ${shown} must be relative to the service root, e.g. "Orders('42')"`);
  }
  const breaker = PATH_BREAKER.exec(entityPath);
  if (breaker !== null) {
    throw new TypeError(
      `the bound entity path ${shown} contains ${describeCharacter(breaker[0])} at index ${breaker.index}; percent-encode it inside key values`,
    );
  }
  if (entityPath.split('/').some((segment) => segment === '' || DOT_SEGMENT.test(segment))) {
    throw new TypeError(`the bound entity path ${shown} has an empty, '.' or '..' segment; it must name an entity, e.g. "Orders(42)/Items(1)"`);
  }
  assertODataIdentifier(qualifiedName, 'bound operation name');
  if (!qualifiedName.includes('.')) {
    throw new TypeError(`bound actions need the namespace-qualified name, e.g. 'Sales.Approve'; got ${JSON.stringify(qualifiedName)}`);
  }
  return `${entityPath}/${qualifiedName}`;
}

/**
 * Appends a relative path to the service root with exactly one `/` between them.
 *
 * @example joinServicePath('https://host/sap/MY_SRV', 'Orders') // → 'https://host/sap/MY_SRV/Orders'
 * @param serviceRoot An absolute http(s) URL without query or fragment, with or without trailing `/`.
 * @param path Below the root; leading slashes are dropped (it can never become host-relative).
 * @throws TypeError when `serviceRoot` is not such a URL.
 */
export function joinServicePath(serviceRoot: string, path: string): string {
  if (!isHttpUrlWithoutQuery(serviceRoot)) {
    throw new TypeError(
      `the service root must be an absolute http(s) URL without query or fragment, e.g. 'https://host/odata/'; got ${JSON.stringify(serviceRoot)}`,
    );
  }
  return `${serviceRoot.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function isHttpUrlWithoutQuery(text: string): boolean {
  if (typeof text !== 'string' || /[?#]/.test(text)) return false;
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false; // not a URL at all (URL.canParse is too new for some browsers we support)
  }
}

/** `name=<encoded literal>` for each parameter, names checked and unique. */
function encodeParameters(params: OperationParameters, protocol: ODataProtocolVersion): string[] {
  const seen = new Set<string>();
  return params.map(([name, value]) => {
    assertODataIdentifier(name, 'parameter name');
    if (seen.has(name)) throw new TypeError(`parameter ${JSON.stringify(name)} is given twice`);
    seen.add(name);
    return `${name}=${encodeLiteralForUrl(formatLiteral(value, protocol))}`;
  });
}

/** `' ' (a space)`, `CR (U+000D)`, `'é' (U+00E9)`: visible even for invisible characters. */
function describeCharacter(character: string): string {
  const codePoint = Number(character.codePointAt(0)); // one code point, never empty
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Readonly<Record<string, string>> = { ' ': 'a space', '\r': 'CR', '\n': 'LF', '\t': 'a tab' };
  const name = names[character];
  if (name !== undefined) return `${name} (${hex})`;
  return codePoint < 0x20 || codePoint === 0x7f ? `a control character (${hex})` : `'${character}' (${hex})`;
}
