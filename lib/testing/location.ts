import type { MockContext, MockRequest } from './context.js';
import { currentMonitorPath, type Operation } from './operations.js';
import { relativeReference } from './relative-reference.js';
import { formatRetryAfter } from './retry-after.js';

/**
 * The `Location` of an operation's monitor as the scenario wants it written: absolute,
 * relative to the request URL, an absolute path, on a foreign origin, or missing.
 */
export function monitorLocation(op: Operation, req: MockRequest, ctx: MockContext): string | undefined {
  const s = op.scenario;
  if (s.noLocation) return undefined;
  if (s.foreignLocation !== undefined) return s.foreignLocation;
  const path = currentMonitorPath(op);
  if (s.relativeLocation === 'absolute-path') return path;
  if (s.relativeLocation) return relativeReference(req.rawPath, path);
  return ctx.origin + path;
}

/** `Location` and `Retry-After` headers of a 202 (either may be absent). */
export function acceptedHeaders(op: Operation, req: MockRequest, ctx: MockContext): Record<string, string> {
  const headers: Record<string, string> = {};
  const location = monitorLocation(op, req, ctx);
  if (location !== undefined) headers['Location'] = location;
  const retryAfter = formatRetryAfter(op.scenario.retryAfter, ctx.now());
  if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
  return headers;
}

/** Just the `Retry-After` header of a scenario, if any. */
export function retryAfterHeader(op: Operation, ctx: MockContext): Record<string, string> {
  const retryAfter = formatRetryAfter(op.scenario.retryAfter, ctx.now());
  return retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
}
