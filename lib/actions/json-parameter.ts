import { isEdmValue, type EdmValue } from './edm.js';
import type { ParameterValue } from './literals.js';

/**
 * The JSON form of a parameter in a v4 action body (OData JSON Format §7).
 * Int64 and Decimal go as strings (the request says `IEEE754Compatible=true`) so that no digit
 * is lost to a double; special doubles as `NaN` / `INF` / `-INF`; binary as base64url.
 */
export function toJsonParameter(value: ParameterValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : specialNumber(value);
  if (value instanceof Date) return value.toISOString();
  if (isEdmValue(value)) return edmJson(value);
  throw new TypeError(`a parameter value must be a string, number, boolean, null, Date or edm value, got ${typeof value}`);
}

function edmJson(value: EdmValue): unknown {
  switch (value.edmType) {
    case 'Edm.Double':
    case 'Edm.Single': {
      const n = Number(value.value);
      return Number.isFinite(n) ? n : value.value;
    }
    case 'Edm.Binary':
      return hexToBase64Url(value.value);
    default:
      return value.value;
  }
}

function specialNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  return n > 0 ? 'INF' : '-INF';
}

function hexToBase64Url(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
