import { isLeft } from '../../../http/either.js';
import { ODataProtocolError } from '../../../errors/odata-protocol-error.js';
import { AsyncOpStatus } from '../../async-op-status.js';
import type { FirstAnswer, StartOutcome } from '../monitor-dialect.js';
import { readStatusBody } from './status-body.js';

/**
 * The first answer as OData services give it (OData v4 §11.6, SAP Gateway, Graph): a `202 Accepted`
 * names its status monitor in `Location` (a 202 without one is an `ODataProtocolError`: there is
 * nothing to poll); any other 2xx is the synchronous result. The 202's own status body, when it
 * has one, gives the opening update its progress; a status field in it that is not a string is an
 * `ODataProtocolError` (DESIGN.md rule 5).
 */
export function startAtLocation(first: FirstAnswer): StartOutcome {
  const { method, url, status, body } = first;
  if (status !== 202) return { kind: 'done', reading: { status: AsyncOpStatus.Succeeded, httpStatus: status, body } };
  const refuse = (why: string): StartOutcome => ({
    kind: 'error',
    error: new ODataProtocolError(`${method} ${url} answered 202 Accepted ${why}`, { method, url, status }),
  });
  const monitor = first.headers['location']?.trim();
  if (!monitor) return refuse('without a Location: there is no status monitor to poll');
  const fields = readStatusBody(body);
  if (isLeft(fields)) return refuse(`with a body that cannot be a status: ${fields.left}`);
  const percentComplete = fields.right?.percentComplete;
  return {
    kind: 'poll',
    monitor,
    reading: { status: AsyncOpStatus.Running, httpStatus: 202, body, ...(percentComplete !== undefined && { percentComplete }) },
  };
}
