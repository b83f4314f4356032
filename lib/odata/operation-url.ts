import { describeValue as describe } from '../errors/describe-value.js';
import { encodeLiteralForUrl, formatLiteral, type ODataProtocolVersion, type ParameterValue } from './literals.js';

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
 * assertODataIdentifier("x') or 1", 'parameter name')  // TypeError showing the name
 *
 * @param name The name to check.
 * @param what What the name is, for the message (`'action name'`, `'parameter name'`).
 * @throws TypeError that shows the name (JSON-quoted, so CR, LF and other invisible characters show) and the rule.
 */
export function assertODataIdentifier(name: string, what: string): void {
  if (typeof name !== 'string' || !/^[A-Z_]\w*(?:\.[A-Z_]\w*)*$/i.test(name)) {
    throw new TypeError(`${what} ${describe(name)} must be ASCII letters, digits and _ (no digit first), '.' between namespace parts`);
  }
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
 * only checked to stay in place: no scheme, no leading `/` (it would leave the service root),
 * no `?`, `#` (they end the path), `\` (some parsers read it as `/`) or control characters,
 * no blank, empty, `.` or `..` segments, also percent-encoded (URL normalisation would move up).
 *
 * @throws TypeError for such a path, or an operation name without a namespace.
 */
export function boundPathV4(entityPath: string, qualifiedName: string): string {
  if (
    typeof entityPath !== 'string' ||
    !entityPath.trim() ||
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /^(?:[a-z][a-z\d+.-]*:|\/)|[?#\\\0-\x1f\x7f]/i.test(entityPath) ||
    entityPath.split('/').some((segment) => /^(?:\.|%2e){0,2}$/i.test(segment))
  ) {
    throw new TypeError(
      `entity path ${describe(entityPath)} must be relative like "Orders('42')", without ?, #, \\, control characters or empty, . or .. segments`,
    );
  }
  assertODataIdentifier(qualifiedName, 'bound operation name');
  if (!qualifiedName.includes('.')) throw new TypeError(`bound operation name ${describe(qualifiedName)} must be namespace-qualified, e.g. 'Sales.Approve'`);
  return `${entityPath}/${qualifiedName}`;
}

/** `name=<encoded literal>` for each parameter, names checked and unique. */
function encodeParameters(params: OperationParameters, protocol: ODataProtocolVersion): string[] {
  const seen = new Set<string>();
  return params.map(([name, value]) => {
    assertODataIdentifier(name, 'parameter name');
    if (seen.has(name)) throw new TypeError(`parameter ${describe(name)} is given twice`);
    seen.add(name);
    return `${name}=${encodeLiteralForUrl(formatLiteral(value, protocol))}`;
  });
}
