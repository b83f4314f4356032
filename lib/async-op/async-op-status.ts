/**
 * The four states of a long-running operation.
 * Usable as a type (`AsyncOpStatus`) and as values (`AsyncOpStatus.Running`).
 */
export const AsyncOpStatus = {
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
} as const;

export type AsyncOpStatus = (typeof AsyncOpStatus)[keyof typeof AsyncOpStatus];

/** The states that end an operation: no poll follows them. */
export type TerminalAsyncOpStatus = Exclude<AsyncOpStatus, 'Running'>;

export function isTerminalStatus(status: AsyncOpStatus): status is TerminalAsyncOpStatus {
  return status !== AsyncOpStatus.Running;
}
