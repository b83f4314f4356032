import { guardFor, ODataAsyncError } from './odata-async-error.js';

/**
 * A `Location`, result URL, redirect or resume token points somewhere the library will not go:
 * another origin than the service root's (and not in `allowedOrigins`), or a scheme other than
 * http(s). Refused before any request is sent, so credentials never leave the service's origin.
 */
export class LocationNotAllowedError extends ODataAsyncError {
  /** Always `'LocationNotAllowedError'`: survives minification, unlike the class name. */
  override readonly name = 'LocationNotAllowedError' as const;
  /** The URL as the server (or caller) gave it. */
  readonly location: string;
  /** The origins that would have been accepted. */
  readonly allowedOrigins: readonly string[];

  constructor({ reason, location, allowedOrigins }: { location: string; allowedOrigins: readonly string[]; reason?: string }) {
    super(
      `Refusing to follow ${JSON.stringify(location)}: ${reason ?? 'its origin is not allowed'} (allowed: ${allowedOrigins.join(', ') || 'none'}; see the allowedOrigins option)`,
    );
    this.location = location;
    this.allowedOrigins = allowedOrigins;
  }
}

/** Whether `value` is an {@link LocationNotAllowedError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isLocationNotAllowedError = /* @__PURE__ */ guardFor(LocationNotAllowedError, 'LocationNotAllowedError');
