import type { ODataError } from './odata-error.js';

/**
 * The hint for an error answer to an operation call sent OData v4 style (parameters in a JSON body
 * or inline in the path) when the server is a SAP Gateway OData v2 service: such a service reads
 * function-import parameters from the query string only, so it answers that a mandatory parameter
 * is missing, which says nothing about the real mistake, the client's `protocol`.
 *
 * @example
 * v2ProtocolHint({ code: '/IWBEP/CM_MGW_RT/020', message: "The mandatory parameter 'Year' is missing", details: [] })
 * // → "set protocol: 'v2' for a SAP Gateway v2 service: it reads parameters from the query string only"
 *
 * @param error The parsed OData error of the answer (v4 or SAP v2 shape), if any.
 * @return The hint, or `undefined` when neither the error nor one of its details says a mandatory parameter is missing.
 */
export function v2ProtocolHint(error: ODataError | undefined): string | undefined {
  if (!error || ![error, ...error.details].some(({ message }) => saysMandatoryParameterIsMissing(message))) return undefined;
  return "set protocol: 'v2' for a SAP Gateway v2 service: it reads parameters from the query string only";
}

/** Whether a server message says a mandatory parameter is missing (SAP: "The mandatory parameter 'Year' is missing"); linear in its length. */
function saysMandatoryParameterIsMissing(message: string): boolean {
  const text = message.toLowerCase();
  return text.includes('mandatory') && text.includes('parameter') && text.includes('missing');
}
