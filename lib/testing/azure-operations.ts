import type { MockContext, MockRequest } from './context.js';
import type { AzureMonitorStyle } from './azure-scenario.js';
import { resourceBody, resourcePath } from './azure-monitors.js';
import type { AzureMethod, AzureResource } from './azure-store.js';
import { azureErrorReply } from './errors.js';
import { faultReply } from './faults.js';
import { monitorLocation, retryAfterHeader } from './location.js';
import { newToken, type Operation } from './operations.js';
import { emptyReply, jsonReply, type HttpReply, type Reply } from './reply.js';
import { parseJsonObject } from './request-body.js';
import type { ResolvedScenario } from './scenario.js';
import { SCENARIO_QUERY } from './scenario-registry.js';
import { queryValue } from './url-parts.js';
import { isRecord } from './parse-result.js';

/** What a first call works on: the action at `operations/start`, or a resource. */
export type AzureTarget = { readonly kind: 'action' } | { readonly kind: 'resource'; readonly name: string };

/**
 * The first answer of an Azure long-running operation: `POST operations/start`, or `PUT`,
 * `PATCH` or `DELETE` on `resources/<name>`. The scenario (`X-Mock-Scenario`, ...) decides
 * which headers name the monitor (`azure.monitor`), the answer's status (`azure.status`),
 * and faults on the call itself (`azure.startFaults`, counted per method and URL).
 */
export function startAzureOperation(req: MockRequest, ctx: MockContext, method: AzureMethod, target: AzureTarget): Reply {
  const body = method === 'DELETE' ? { ok: true as const, value: {} } : parseJsonObject(req.body, true);
  if (!body.ok) return azureErrorReply(400, 'InvalidRequestContent', body.error);
  const selection = ctx.scenarios.select(req.headers, queryValue(req.query, SCENARIO_QUERY));
  if (!selection.ok) return azureErrorReply(400, 'InvalidScenario', selection.error);
  const { name, scenario: s } = selection.value;
  const style = s.azure.monitor ?? (method === 'PUT' || method === 'PATCH' ? 'provisioning' : 'both');
  if (style === 'provisioning' && method !== 'PUT' && method !== 'PATCH') {
    return azureErrorReply(400, 'InvalidScenario', `azure.monitor 'provisioning' is for PUT and PATCH, not ${method}`);
  }
  const key = `${method} ${req.rawPath}?${req.query.map((q) => `${q.name}=${q.value}`).join('&')}`;
  const attempt = ctx.azure.attempt(key);
  const fault = s.azure.startFaults.find((f) => f.at === attempt);
  const call: Call = { req, ctx, method, scenarioName: name, s, style, input: body.value };
  const answer = (): Reply => (target.kind === 'action' ? startAction(call) : startOnResource(call, target.name));
  return fault === undefined ? answer() : faultReply(fault, azureErrorReply, answer);
}

interface Call {
  readonly req: MockRequest;
  readonly ctx: MockContext;
  readonly method: AzureMethod;
  readonly scenarioName: string;
  readonly s: ResolvedScenario;
  readonly style: AzureMonitorStyle;
  readonly input: Record<string, unknown>;
}

function startAction(call: Call): Reply {
  const { ctx, s, input } = call;
  const root = `${ctx.origin}${ctx.paths.azure}`;
  const result = (id: string): unknown =>
    s.result !== undefined ? s.result : { id: `${root}results/${id}`, name: `report-${id}`, properties: { rows: 3, input } };
  // These APIs start asynchronously whatever `Prefer` says; only a `sync` scenario answers at once.
  if (s.sync) return syncOutcome(s, result(newToken()));
  const op = newOperation(call, result, (id) => `${ctx.paths.azure}results/${id}`);
  return accepted(call, op, (status) => ({ name: `report-${op.id}`, properties: { provisioningState: status } }));
}

