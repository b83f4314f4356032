import type { MockContext, MockRequest } from './context.js';
import { graphMonitor, locationMonitor, provisioningMonitor, provisioningWord, resourceBody, statusMonitor } from './azure-monitors.js';
import { startAzureOperation, syncOutcome } from './azure-operations.js';
import { stateOf } from './azure-store.js';
import { azureErrorReply } from './errors.js';
import { acceptedHeaders } from './location.js';
import { handleMonitor } from './monitor.js';
import { newToken } from './operations.js';
import { emptyReply, jsonReply, type HttpReply, type Reply } from './reply.js';
import { parseJsonObject } from './request-body.js';
import { SCENARIO_QUERY } from './scenario-registry.js';
import { queryValue } from './url-parts.js';

const notFound = (path: string): HttpReply => azureErrorReply(404, 'NotFound', `No resource at '${path}'`);

function methodCheck(req: MockRequest, ...allowed: string[]): HttpReply | undefined {
  return allowed.includes(req.method)
    ? undefined
    : azureErrorReply(405, 'MethodNotAllowed', `${req.method} is not allowed here`, { headers: { Allow: allowed.join(', ') } });
}

/**
 * Azure Resource Manager and Microsoft Graph style long-running operations below `/azure/`
 * (the variants of each first answer are the scenario's `azure` field):
 * - `POST operations/start` → 202 naming the monitor `monitor/<id>` (by default in both
 *   `Azure-AsyncOperation` and `Location`)
 * - `PUT|PATCH|DELETE resources/<name>` → by default PUT/PATCH answer 201/200 with
 *   `provisioningState: Creating|Updating` and no monitor header; DELETE a 202 like the start
 * - `GET resources/<name>` → the resource (a PUT/PATCH without monitor header is polled here)
 * - `GET|DELETE monitor/<id>` → `{"status":"InProgress","percentComplete":42}` …
 *   `{"status":"Succeeded","resourceLocation":".../azure/results/<id>"}` | Failed with `error` | `Canceled`
 * - `GET results/<id>` → the result (404 until the operation has succeeded)
 * - `POST graph/copy` → 202, `Location` = `graph/monitor/<id>`
 * - `GET|DELETE graph/monitor/<id>` → always 202: `{"status":"inProgress","percentageComplete":27.8}` …
 *   `{"status":"completed","percentageComplete":100,"resourceId":"<id>"}` | `failed` | `cancelled`
 */
export function handleAzure(req: MockRequest, ctx: MockContext): Reply {
  const path = req.segments.join('/');
  const [a, b, c, ...more] = req.segments;
  if (more.length > 0) return notFound(path);
  if (a === 'operations' && b === 'start' && c === undefined) {
    return methodCheck(req, 'POST') ?? startAzureOperation(req, ctx, 'POST', { kind: 'action' });
  }
  if (a === 'resources' && b !== undefined && b !== '' && c === undefined) return handleResource(req, ctx, b);
  if (a === 'graph' && b === 'copy' && c === undefined) return startGraphCopy(req, ctx);
  if (a === 'monitor' && b !== undefined && c === undefined) {
    const op = ctx.operations.find('azure', b);
    const info = op === undefined ? undefined : ctx.azure.info(op);
    const dialect = info?.style === 'location' ? locationMonitor(ctx) : statusMonitor(ctx, info?.style, info?.resultPath);
    return handleMonitor(op, req, ctx, dialect);
  }
  if (a === 'graph' && b === 'monitor' && c !== undefined) {
    return handleMonitor(ctx.operations.find('graph', c), req, ctx, graphMonitor(ctx));
  }
  if (a === 'results' && b !== undefined && c === undefined) {
    const wrongMethod = methodCheck(req, 'GET', 'HEAD');
    if (wrongMethod) return wrongMethod;
    const op = ctx.operations.find('azure', b);
    return op !== undefined && op.state === 'Succeeded' && op.result !== null ? jsonReply(200, op.result) : notFound(path);
  }
  return notFound(path);
}

function handleResource(req: MockRequest, ctx: MockContext, name: string): Reply {
  switch (req.method) {
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return startAzureOperation(req, ctx, req.method, { kind: 'resource', name });
    case 'GET':
    case 'HEAD':
      return resourceGet(req, ctx, name);
    default:
      return azureErrorReply(405, 'MethodNotAllowed', `${req.method} is not allowed here`, { headers: { Allow: 'GET, HEAD, PUT, PATCH, DELETE' } });
  }
}

/**
 * A resource as it stands. When its latest change named no monitor (`provisioning`), this GET is
 * the poll: it advances the operation and may carry a fault. Otherwise it only shows the state
 * the monitor has reached, and never advances anything.
 */
function resourceGet(req: MockRequest, ctx: MockContext, name: string): Reply {
  const resource = ctx.azure.live(name);
  if (resource === undefined) return azureErrorReply(404, 'ResourceNotFound', `No resource '${name}'`);
  const op = resource.op;
  if (op !== undefined && ctx.azure.info(op)?.style === 'provisioning') return handleMonitor(op, req, ctx, provisioningMonitor(ctx, resource));
  const state = stateOf(resource);
  if (state === 'Succeeded' && op !== undefined && op.scenario.result !== undefined) return jsonReply(200, op.scenario.result);
  const running = { create: 'Creating', update: 'Updating', delete: 'Deleting' }[resource.change];
  return jsonReply(200, resourceBody(ctx, resource, provisioningWord(state, running)));
}

function startGraphCopy(req: MockRequest, ctx: MockContext): Reply {
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
  if (s.sync) return syncOutcome(s, result(newToken()));
  const op = ctx.operations.create({
    service: 'graph',
    scenarioName: name,
    scenario: s,
    result,
    monitorPath: (token) => `${ctx.paths.azure}graph/monitor/${token}`,
    now: ctx.now(),
  });
  return emptyReply(202, acceptedHeaders(op, req, ctx));
}
