import type { AsyncOpUpdate } from '../lro/async-op-update.js';
import { guardFor, ODataAsyncError } from './odata-async-error.js';

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

  /** `limit` is the value of the option that ran out (`maxPolls` or `timeout`), for the message. */
  constructor({
    reason,
    polls,
    location,
    lastUpdate,
    limit,
  }: {
    reason: AsyncOpTimeoutReason;
    polls: number;
    location: string;
    lastUpdate?: AsyncOpUpdate | undefined;
    limit: number;
  }) {
    super(`Operation ${location} still ${lastUpdate?.status ?? 'Running'} after ${polls} poll(s) (${reason}: ${limit}${reason === 'timeout' ? ' ms' : ''})`);
    this.reason = reason;
    this.polls = polls;
    this.location = location;
    this.lastUpdate = lastUpdate;
  }
}

/** Whether `value` is an {@link AsyncOpTimeoutError}; narrows a caught error, from this copy of the library or another (ESM or CommonJS build). */
export const isAsyncOpTimeoutError = /* @__PURE__ */ guardFor(AsyncOpTimeoutError, 'AsyncOpTimeoutError');
