/** What a {@link TrackerWarning} is about. */
export type TrackerWarningCode =
  /** A stored entry is not JSON, not a tracker record, or was altered (bad checksum): skipped. */
  | 'corrupt-entry'
  /** A stored entry's poller token was refused on restore (altered, another protocol, a monitor on an origin the client does not allow): skipped. */
  | 'rejected-entry'
  /** The storage threw (full, disabled, gone): the tracker keeps going in memory only, and says so once. */
  | 'storage-unavailable';

/**
 * Something the tracker skipped or worked around without failing, passed to the `onWarning`
 * option. Each skipped entry is reported once, with its storage key, so that the app can remove it.
 */
export interface TrackerWarning {
  /** What happened. */
  readonly code: TrackerWarningCode;
  /** The storage key concerned, for entries. */
  readonly key?: string;
  /** One sentence for a log: what was skipped and why. */
  readonly message: string;
  /** The error behind it, if any. */
  readonly cause?: unknown;
}
