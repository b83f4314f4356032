import type { AsyncOpUpdate } from '../async-op/async-op-update.js';
import { ODataAsyncError } from './odata-async-error.js';

/** Why polling gave up: `maxPolls` status requests, or `timeout` ms in total. */
export type AsyncOpTimeoutReason = 'maxPolls' | 'timeout';

/** The operation did not reach a terminal state in time. It may still be running on the server. */
export class AsyncOpTimeoutError extends ODataAsyncError {
  /** Always `'AsyncOpTimeoutError'`: survives minification, unlike the class name. */
  override readonly name = 'AsyncOpTimeoutError' as const;
  /** Which limit ran out: `'maxPolls'` status requests or `'timeout'` ms in total. */
  readonly reason: AsyncOpTimeoutReason;
  /** Status requests made before giving up. */
  readonly polls: number;
  /** The monitor URL, to resume or cancel later. */
  readonly location: string;
  /** The last update seen, when there was one. */
  readonly lastUpdate: AsyncOpUpdate | undefined;

  constructor(init: { reason: AsyncOpTimeoutReason; polls: number; location: string; lastUpdate?: AsyncOpUpdate | undefined; limit: number }) {
    super(
      init.reason === 'maxPolls'
        ? `The operation at ${init.location} was still ${init.lastUpdate?.status ?? 'Running'} after ${init.polls} poll(s) (maxPolls: ${init.limit})`
        : `The operation at ${init.location} did not finish within ${init.limit} ms (timeout), after ${init.polls} poll(s)`,
    );
    this.reason = init.reason;
    this.polls = init.polls;
    this.location = init.location;
    this.lastUpdate = init.lastUpdate;
  }
}

/** Whether `value` is an {@link AsyncOpTimeoutError}; narrows a caught error (an `instanceof` check). */
export function isAsyncOpTimeoutError(value: unknown): value is AsyncOpTimeoutError {
  return value instanceof AsyncOpTimeoutError;
}
