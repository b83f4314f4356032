import type { ODataError, ODataErrorDetail } from '../odata/odata-error.js';
import { guardFor, ODataAsyncError } from './odata-async-error.js';

/**
 * The service answered with a non-2xx status (or a monitor answered 401/403: the caller's
 * credentials failed, not the operation). Carries what a caller needs to act on it.
 */
export class ODataHttpError extends ODataAsyncError {
  /** Always `'ODataHttpError'`: survives minification, unlike the class name. */
  override readonly name = 'ODataHttpError' as const;
  /** The HTTP status answered, e.g. 404 or 500. */
  readonly status: number;
  /** The method of the request that got this status, e.g. `POST`. */
  readonly method: string;
  /** The absolute URL of the request that got this status. */
  readonly url: string;
  /** The parsed OData error body (v4 or SAP v2 shape), when the server sent one. */
  readonly odataError: ODataError | undefined;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body (JSON value or text). */
  readonly body: unknown;

  constructor(init: {
    status: number;
    method: string;
    url: string;
    odataError?: ODataError | undefined;
    headers?: Readonly<Record<string, string>>;
    body?: unknown;
    message?: string;
    /** What the caller may have got wrong, appended to the default message (not to a given `message`). */
    hint?: string | undefined;
    cause?: unknown;
  }) {
    const error = init.odataError;
    const serverSays = error ? `: ${error.code ? `${error.code} ` : ''}${error.message}` : '';
    const hint = init.hint ? `; ${init.hint}` : '';
    super(init.message ?? `${init.method} ${init.url} answered HTTP ${init.status}${serverSays}${hint}`, init.cause);
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.odataError = error;
    this.headers = init.headers ?? {};
    this.body = init.body;
  }

  /** The parsed OData error: the same as `odataError`, under the name `AsyncOpFailedError` uses too. */
  get error(): ODataError | undefined {
    return this.odataError;
  }

  /** The server's error `code`, shorthand for `odataError?.code`. */
  get code(): string | undefined {
    return this.odataError?.code;
  }

  /** The server's error `target`, shorthand for `odataError?.target`. */
  get target(): string | undefined {
    return this.odataError?.target;
  }

  /** The server's error `details` (v4 `details`, SAP `errordetails`); empty without an OData error. */
  get details(): readonly ODataErrorDetail[] {
    return this.odataError?.details ?? [];
  }
}

/** Whether `value` is an {@link ODataHttpError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isODataHttpError = /* @__PURE__ */ guardFor(ODataHttpError, 'ODataHttpError');