function startOnResource(call: Call, name: string): Reply {
  const { ctx, method, s, style, input } = call;
  const existing = ctx.azure.live(name);
  if (method === 'DELETE') return startDelete(call, existing);
  if (method === 'PATCH' && existing === undefined) return azureErrorReply(404, 'ResourceNotFound', `No resource '${name}' to update`);
  const properties = isRecord(input['properties']) ? input['properties'] : {};
  const resource: AzureResource = {
    name,
    properties: method === 'PATCH' && existing !== undefined ? { ...existing.properties, ...properties } : properties,
    change: existing === undefined ? 'create' : 'update',
    op: undefined,
    settled: 'Succeeded',
  };
  ctx.azure.resources.set(name, resource);
  const created = resource.change === 'create' ? 201 : 200;
  if (s.sync) {
    resource.settled = s.outcome;
    const word = s.outcome === 'Cancelled' ? 'Canceled' : s.outcome;
    const body = resourceBody(ctx, resource, word);
    return jsonReply(created, s.outcome === 'Failed' ? { ...body, error: s.error } : body);
  }
  const finalBody = (): unknown => (s.result !== undefined ? s.result : resourceBody(ctx, resource, 'Succeeded'));
  const op = newOperation(call, finalBody, () => resourcePath(ctx, name));
  resource.op = op;
  if (style !== 'provisioning') return accepted(call, op, (status) => resourceBody(ctx, resource, status));
  const running = resource.change === 'create' ? 'Creating' : 'Updating';
  return jsonReply(created, resourceBody(ctx, resource, running), retryAfterHeader(op, ctx));
}

function startDelete(call: Call, existing: AzureResource | undefined): Reply {
  const { ctx, s } = call;
  // Deleting what is not there succeeds at once, as ARM answers it.
  if (existing === undefined) return emptyReply(204);
  existing.change = 'delete';
  if (s.sync) {
    existing.op = undefined;
    existing.settled = s.outcome;
    return syncOutcome(s, null);
  }
  const op = newOperation(
    call,
    () => null,
    () => undefined,
  );
  existing.op = op;
  // Nothing names a monitor: the deletion is done as far as any client can tell.
  if (call.style === 'none') op.state = 'Succeeded';
  return accepted(call, op, (status) => resourceBody(ctx, existing, status));
}

function newOperation(call: Call, result: (id: string) => unknown, resultPath: (id: string) => string | undefined): Operation {
  const { ctx, method, s, style, scenarioName } = call;
  const op = ctx.operations.create({
    service: 'azure',
    scenarioName,
    scenario: s,
    result,
    monitorPath: (token) => `${ctx.paths.azure}monitor/${token}`,
    now: ctx.now(),
  });
  ctx.azure.describe(op, { style, method, resultPath: resultPath(op.id) });
  return op;
}

/** The answer that names the monitor (or, with `'none'`, names nothing). */
function accepted(call: Call, op: Operation, bodyOf: (provisioningState: string) => unknown): HttpReply {
  const { req, ctx, s, style } = call;
  const headers: Record<string, string> = retryAfterHeader(op, ctx);
  const monitor = monitorLocation(op, req, ctx);
  const resultPath = ctx.azure.info(op)?.resultPath;
  const resultLocation = s.azure.resultLocation && resultPath !== undefined ? { Location: `${ctx.origin}${resultPath}` } : {};
  if (monitor !== undefined) {
    switch (style) {
      case 'both':
        Object.assign(headers, { 'Azure-AsyncOperation': monitor, Location: monitor });
        break;
      case 'azure-asyncoperation':
        Object.assign(headers, { 'Azure-AsyncOperation': monitor }, resultLocation);
        break;
      case 'operation-location':
        Object.assign(headers, { 'Operation-Location': monitor }, resultLocation);
        break;
      case 'location':
        headers['Location'] = monitor;
        break;
      default:
        break;
    }
  }
  const status = style === 'none' ? 202 : s.azure.status;
  return status === 202 ? emptyReply(202, headers) : jsonReply(status, bodyOf('Accepted'), headers);
}

/** A `sync` scenario's answer on the first call. */
export function syncOutcome(s: ResolvedScenario, result: unknown): HttpReply {
  switch (s.outcome) {
    case 'Succeeded':
      return result === null ? emptyReply(204) : jsonReply(200, result);
    case 'Failed':
      return azureErrorReply(s.errorStatus, s.error.code, s.error.message);
    case 'Cancelled':
      return azureErrorReply(503, 'Canceled', 'The operation was canceled by the service');
  }
}
