import type * as t from 'io-ts';
import { describeValue } from '../errors/describe-value.js';

/**
 * The lines of a failed io-ts decode, one per error, in the words of io-ts's PathReporter:
 * `Invalid value <value> supplied to : <Codec>/<key>: <Type>`, or the codec's own message. The value
 * is shown as every message of this library shows one ({@link describeValue}: strings cut, objects
 * by their kind), never a whole server body. Written here rather than imported from
 * `io-ts/lib/PathReporter` (CommonJS: a second io-ts in every bundle) or `io-ts/PathReporter` (a
 * folder, which Node's ES module loader refuses).
 *
 * @example
 * decodeIssues(left([{ value: 1, context: [{ key: '', type: Order }, { key: 'Id', type: t.string }] }]))
 * // → ['Invalid value 1 supplied to : Order/Id: string']
 *
 * @param errors The `left` of a failed `decode`.
 * @return One line per error.
 */
export function decodeIssues(errors: t.Errors): string[] {
  return errors.map(
    (error) =>
      error.message ?? `Invalid value ${describeValue(error.value)} supplied to ${error.context.map(({ key, type }) => `${key}: ${type.name}`).join('/')}`,
  );
}
