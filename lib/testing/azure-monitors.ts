import type { MockContext } from './context.js';
import type { AzureMonitorStyle } from './azure-scenario.js';
import type { AzureResource } from './azure-store.js';
import { azureErrorReply } from './errors.js';
import { acceptedHeaders, monitorLocation, retryAfterHeader } from './location.js';
import type { MonitorDialect } from './monitor.js';
import type { Operation, OperationState } from './operations.js';
import { emptyReply, jsonReply } from './reply.js';

/** The `provisioningState` word of a resource in a state (`running` is the word while it runs). */
export function provisioningWord(state: OperationState, running: string): string {
  switch (state) {
    case 'Running':
      return running;
    case 'Succeeded':
      return 'Succeeded';
    case 'Failed':
      return 'Failed';
    case 'Cancelled':
      return 'Canceled';
  }
}

/**
 * The URL path of a resource. The name is percent-encoded again: it came decoded from the path, and
 * may hold CR, LF or characters a header cannot carry (a `Location` is built from it).
 */
export function resourcePath(ctx: MockContext, name: string): string {
  return `${ctx.paths.azure}resources/${encodeURIComponent(name)}`;
}

/** The body of a resource (ARM shape: `properties.provisioningState`). */
export function resourceBody(ctx: MockContext, resource: AzureResource, provisioningState: string): Record<string, unknown> {
  return {
    id: resourcePath(ctx, resource.name),
    name: resource.name,
    type: 'Mock.Resources/resources',
    properties: { ...resource.properties, provisioningState },
  };
}

/** The result's fields next to `status`, as a monitor that embeds its result writes them. */
function withResult(status: string, result: unknown): Record<string, unknown> {
  return typeof result === 'object' && result !== null && !Array.isArray(result) ? { ...result, status } : { status, value: result };
}

/**
 * A status monitor named by `Azure-AsyncOperation` (ARM words: `InProgress`) or by
 * `Operation-Location` (newer services: `NotStarted` on the first running answer, then `Running`).
 * A `Succeeded` body names `resourceLocation`, or carries the result itself.
 */
export function statusMonitor(ctx: MockContext, style: AzureMonitorStyle | undefined, resultPath: string | undefined): MonitorDialect {
  const runningWord = (op: Operation): string => (style !== 'operation-location' ? 'InProgress' : op.runningAnswers <= 1 ? 'NotStarted' : 'Running');
  return {
    errorReply: azureErrorReply,
    running: (op, poll) => jsonReply(200, { status: runningWord(op), percentComplete: poll.progress ?? 0 }, retryAfterHeader(op, ctx)),
    terminal(op, poll) {
      switch (poll.state) {
        case 'Failed':
          return jsonReply(200, { status: 'Failed', error: op.scenario.error });
        case 'Cancelled':
          return jsonReply(200, { status: 'Canceled' });
        default:
          if (op.result === null) return jsonReply(200, { status: 'Succeeded' });
          if (!op.scenario.azure.resourceLocation) return jsonReply(200, withResult('Succeeded', op.result));
          return jsonReply(200, { status: 'Succeeded', resourceLocation: `${ctx.origin}${resultPath ?? `${ctx.paths.azure}results/${op.id}`}` });
      }
    },
    accepted: (cancelOp, req) => emptyReply(202, acceptedHeaders(cancelOp, req, ctx)),
  };
}

/**
 * A monitor named by `Location` alone: 202 while running; at the end the result itself (200, or
 * 204 for none), or the operation's error with `errorStatus`. A Location monitor has no status
 * word, so a cancellation by the service is a 409 `Canceled` error.
 */
export function locationMonitor(ctx: MockContext): MonitorDialect {
  return {
    errorReply: azureErrorReply,
    running: (op) => emptyReply(202, retryAfterHeader(op, ctx)),
    terminal(op, poll) {
      switch (poll.state) {
        case 'Failed':
          return azureErrorReply(op.scenario.errorStatus, op.scenario.error.code, op.scenario.error.message);
        case 'Cancelled':
          return azureErrorReply(409, 'Canceled', 'The operation was canceled by the service');
        default:
          return op.result === null ? emptyReply(204) : jsonReply(200, op.result);
      }
    },
    accepted: (cancelOp, req) => emptyReply(202, { ...retryAfterHeader(cancelOp, ctx), ...locationOf(cancelOp, req, ctx) }),
  };
}

function locationOf(op: Operation, req: Parameters<typeof monitorLocation>[1], ctx: MockContext): Record<string, string> {
  const location = monitorLocation(op, req, ctx);
  return location === undefined ? {} : { Location: location };
}

/**
 * A resource polled on its own URL (a PUT or PATCH that named no monitor): its
 * `properties.provisioningState` is `Creating` / `Updating` while it runs, then `Succeeded`,
 * `Failed` (with an `error`) or `Canceled`.
 */
export function provisioningMonitor(ctx: MockContext, resource: AzureResource): MonitorDialect {
  const running = resource.change === 'create' ? 'Creating' : 'Updating';
  return {
    errorReply: azureErrorReply,
    running: (op) => jsonReply(200, resourceBody(ctx, resource, running), retryAfterHeader(op, ctx)),
    terminal(op, poll) {
      if (poll.state === 'Succeeded') return jsonReply(200, op.scenario.result !== undefined ? op.scenario.result : resourceBody(ctx, resource, 'Succeeded'));
      const body = resourceBody(ctx, resource, provisioningWord(poll.state, running));
      return jsonReply(200, poll.state === 'Failed' ? { ...body, error: op.scenario.error } : body);
    },
    accepted: (cancelOp, req) => emptyReply(202, acceptedHeaders(cancelOp, req, ctx)),
  };
}

/** Microsoft Graph's copy monitor answers 202 even when the copy is done: the body decides. */
export function graphMonitor(ctx: MockContext): MonitorDialect {
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
