import { catchError, map, type Observable, of } from 'rxjs';
import { isAsyncOpFailedError, isAsyncOpTimeoutError, type AsyncOpStatus, type AsyncPoller } from 'rxjs-odata-async';

/** What a widget shows of an operation: the poller's statuses, plus the ways polling can end without one. */
export type ViewStatus = 'Starting' | AsyncOpStatus | 'TimedOut' | 'Error';

export interface OperationView {
  readonly status: ViewStatus;
  /** The status request this view came from (0: the 202). */
  readonly poll: number;
  readonly percent?: number;
  /** The server's error message, or why polling stopped. */
  readonly message?: string;
}

export const TERMINAL: ReadonlySet<ViewStatus> = new Set<ViewStatus>(['Succeeded', 'Failed', 'Cancelled', 'TimedOut', 'Error']);

export const LABEL: Readonly<Record<ViewStatus, string>> = {
  Starting: 'Starting',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  TimedOut: 'Timed out',
  Error: 'Error',
};

/**
 * The poller's shared `status$` as views that never error: a `Failed` update is followed by
 * `AsyncOpFailedError`, and a timeout or a broken request ends polling without an update, so
 * each becomes a last view. Every widget that calls this subscribes to the same shared stream.
 */
export function operationView$(poller: AsyncPoller): Observable<OperationView> {
  return poller.status$.pipe(
    map((update): OperationView => ({
      status: update.status,
      poll: update.poll,
      ...(update.percentComplete === undefined ? {} : { percent: update.percentComplete }),
      ...(update.error === undefined ? {} : { message: update.error.message }),
    })),
    catchError((error: unknown) => of(errorView(error))),
  );
}

function errorView(error: unknown): OperationView {
  if (isAsyncOpFailedError(error)) {
    return { status: 'Failed', poll: error.poll, message: error.odataError?.message ?? error.message };
  }
  if (isAsyncOpTimeoutError(error)) {
    const why = error.reason === 'maxPolls' ? `still running after ${error.polls} polls: gave up` : error.message;
    return { status: 'TimedOut', poll: error.polls, message: why };
  }
  return { status: 'Error', poll: 0, message: error instanceof Error ? error.message : String(error) };
}
