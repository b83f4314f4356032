/**
 * The four states of a long-running operation.
 * Usable as a type (`AsyncOpStatus`) and as values (`AsyncOpStatus.Running`).
 */
export const AsyncOpStatus = {
  /** Accepted and not finished yet: polling goes on. */
  Running: 'Running',
  /** Finished successfully; the result is in the update's `body`, `result` or `resultUrl`. */
  Succeeded: 'Succeeded',
  /**
   * Finished with an error: the update's `error` holds the server's OData error when it sent one.
   * The `Failed` update is emitted, then the stream errors with `AsyncOpFailedError`.
   */
  Failed: 'Failed',
  /** Ended by a cancellation, ours (`cancel()`, `cancelOnUnsubscribe`) or the server's. */
  Cancelled: 'Cancelled',
} as const;

export type AsyncOpStatus = (typeof AsyncOpStatus)[keyof typeof AsyncOpStatus];

/** The states that end an operation: no poll follows them. */
export type TerminalAsyncOpStatus = Exclude<AsyncOpStatus, 'Running'>;

/** Whether `status` ends the operation (`Succeeded`, `Failed` or `Cancelled`): no poll follows it. */
export function isTerminalStatus(status: AsyncOpStatus): status is TerminalAsyncOpStatus {
  return status !== AsyncOpStatus.Running;
}
