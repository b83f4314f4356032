import { guardFor, ODataAsyncError } from './odata-async-error.js';

/**
 * No HTTP answer arrived: connection refused or reset, DNS failure, request timeout.
 * Status polls retry these as transient failures before giving up with this error.
 */
export class ODataNetworkError extends ODataAsyncError {
  /** Always `'ODataNetworkError'`: survives minification, unlike the class name. */
  override readonly name = 'ODataNetworkError' as const;
  /** The method of the request that got no answer. */
  readonly method: string;
  /** The absolute URL of the request that got no answer. */
  readonly url: string;
  /** The low-level code when there is one (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, …). */
  readonly code: string | undefined;

  constructor(init: { method: string; url: string; code?: string | undefined; message?: string; cause?: unknown }) {
    super(init.message ?? `${init.method} ${init.url} got no answer${init.code ? ` (${init.code})` : ''}`, init.cause);
    this.method = init.method;
    this.url = init.url;
    this.code = init.code;
  }
}

/** Whether `value` is an {@link ODataNetworkError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isODataNetworkError = /* @__PURE__ */ guardFor(ODataNetworkError, 'ODataNetworkError');
