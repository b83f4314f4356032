import { isLeft } from '#fp-ts/Either';
import type * as t from 'io-ts';
import { PathReporter } from '#io-ts/PathReporter';
import { ODataProtocolError } from '../errors/odata-protocol-error.js';

/** Decodes a payload with the caller's codec; a mismatch is an `ODataProtocolError` with the PathReporter lines. */
export function decodeOrThrow<T>(codec: t.Type<T, unknown>, payload: unknown, context: { method: string; url: string; status?: number }): T {
  const decoded = codec.decode(payload);
  if (isLeft(decoded)) {
    const issues = PathReporter.report(decoded);
    throw new ODataProtocolError(
      `${context.method} ${context.url}: the result does not match the ${codec.name} codec: ${issues[0] ?? ''}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      { ...context, issues },
    );
  }
  return decoded.right;
}
