import { guardFor, ODataAsyncError } from './odata-async-error.js';

/**
 * No HTTP answer arrived: connection refused or reset, DNS failure, request timeout.
 * Status polls retry these as transient failures before giving up with this error.
 */
export class ODataNetworkError extends ODataAsyncError {
  /** Always `'ODataNetworkError'`: survives minification, unlike the class name. */
  override readonly name = 'ODataNetworkError' as const;
  /** The method of the request that got no answer. */
  declare readonly method: string;
  /** The absolute URL of the request that got no answer. */
  declare readonly url: string;
  /** The low-level code when there is one (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, …). */
  declare readonly code: string | undefined;

  constructor({ message, ...fields }: { method: string; url: string; code?: string | undefined; message?: string; cause?: unknown }) {
    super(message ?? `${fields.method} ${fields.url} got no answer${fields.code ? ` (${fields.code})` : ''}`, fields);
  }
}

/** Whether `value` is an {@link ODataNetworkError}; narrows a caught error (an `instanceof` check). */
export const isODataNetworkError = /* @__PURE__ */ guardFor(ODataNetworkError);
