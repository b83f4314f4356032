import type { AsyncOpUpdate } from '../async-op/async-op-update.js';
import { guardFor, ODataAsyncError } from './odata-async-error.js';

/** Why polling gave up: `maxPolls` status requests, or `timeout` ms in total. */
export type AsyncOpTimeoutReason = 'maxPolls' | 'timeout';

/** The operation did not reach a terminal state in time. It may still be running on the server. */
export class AsyncOpTimeoutError extends ODataAsyncError {
  /** Always `'AsyncOpTimeoutError'`: survives minification, unlike the class name. */
  override readonly name = 'AsyncOpTimeoutError' as const;
  /** Which limit ran out: `'maxPolls'` status requests or `'timeout'` ms in total. */
  declare readonly reason: AsyncOpTimeoutReason;
  /** Status requests made before giving up. */
  declare readonly polls: number;
  /** The monitor URL, to resume or cancel later. */
  declare readonly location: string;
  /** The last update seen, when there was one. */
  declare readonly lastUpdate: AsyncOpUpdate | undefined;

  /** `limit` is the value of the option that ran out (`maxPolls` or `timeout`), for the message. */
  constructor({ limit, ...fields }: { reason: AsyncOpTimeoutReason; polls: number; location: string; lastUpdate?: AsyncOpUpdate | undefined; limit: number }) {
    const { reason } = fields;
    super(
      `Operation ${fields.location} still ${fields.lastUpdate?.status ?? 'Running'} after ${fields.polls} poll(s) (${reason}: ${limit}${reason === 'timeout' ? ' ms' : ''})`,
      fields,
    );
  }
}

/** Whether `value` is an {@link AsyncOpTimeoutError}; narrows a caught error (an `instanceof` check). */
export const isAsyncOpTimeoutError = /* @__PURE__ */ guardFor(AsyncOpTimeoutError);
