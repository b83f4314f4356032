import { isLeft } from '../../http/either.js';
import * as t from 'io-ts';
import { decodeIssues } from '../../odata/decode-issues.js';
import { parseJsonSafely } from '../../http/safe-json.js';
import { OperationFacts } from './tracked-operation.js';
import { checksumOf } from '../checksum.js';

const KIND = 'rxjs-odata-async/tracked';

/**
 * One tracked operation as the storage and the tabs' channel hold it. `token` is the poller's
 * `serialize()` token, opaque here (checked by `resumeAsyncPoller` when it is used), or `null`
 * for an operation that needs no polling (a synchronous answer).
 */
export const TrackerRecord = t.type({
  kind: t.literal(KIND),
  version: t.literal(1),
  id: t.string,
  meta: t.unknown,
  token: t.unknown,
  facts: OperationFacts,
  /** Counts the changes to the record, in whichever tab made them: the higher one is the newer. */
  revision: t.number,
  /** FNV-1a of the other fields' canonical JSON: an entry edited by hand is skipped, never polled or shown as done. */
  checksum: t.string,
});
export type TrackerRecord = t.TypeOf<typeof TrackerRecord>;

/** A record's content, before its checksum is added. */
export type TrackerRecordBody = Pick<TrackerRecord, 'id' | 'meta' | 'token' | 'facts' | 'revision'>;

/** The record of `body`, with its kind, version and checksum. */
export function makeRecord(body: TrackerRecordBody): TrackerRecord {
  const content = {
    kind: KIND,
    version: 1,
    id: body.id,
    meta: body.meta ?? null,
    token: body.token ?? null,
    facts: body.facts,
    revision: body.revision,
  } as const;
  return { ...content, checksum: checksumOf(content) };
}

/**
 * Reads a record from JSON text (storage) or a value (a channel message): its shape, its
 * checksum, and that a running operation has a token to resume.
 * @return the record, or why it is not one.
 */
export function readRecord(input: unknown): TrackerRecord | string {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = parseJsonSafely(input);
    } catch (error) {
      return `not JSON (${error instanceof SyntaxError ? error.message : String(error)})`;
    }
  }
  const decoded = TrackerRecord.decode(value);
  if (isLeft(decoded)) return `not a tracker record: ${decodeIssues(decoded.left).slice(0, 2).join('; ')}`;
  const { checksum, ...content } = decoded.right;
  if (checksum !== checksumOf(content)) return 'altered or truncated (bad checksum)';
  if (decoded.right.facts.state === 'Running' && decoded.right.token === null) return 'a running operation without a poller token';
  return decoded.right;
}

/** The JSON text stored for `record`. */
export function recordText(record: TrackerRecord): string {
  return JSON.stringify(record);
}
