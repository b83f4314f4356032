import { LocationNotAllowedError } from '../errors/location-not-allowed-error.js';

/**
 * Resolves a URL a server (or a caller) handed us against the URL of the response that carried
 * it, and refuses it unless it is http(s) on one of the allowed origins. This is the single gate
 * every followed URL passes, so credentials never travel to a stranger.
 */
export function resolveAllowedUrl(raw: string, base: string, allowedOrigins: readonly string[]): string {
  const refuse = (reason: string): never => {
    throw new LocationNotAllowedError({ location: raw, allowedOrigins, reason });
  };
  const text = raw.trim();
  // An empty reference would resolve to the base itself: a server that sends one has sent nothing.
  if (text === '') refuse('it is empty');
  // The URL parser drops tabs and line breaks silently: refuse them before it does.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\0-\x1f\x7f]/.test(text)) refuse('it contains control characters');
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return refuse('it is not a valid URL');
  }
  if (!/^https?:$/.test(url.protocol)) refuse(`only http(s) URLs are followed, not ${url.protocol}`);
  if (url.username || url.password) refuse('it carries credentials');
  if (!allowedOrigins.includes(url.origin)) refuse(`its origin ${url.origin} is not allowed`);
  url.hash = '';
  return url.href;
}
