import { isLeft } from '../http/either.js';
import type * as t from 'io-ts';
import { decodeIssues } from './decode-issues.js';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';

/** Decodes a payload with the caller's codec; a mismatch is an `ODataProtocolError` with one line per decode error (decodeIssues). */
export function decodeOrThrow<T>(codec: t.Type<T, unknown>, payload: unknown, context: { method: string; url: string; status?: number }): T {
  const decoded = codec.decode(payload);
  if (isLeft(decoded)) {
    const issues = decodeIssues(decoded.left);
    throw new ODataProtocolError(
      `${context.method} ${context.url}: the result does not match the ${codec.name} codec: ${issues[0] ?? ''}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      { ...context, issues },
    );
  }
  return decoded.right;
}
