/**
 * An asynchronous action implemented in CAP with CAP's own means: the handler of `startJob` sets
 * `202 Accepted` and a `Location` to the job's entity in `Jobs`, which CAP serves (a READ handler,
 * one step further on each read: Running 0 %, Running 50 %, then Succeeded or Failed at 100 %).
 * `asyncOp$` polls it to the end, in OData v4 and through the v2 adapter.
 */
import { asyncOp$, AsyncOpFailedError, AsyncOpStatus, createODataClient, type AsyncOpUpdate, type ODataClient } from 'rxjs-odata-async';
import { settle } from '../support';
import { useCapServer } from './support/cap-server';

const cap = useCapServer();
/** Polls every 10 ms: CAP answers at once, and no test waits near a timeout. */
const FAST = { pollInterval: 10, maxPolls: 10 };

/** The updates of one job and how its stream ended. */
async function run(client: ODataClient, fail: boolean): Promise<{ updates: AsyncOpUpdate[]; error: unknown }> {
  const { values, error } = await settle(client.action('startJob').parameter('Fail', fail).execute().pipe(asyncOp$(client, FAST)));
  return { updates: values, error };
}

const steps = (updates: readonly AsyncOpUpdate[]) =>
  updates.map(({ status, poll, percentComplete, httpStatus }) => ({ status, poll, percentComplete, httpStatus }));

describe.each([
  ['v4', () => createODataClient({ serviceRoot: cap().v4Root })],
  ['v2', () => createODataClient({ serviceRoot: cap().v2Root, protocol: 'v2' })],
])('CAP %s async action: 202 + Location to a Jobs entity, polled with asyncOp$', (protocol, client) => {
  it(`CAP ${protocol} async: startJob answers 202 with a Location in Jobs, polled Running 0 %, Running 50 %, Succeeded 100 %`, async () => {
    const { updates, error } = await run(client(), false);
    expect(error).toBeUndefined();
    expect(steps(updates)).toEqual([
      { status: AsyncOpStatus.Running, poll: 0, percentComplete: undefined, httpStatus: 202 },
      { status: AsyncOpStatus.Running, poll: 1, percentComplete: 0, httpStatus: 200 },
      { status: AsyncOpStatus.Running, poll: 2, percentComplete: 50, httpStatus: 200 },
      { status: AsyncOpStatus.Succeeded, poll: 3, percentComplete: 100, httpStatus: 200 },
    ]);
    const root = protocol === 'v4' ? cap().v4Root : cap().v2Root;
    expect(updates[0]?.location).toMatch(new RegExp(`^${root.replace(/\./g, '\\.')}Jobs\\([\\da-f-]{36}\\)$`));
    expect(updates.at(-1)?.rawStatus).toBe('Succeeded');
  });

  it(`CAP ${protocol} async: a job that ends Failed is emitted, then the stream errors with AsyncOpFailedError`, async () => {
    const { updates, error } = await run(client(), true);
    expect(error).toBeInstanceOf(AsyncOpFailedError);
    expect(steps(updates).map(({ status, percentComplete }) => `${status} ${String(percentComplete)}`)).toEqual([
      'Running undefined',
      'Running 0',
      'Running 50',
      'Failed 100',
    ]);
    expect(error instanceof AsyncOpFailedError && error.update).toBe(updates.at(-1));
  });
});
