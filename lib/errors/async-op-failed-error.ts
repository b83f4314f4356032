import type { AsyncOpUpdate } from '../async-op/async-op-update.js';
import type { ODataError } from '../odata/odata-error.js';
import { ODataAsyncError } from './odata-async-error.js';

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
    const why = update.error ? `${update.error.code ? `${update.error.code}: ` : ''}${update.error.message}` : `HTTP ${update.httpStatus}`;
    super(options?.message ?? `The operation at ${update.location} failed after ${update.poll} poll(s): ${why}`, { cause: options?.cause });
    this.update = update;
    this.odataError = update.error;
    this.location = update.location;
    this.poll = update.poll;
  }
}

/** Whether `value` is an {@link AsyncOpFailedError}; narrows a caught error (an `instanceof` check). */
export function isAsyncOpFailedError(value: unknown): value is AsyncOpFailedError {
  return value instanceof AsyncOpFailedError;
}
