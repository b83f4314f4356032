import * as t from 'io-ts';

const KIND = 'rxjs-odata-async/tracker';

/**
 * What tabs tell each other on the channel: a record is new or changed (`record` is its stored
 * JSON text, read and checked as a stored one is, in the receiver's own realm), an operation was
 * dismissed, or its polling tab is asked to cancel it.
 */
export const TrackerMessage = t.union([
  t.type({ kind: t.literal(KIND), type: t.literal('record'), record: t.string }),
  t.type({ kind: t.literal(KIND), type: t.literal('dismiss'), id: t.string }),
  t.type({ kind: t.literal(KIND), type: t.literal('cancel'), id: t.string }),
]);
export type TrackerMessage = t.TypeOf<typeof TrackerMessage>;

/** A record message. */
export const recordMessage = (recordText: string): TrackerMessage => ({ kind: KIND, type: 'record', record: recordText });

/** A dismiss or cancel message. */
export const idMessage = (type: 'dismiss' | 'cancel', id: string): TrackerMessage => ({ kind: KIND, type, id });
