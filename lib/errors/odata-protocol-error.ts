import { guardFor, ODataAsyncError } from './odata-async-error.js';

/**
 * The server answered something the protocol does not allow, or that could not be understood:
 * a 202 without `Location`, an unknown status word, a body that is not JSON or is too large,
 * a result that does not match its codec (the PathReporter lines are in `issues`).
 */
export class ODataProtocolError extends ODataAsyncError {
  /** Always `'ODataProtocolError'`: survives minification, unlike the class name. */
  override readonly name = 'ODataProtocolError' as const;
  /** The request whose answer broke the protocol, when there was one. */
  readonly method: string | undefined;
  /** The absolute URL of that request, when there was one. */
  readonly url: string | undefined;
  /** The HTTP status of the offending answer, when there was one. */
  readonly status: number | undefined;
  /** Line-by-line explanation, e.g. io-ts PathReporter output for a failed decode. */
  readonly issues: readonly string[];

  constructor(
    message: string,
    init: { method?: string | undefined; url?: string | undefined; status?: number | undefined; issues?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, init.cause);
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.issues = init.issues ?? [];
  }
}

/** Whether `value` is an {@link ODataProtocolError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isODataProtocolError = /* @__PURE__ */ guardFor(ODataProtocolError, 'ODataProtocolError');
