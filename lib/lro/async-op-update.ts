import type { ODataError } from '../odata/odata-error.js';
import type { AsyncOpStatus } from './async-op-status.js';

/** One observation of a long-running operation: the 202 itself (`poll: 0`) or one status poll. */
export interface AsyncOpUpdate<R = unknown> {
  /** The operation's state as read from this response (`rawStatus` keeps the server's own word, if any). */
  readonly status: AsyncOpStatus;
  /** 0 for the update built from the 202 (or the synchronous answer); then 1, 2, … per status request. */
  readonly poll: number;
  /** The monitor URL this update came from (absolute). */
  readonly location: string;
  /** The HTTP status of the response this update was read from (the embedded one for `application/http`). */
  readonly httpStatus: number;
  /** Progress in percent, 0–100, when the server says. */
  readonly percentComplete?: number;
  /** Where the result can be fetched (absolute, origin-checked), when the server says. */
  readonly resultUrl?: string;
  /** The server's wish for the next poll, from `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
  /** The server's own status word (`InProgress`, `completed`, …), when the body had one. */
  readonly rawStatus?: string;
  /** The parsed body of the response (JSON value, text, or `undefined` when empty). */
  readonly body: unknown;
  /** The parsed OData error, on `Failed` (and whenever the server sent one). */
  readonly error?: ODataError;
  /** The decoded result, when a `result` codec was given and the operation succeeded. */
  readonly result?: R;
}
