import { emptyReply, type HttpReply } from './reply.js';

/**
 * Headers a cross-origin script may read. Without this list a browser hides `Location`,
 * `Retry-After` and `AsyncResult` from the client, and async operations cannot work there.
 */
export const EXPOSED_HEADERS =
  'Location, Retry-After, AsyncResult, X-CSRF-Token, Preference-Applied, OData-Version, sap-message, sap-messages, Azure-AsyncOperation, Operation-Location, DataServiceVersion';

/** Decides whether a request `Origin` may read answers (with credentials). */
export type OriginPolicy = (origin: string) => boolean;

const LOCAL_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost)(?::\d{1,5})?$/;

/** The origin policy of `MockServerOptions.corsOrigins`: a list, a predicate, or local pages by default. */
export function originPolicy(option?: readonly string[] | OriginPolicy): OriginPolicy {
  if (option === undefined) return (origin) => LOCAL_ORIGIN.test(origin);
  if (typeof option === 'function') return option;
  const allowed = new Set(option);
  return (origin) => allowed.has(origin);
}

/** CORS headers for any answer. */
export function corsHeaders(origin: string | undefined, allowed: OriginPolicy): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Expose-Headers': EXPOSED_HEADERS, Vary: 'Origin' };
  if (origin !== undefined && allowed(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Credentials'] = 'true';
  }
  return headers;
}

/**
 * The answer to an OPTIONS preflight. It allows whatever headers the browser asks about
 * (`X-CSRF-Token`, `Prefer`, `X-Mock-Scenario`, ...): the origin check is what protects.
 */
export function preflightReply(headers: Readonly<Record<string, string>>): HttpReply {
  const requested = headers['access-control-request-headers'];
  return emptyReply(204, {
    Allow: 'GET, HEAD, POST, PUT, PATCH, MERGE, DELETE, OPTIONS',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, MERGE, DELETE, OPTIONS',
    ...(requested !== undefined ? { 'Access-Control-Allow-Headers': requested } : {}),
    'Access-Control-Max-Age': '600',
  });
}
