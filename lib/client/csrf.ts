import type { HttpResponse } from './http.js';

/** The header SAP Gateway uses for CSRF tokens, both ways. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change state and therefore need a CSRF token on SAP systems. */
export function isModifyingMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** A 403 that asks for a (new) token rather than denying access. */
export function isCsrfTokenRequired(response: HttpResponse): boolean {
  return response.status === 403 && (response.headers['x-csrf-token'] ?? '').trim().toLowerCase() === 'required';
}

/** The token a fetch answered with, if it is one (`Required` or empty is not a token). */
export function csrfTokenOf(response: HttpResponse): string | undefined {
  const token = (response.headers['x-csrf-token'] ?? '').trim();
  return token === '' || token.toLowerCase() === 'required' ? undefined : token;
}
