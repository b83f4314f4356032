import { LocationNotAllowedError } from '../errors/location-not-allowed-error.js';

/**
 * Resolves a URL a server (or a caller) handed us against the URL of the response that carried
 * it, and refuses it unless it is http(s) on one of the allowed origins. This is the single gate
 * every followed URL passes, so credentials never travel to a stranger.
 */
export function resolveAllowedUrl(raw: string, base: string, allowedOrigins: readonly string[]): string {
  const text = raw.trim();
  let url: URL | undefined;
  try {
    url = new URL(text, base);
  } catch {
    /* refused below */
  }
  const reason = refusal(text, url, allowedOrigins);
  if (reason !== undefined || url === undefined) throw new LocationNotAllowedError({ location: raw, allowedOrigins, reason });
  url.hash = '';
  return url.href;
}

/** Why `url` (parsed from `text`) may not be followed; `undefined` when it may. */
function refusal(text: string, url: URL | undefined, allowedOrigins: readonly string[]): string | undefined {
  // An empty reference would resolve to the base itself: a server that sends one has sent nothing.
  if (text === '') return 'it is empty';
  // The URL parser drops tabs and line breaks silently: refuse them before it does.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\0-\x1f\x7f]/.test(text)) return 'it contains control characters';
  if (!url) return 'it is not a valid URL';
  if (!/^https?:$/.test(url.protocol)) return `only http(s) URLs are followed, not ${url.protocol}`;
  if (url.username || url.password) return 'it carries credentials';
  if (!allowedOrigins.includes(url.origin)) return `its origin ${url.origin} is not allowed`;
  return undefined;
}
