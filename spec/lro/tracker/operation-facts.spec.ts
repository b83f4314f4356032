import { AsyncOpFailedError } from '../../../lib/errors/async-op-failed-error';
import { AsyncOpTimeoutError } from '../../../lib/errors/async-op-timeout-error';
import { factsOfError, factsOfUpdate } from '../../../lib/lro/tracker/operation-facts';
import type { OperationFacts } from '../../../lib/lro/tracker/tracked-operation';

const M = 'https://host.example/m/1';
const running: OperationFacts = { state: 'Running', poll: 3, since: 1, at: 5, location: M, httpStatus: 200, percentComplete: 40, rawStatus: 'InProgress' };

describe('operation facts', () => {
  it('an update: its status, the highest poll, progress kept until a new one, 100 on success', () => {
    expect(factsOfUpdate(running, { status: 'Running', poll: 4, location: M, httpStatus: 202, body: undefined }, 9)).toEqual({
      state: 'Running',
      poll: 4,
      since: 1,
      at: 9,
      location: M,
      httpStatus: 202,
      percentComplete: 40,
    });
    expect(factsOfUpdate(running, { status: 'Succeeded', poll: 5, location: M, httpStatus: 200, body: {}, resultUrl: `${M}/result` }, 9)).toMatchObject({
      state: 'Succeeded',
      percentComplete: 100,
      resultUrl: `${M}/result`,
    });
    // A cancel's update counts no status request: the count stands.
    expect(factsOfUpdate(running, { status: 'Cancelled', poll: 0, location: M, httpStatus: 204, body: undefined }, 9)).toMatchObject({
      state: 'Cancelled',
      poll: 3,
    });
  });

  it('a refused cancel stays said while the operation runs, and goes with its end', () => {
    const refused = { ...running, cancelError: 'answered 405' };
    expect(factsOfUpdate(refused, { status: 'Running', poll: 4, location: M, httpStatus: 200, body: {} }, 9)).toMatchObject({ cancelError: 'answered 405' });
    expect(factsOfUpdate(refused, { status: 'Succeeded', poll: 4, location: M, httpStatus: 200, body: {} }, 9)).not.toHaveProperty('cancelError');
    expect(factsOfError(refused, new Error('x'), 9)).not.toHaveProperty('cancelError');
  });

  it('an error: Failed with the server message, TimedOut with why, Error for the rest', () => {
    const failedUpdate = { status: 'Failed' as const, poll: 4, location: M, httpStatus: 200, body: {}, error: { code: 'E', message: 'no data', details: [] } };
    expect(factsOfError(running, new AsyncOpFailedError(failedUpdate), 9)).toMatchObject({ state: 'Failed', message: 'no data', poll: 3, percentComplete: 40 });
    expect(factsOfError(running, new AsyncOpTimeoutError({ reason: 'maxPolls', polls: 6, location: M, lastUpdate: undefined, limit: 6 }), 9)).toMatchObject({
      state: 'TimedOut',
      poll: 6,
      message: 'still running after 6 polls: gave up',
    });
    expect(factsOfError(running, new AsyncOpTimeoutError({ reason: 'timeout', polls: 2, location: M, lastUpdate: undefined, limit: 100 }), 9)).toMatchObject({
      state: 'TimedOut',
      poll: 3,
      message: expect.stringContaining('100'),
    });
    expect(factsOfError(running, new TypeError('boom'), 9)).toMatchObject({ state: 'Error', message: 'TypeError: boom', rawStatus: 'InProgress' });
    expect(factsOfError({ state: 'Running', poll: 0, since: 0, at: 0 }, 'odd', 9)).toEqual({ state: 'Error', poll: 0, since: 0, at: 9, message: 'odd' });
  });
});
