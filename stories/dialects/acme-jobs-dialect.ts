// A monitor dialect of your own, in one typed file: the "Acme Jobs" API (made up for this example)
// answers a started job with 201 and an `X-Job` header naming the job, and the job reads
// {"job": {"phase": "QUEUED" | "RUNNING" | "DONE" | "ERROR", "pct"?: 40, "output"?: "…", "reason"?: "…"}}.
// README "Monitor dialects" shows this file; spec/lro/dialects/user-dialect.spec.ts runs it over HTTP.
// #region dialect
import * as t from 'io-ts';
import { AsyncOpStatus, ODataProtocolError, type MonitorDialect } from 'rxjs-odata-async';

/** A job as the monitor answers it, decoded from `unknown`. */
const Job = t.type({
  job: t.intersection([
    t.type({ phase: t.keyof({ QUEUED: null, RUNNING: null, DONE: null, ERROR: null }) }),
    t.partial({ pct: t.number, output: t.string, reason: t.string }),
  ]),
});

/** What each phase means. */
const STATUS = { QUEUED: AsyncOpStatus.Running, RUNNING: AsyncOpStatus.Running, DONE: AsyncOpStatus.Succeeded, ERROR: AsyncOpStatus.Failed } as const;

export const acmeJobsDialect: MonitorDialect = {
  name: 'acme-jobs',
  // Claims the operations whose first answer names a job (when given in a list of dialects).
  recognizes: (first) => first.headers['x-job'] !== undefined,
  start: (first) => {
    const monitor = first.headers['x-job'];
    const reading = { status: AsyncOpStatus.Running, httpStatus: first.status, body: first.body };
    return monitor ? { kind: 'poll', monitor, reading } : { kind: 'done', reading: { ...reading, status: AsyncOpStatus.Succeeded } };
  },
  read: (answer, { url }) => {
    const body = 'value' in answer.body ? answer.body.value : undefined;
    // Never a false success: an answer that is no job is an error that says what came.
    if (!Job.is(body))
      return {
        kind: 'error',
        error: new ODataProtocolError(`${url} answered HTTP ${answer.status}, which is not an Acme job`, { url, status: answer.status }),
      };
    const { phase, pct, output, reason } = body.job;
    const error = reason === undefined ? undefined : { code: phase, message: reason, details: [] };
    return {
      kind: 'update',
      reading: { status: STATUS[phase], httpStatus: answer.status, rawStatus: phase, percentComplete: pct, resultUrl: output, error, body },
    };
  },
  cancel: (monitor) => ({ method: 'POST', url: `${monitor}/cancel` }),
};
// #endregion dialect
