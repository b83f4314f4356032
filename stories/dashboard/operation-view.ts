import * as t from 'io-ts';
import type { TrackedOperation, TrackedState } from 'rxjs-odata-async';

/** What each tracked operation carries: the card it belongs to. */
export const CardMeta = t.type({ op: t.string });
export type CardMeta = t.TypeOf<typeof CardMeta>;

/** The operations as the tracker lists them, with the dashboard's meta. */
export type DashboardOperation = TrackedOperation<CardMeta>;

/** What a widget shows of an operation: the tracker's states, and `Starting` before the 202. */
export type ViewStatus = 'Starting' | TrackedState;

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

/** The view of a tracked operation: the same in every tab, and after a reload. */
export function viewOf(op: DashboardOperation): OperationView {
  return {
    status: op.state,
    poll: op.poll,
    ...(op.percentComplete === undefined ? {} : { percent: op.percentComplete }),
    ...(op.message === undefined ? {} : { message: op.message }),
  };
}

/** The newest tracked operation of a card (after "Run again", the older ones are dismissed). */
export function operationOf(ops: readonly DashboardOperation[], id: string): DashboardOperation | undefined {
  return ops.filter((op) => op.meta?.op === id).at(-1);
}
