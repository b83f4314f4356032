import { edm, isEdmValue } from './edm.js';
import { base64UrlOfHex, formatLiteral, type ParameterValue } from './literals.js';

/**
 * The JSON form of a parameter in a v4 action body (OData JSON Format §7).
 * Int64 and Decimal go as strings (the request says `IEEE754Compatible=true`) so that no digit
 * is lost to a double; special doubles as `NaN` / `INF` / `-INF`; binary as unpadded base64url.
 */
export function toJsonParameter(value: ParameterValue): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : edm.double(value).value;
  if (value instanceof Date) return value.toISOString();
  if (isEdmValue(value)) {
    const { edmType, value: text } = value;
    if (edmType === 'Edm.Binary') return base64UrlOfHex(text).replace(/={1,2}$/, '');
    return (edmType === 'Edm.Double' || edmType === 'Edm.Single') && Number.isFinite(+text) ? +text : text;
  }
  // A string, boolean or null goes as it is. Anything else has no literal either: formatLiteral throws the TypeError that names it.
  formatLiteral(value, 'v4');
  return value;
}
