import { handleAzure } from './azure-service.js';
import type { MockContext, MockRequest } from './context.js';
import { preflightReply } from './cors.js';
import { azureErrorReply, sapErrorReply, v4ErrorReply, type ErrorReplyFactory } from './errors.js';
import type { Reply } from './reply.js';
import { parseQuery, splitPath } from './url-parts.js';
import { handleV2, v2RootRedirect } from './v2-service.js';
import { handleV4 } from './v4-service.js';

/** A request before routing: what the HTTP layer read. */
export interface IncomingRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface Service {
  readonly path: (ctx: MockContext) => string;
  readonly handle: (req: MockRequest, ctx: MockContext) => Reply;
  /** Errors found before the service runs (bad percent-encoding) use the service's own shape. */
  readonly error: ErrorReplyFactory;
}

const SERVICES: readonly Service[] = [
  { path: (ctx) => ctx.paths.v4, handle: handleV4, error: v4ErrorReply },
  { path: (ctx) => ctx.paths.v2, handle: handleV2, error: sapErrorReply },
  { path: (ctx) => ctx.paths.azure, handle: handleAzure, error: azureErrorReply },
];

/** Sends a request to its service: preflights first, then by path prefix. */
export function route(incoming: IncomingRequest, ctx: MockContext): Reply {
  const { method, url, headers, body } = incoming;
  if (method === 'OPTIONS') return preflightReply(headers);
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  if (rawPath === ctx.paths.v2.slice(0, -1)) return v2RootRedirect(ctx, rawQuery);
  const service = SERVICES.find((s) => rawPath.startsWith(s.path(ctx)));
  if (service === undefined) {
    return v4ErrorReply(404, 'NotFound', `No service at ${rawPath}; the mock serves ${SERVICES.map((s) => s.path(ctx)).join(', ')}`);
  }
  const segments = splitPath(rawPath.slice(service.path(ctx).length));
  if (!segments.ok) return service.error(400, 'BadRequest', segments.error);
  const query = parseQuery(rawQuery);
  if (!query.ok) return service.error(400, 'BadRequest', query.error);
  return service.handle({ method, rawPath, headers, body, segments: segments.value, query: query.value }, ctx);
}
