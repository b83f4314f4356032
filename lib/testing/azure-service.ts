import type { MockContext, MockRequest } from './context.js';
import { azureErrorReply } from './errors.js';
import { acceptedHeaders, monitorLocation, retryAfterHeader } from './location.js';
import { handleMonitor, type MonitorDialect } from './monitor.js';
import { newToken, type OperationService } from './operations.js';
import { emptyReply, jsonReply, type HttpReply, type Reply } from './reply.js';
import { parseJsonObject } from './request-body.js';
import type { ResolvedScenario } from './scenario.js';
import { SCENARIO_QUERY } from './scenario-registry.js';
import { queryValue } from './url-parts.js';

const notFound = (path: string): HttpReply => azureErrorReply(404, 'NotFound', `No resource at '${path}'`);

function methodCheck(req: MockRequest, ...allowed: string[]): HttpReply | undefined {
  return allowed.includes(req.method)
    ? undefined
    : azureErrorReply(405, 'MethodNotAllowed', `${req.method} is not allowed here`, { headers: { Allow: allowed.join(', ') } });
}

/**
 * Azure Resource Manager and Microsoft Graph style long-running operations below `/azure/`:
 * - `POST operations/start` → 202, `Location` and `Azure-AsyncOperation` = `monitor/<id>`
 * - `GET|DELETE monitor/<id>` → 200 `{"status":"InProgress","percentComplete":42}` …
 *   `{"status":"Succeeded","resourceLocation":".../azure/results/<id>"}` | Failed with `error` | `Canceled`
 * - `GET results/<id>` → the result
 * - `POST graph/copy` → 202, `Location` = `graph/monitor/<id>`
 * - `GET|DELETE graph/monitor/<id>` → always 202: `{"status":"inProgress","percentageComplete":27.8}` …
 *   `{"status":"completed","percentageComplete":100,"resourceId":"<id>"}` | `failed` | `cancelled`
 */
export function handleAzure(req: MockRequest, ctx: MockContext): Reply {
  const path = req.segments.join('/');
  const [a, b, c, ...more] = req.segments;
  if (more.length > 0) return notFound(path);
  if (a === 'operations' && b === 'start' && c === undefined) return start(req, ctx, 'azure');
  if (a === 'graph' && b === 'copy' && c === undefined) return start(req, ctx, 'graph');
  if (a === 'monitor' && b !== undefined && c === undefined) {
    return handleMonitor(ctx.operations.find('azure', b), req, ctx, azureDialect(ctx));
  }
  if (a === 'graph' && b === 'monitor' && c !== undefined) {
    return handleMonitor(ctx.operations.find('graph', c), req, ctx, graphDialect(ctx));
  }
  if (a === 'results' && b !== undefined && c === undefined) {
    const wrongMethod = methodCheck(req, 'GET', 'HEAD');
    if (wrongMethod) return wrongMethod;
    const op = ctx.operations.find('azure', b);
    return op !== undefined && op.state === 'Succeeded' && op.result !== null ? jsonReply(200, op.result) : notFound(path);
  }
  return notFound(path);
}

function start(req: MockRequest, ctx: MockContext, service: Extract<OperationService, 'azure' | 'graph'>): Reply {
  const wrongMethod = methodCheck(req, 'POST');
  if (wrongMethod) return wrongMethod;
  const body = parseJsonObject(req.body, true);
  if (!body.ok) return azureErrorReply(400, 'InvalidRequestContent', body.error);
  const selection = ctx.scenarios.select(req.headers, queryValue(req.query, SCENARIO_QUERY));
  if (!selection.ok) return azureErrorReply(400, 'InvalidScenario', selection.error);
  const { name, scenario: s } = selection.value;
  const root = `${ctx.origin}${ctx.paths.azure}`;
  const result = (id: string): unknown =>
    s.result !== undefined ? s.result : { id: `${root}results/${id}`, name: `report-${id}`, properties: { rows: 3, input: body.value } };
  // These APIs start asynchronously whatever `Prefer` says; only a `sync` scenario answers at once.
  if (s.sync) return syncOutcome(s, result(newToken()));
  const op = ctx.operations.create({
    service,
    scenarioName: name,
    scenario: s,
    result,
    monitorPath: (token) => `${ctx.paths.azure}${service === 'graph' ? 'graph/' : ''}monitor/${token}`,
    now: ctx.now(),
  });
  const headers = acceptedHeaders(op, req, ctx);
  if (service === 'azure' && headers['Location'] !== undefined) headers['Azure-AsyncOperation'] = headers['Location'];
  return emptyReply(202, headers);
}

function syncOutcome(s: ResolvedScenario, result: unknown): HttpReply {
  switch (s.outcome) {
    case 'Succeeded':
      return result === null ? emptyReply(204) : jsonReply(200, result);
    case 'Failed':
      return azureErrorReply(s.errorStatus, s.error.code, s.error.message);
    case 'Cancelled':
      return azureErrorReply(503, 'Canceled', 'The operation was canceled by the service');
  }
}

function azureDialect(ctx: MockContext): MonitorDialect {
  return {
    errorReply: azureErrorReply,
    running: (op, poll) => jsonReply(200, { status: 'InProgress', percentComplete: poll.progress ?? 0 }, retryAfterHeader(op, ctx)),
    terminal(op, poll) {
      switch (poll.state) {
        case 'Failed':
          return jsonReply(200, { status: 'Failed', error: op.scenario.error });
        case 'Cancelled':
          return jsonReply(200, { status: 'Canceled' });
        default:
          return jsonReply(
            200,
            op.result === null ? { status: 'Succeeded' } : { status: 'Succeeded', resourceLocation: `${ctx.origin}${ctx.paths.azure}results/${op.id}` },
          );
      }
    },
    accepted: (cancelOp, req) => emptyReply(202, acceptedHeaders(cancelOp, req, ctx)),
  };
}

/** Microsoft Graph's copy monitor answers 202 even when the copy is done: the body decides. */
function graphDialect(ctx: MockContext): MonitorDialect {
  return {
    errorReply: azureErrorReply,
    running(op, poll, req) {
      const headers = retryAfterHeader(op, ctx);
      if (op.scenario.changingLocation) {
        ctx.operations.moveMonitor(op);
        const location = monitorLocation(op, req, ctx);
        if (location !== undefined) headers['Location'] = location;
      }
      return jsonReply(202, { status: 'inProgress', percentageComplete: poll.progress ?? 0 }, headers);
    },
    terminal(op, poll) {
      switch (poll.state) {
        case 'Failed':
          return jsonReply(202, { status: 'failed', error: op.scenario.error });
        case 'Cancelled':
          return jsonReply(202, { status: 'cancelled' });
        default:
          return jsonReply(202, { status: 'completed', percentageComplete: 100, ...(op.result === null ? {} : { resourceId: op.id }) });
      }
    },
    accepted: (cancelOp, req) => emptyReply(202, acceptedHeaders(cancelOp, req, ctx)),
  };
}
