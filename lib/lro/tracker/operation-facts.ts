import { isAsyncOpFailedError } from '../../errors/async-op-failed-error.js';
import { isAsyncOpTimeoutError } from '../../errors/async-op-timeout-error.js';
import type { AsyncOpUpdate } from '../async-op-update.js';
import type { OperationFacts } from './tracked-operation.js';

/** The facts after `update` arrived at `at`. */
export function factsOfUpdate(previous: OperationFacts, update: AsyncOpUpdate, at: number): OperationFacts {
  // A cancel's update counts no status request (poll 0): the count so far stands.
  const poll = Math.max(previous.poll, update.poll);
  const percent = update.status === 'Succeeded' ? (update.percentComplete ?? 100) : (update.percentComplete ?? previous.percentComplete);
  // A refused cancel stays said while the operation runs on; an end makes it moot.
  const cancelError = update.status === 'Running' ? previous.cancelError : undefined;
  return {
    state: update.status,
    poll,
    since: previous.since,
    at,
    location: update.location,
    httpStatus: update.httpStatus,
    ...(percent === undefined ? {} : { percentComplete: percent }),
    ...(update.rawStatus === undefined ? {} : { rawStatus: update.rawStatus }),
    ...(update.resultUrl === undefined ? {} : { resultUrl: update.resultUrl }),
    ...(update.error === undefined ? {} : { message: update.error.message }),
    ...(cancelError === undefined ? {} : { cancelError }),
  };
}

/** The facts after polling ended with `error` at `at`: a Failed update's error, a timeout, or a monitor that could not be read. */
export function factsOfError(previous: OperationFacts, error: unknown, at: number): OperationFacts {
  const base: OperationFacts = {
    state: previous.state,
    poll: previous.poll,
    since: previous.since,
    at,
    ...(previous.location === undefined ? {} : { location: previous.location }),
    ...(previous.httpStatus === undefined ? {} : { httpStatus: previous.httpStatus }),
    ...(previous.percentComplete === undefined ? {} : { percentComplete: previous.percentComplete }),
    ...(previous.rawStatus === undefined ? {} : { rawStatus: previous.rawStatus }),
  };
  if (isAsyncOpFailedError(error)) {
    return { ...base, state: 'Failed', message: error.odataError?.message ?? previous.message ?? error.message };
  }
  if (isAsyncOpTimeoutError(error)) {
    const message = error.reason === 'maxPolls' ? `still running after ${error.polls} polls: gave up` : error.message;
    return { ...base, state: 'TimedOut', poll: Math.max(previous.poll, error.polls), message };
  }
  return { ...base, state: 'Error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
