import type { AsyncOpUpdate } from '../lro/async-op-update.js';
import type { ODataError } from '../odata/odata-error.js';
import { guardFor, ODataAsyncError } from './odata-async-error.js';

/** The operation ended `Failed`. The `Failed` update was emitted just before this error. */
export class AsyncOpFailedError extends ODataAsyncError {
  /** Always `'AsyncOpFailedError'`: survives minification, unlike the class name. */
  override readonly name = 'AsyncOpFailedError' as const;
  /** The terminal `Failed` update. */
  readonly update: AsyncOpUpdate;
  /** The server's error, when it sent one. */
  readonly odataError: ODataError | undefined;
  /** The monitor URL that reported the failure (absolute). */
  readonly location: string;
  /** The poll that reported `Failed` (`update.poll`): 0 for the 202 or synchronous answer, then 1, 2, … */
  readonly poll: number;

  /** The server's error, the same as `odataError` and as the update's `error`. */
  get error(): ODataError | undefined {
    return this.odataError;
  }

  constructor(update: AsyncOpUpdate, options?: { message?: string; cause?: unknown }) {
    const { error, location, poll } = update;
    const why = error ? `${error.code ? `${error.code}: ` : ''}${error.message}` : `HTTP ${update.httpStatus}`;
    super(options?.message ?? `Operation ${location} failed after ${poll} poll(s): ${why}`, options?.cause);
    this.update = update;
    this.odataError = error;
    this.location = location;
    this.poll = poll;
  }
}

/** Whether `value` is an {@link AsyncOpFailedError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isAsyncOpFailedError = /* @__PURE__ */ guardFor(AsyncOpFailedError, 'AsyncOpFailedError');
