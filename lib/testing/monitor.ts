import type { MockContext, MockRequest } from './context.js';
import type { ErrorReplyFactory } from './errors.js';
import { faultReply } from './faults.js';
import { answerPoll, type PollOutcome } from './operation-progress.js';
import type { Operation } from './operations.js';
import { emptyReply, type HttpReply, type Reply } from './reply.js';
import { resolveScenario } from './scenario.js';

/**
 * How one kind of status monitor writes its answers (OData v4, SAP status entity, Azure,
 * Graph). The poll bookkeeping, faults, deletion and cancellation are shared in this file.
 */
export interface MonitorDialect {
  readonly errorReply: ErrorReplyFactory;
  /** The answer while the operation runs. */
  running(op: Operation, poll: PollOutcome, req: MockRequest): HttpReply;
  /** The answer once the operation has ended. */
  terminal(op: Operation, poll: PollOutcome, req: MockRequest): HttpReply;
  /** The 202 of an asynchronous cancel, pointing to the cancel monitor `cancelOp`. */
  accepted(cancelOp: Operation, req: MockRequest): HttpReply;
}

/** Answers a request on a monitor URL (GET/HEAD polls, DELETE cancels). */
export function handleMonitor(op: Operation | undefined, req: MockRequest, ctx: MockContext, dialect: MonitorDialect): Reply {
  if (req.method === 'GET' || req.method === 'HEAD') return monitorGet(op, req, ctx, dialect);
  if (req.method === 'DELETE') return monitorDelete(op, req, ctx, dialect);
  return dialect.errorReply(405, 'MethodNotAllowed', `${req.method} is not allowed on a status monitor`, {
    headers: { Allow: 'GET, HEAD, DELETE' },
  });
}

function goneReply(dialect: MonitorDialect, status: 404 | 410): HttpReply {
  return status === 410
    ? dialect.errorReply(410, 'Gone', 'The status monitor has expired')
    : dialect.errorReply(404, 'NotFound', 'No status monitor at this URL (unknown, cancelled or deleted)');
}

function monitorGet(op: Operation | undefined, req: MockRequest, ctx: MockContext, dialect: MonitorDialect): Reply {
  if (op === undefined) return goneReply(dialect, 404);
  op.polls += 1;
  const fault = op.scenario.faults.find((f) => f.at === op.polls);
  const answer = (): Reply => statusAnswer(op, req, ctx, dialect);
  return fault === undefined ? answer() : faultReply(fault, dialect.errorReply, answer);
}

function statusAnswer(op: Operation, req: MockRequest, ctx: MockContext, dialect: MonitorDialect): HttpReply {
  if (op.gone !== undefined) return goneReply(dialect, op.gone);
  const poll = answerPoll(op, ctx.now());
  if (poll.state === 'Running') return dialect.running(op, poll, req);
  const reply = dialect.terminal(op, poll, req);
  const deleteAfter = op.scenario.deleteAfterComplete;
  if (deleteAfter !== false) op.gone = deleteAfter === 'gone' ? 410 : 404;
  return reply;
}

function monitorDelete(op: Operation | undefined, req: MockRequest, ctx: MockContext, dialect: MonitorDialect): Reply {
  if (op === undefined || op.gone !== undefined) return goneReply(dialect, op?.gone ?? 404);
  switch (op.scenario.cancel) {
    case 'unsupported':
      return dialect.errorReply(405, 'NotSupported', 'This operation cannot be cancelled', { headers: { Allow: 'GET' } });
    case 'async': {
      const cancelOp = ctx.operations.create({
        service: op.service,
        kind: 'cancel',
        scenarioName: op.scenarioName,
        // The cancel monitor completes on its first poll, with no content (v4 AsyncResult: 204).
        scenario: resolveScenario({
          runningPolls: 0,
          relativeLocation: op.scenario.relativeLocation,
          retryAfter: op.scenario.retryAfter,
          completion: op.scenario.completion,
        }),
        result: () => null,
        monitorPath: op.monitorPath,
        completion: op.completion,
        odataVersion: op.odataVersion,
        now: ctx.now(),
      });
      cancel(op);
      return dialect.accepted(cancelOp, req);
    }
    case 'sync':
      cancel(op);
      return emptyReply(204);
  }
}

// A cancelled monitor is gone: PROTOCOL item 7, GET after a successful DELETE gives 404.
function cancel(op: Operation): void {
  if (op.state === 'Running') op.state = 'Cancelled';
  op.gone = 404;
}
