/**
 * Cancelling an operation: DELETE on its monitor, the answers a service gives to it, and what
 * happens to polling around a cancel or when the subscriber leaves.
 */
import { AsyncOpStatus, ODataHttpError, asyncOp$, createAsyncPoller, type AsyncOpOptions, type AsyncOpUpdate } from 'rxjs-odata-async';
import { FAST, accepted, calls, clientFor, ok, pause, running, serve, settle, until, type Routes } from '../../support/scripted-server';

/** Cancels the operation whose monitor is `/svc/mon` on a server answering `routes`. */
async function cancelMonitor(routes: Routes) {
  const s = await serve(routes);
  const poller = createAsyncPoller(clientFor(s), `${s.origin}/svc/mon`, FAST);
  const r = await settle(poller.cancel());
  return { s, poller, r };
}

/** An operation whose monitor runs until cancelled. */
const endless: Routes = { 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': running('/svc/mon'), 'DELETE /svc/mon': { status: 204 } };

describe('cancelling an operation', () => {
  describe('DELETE on the monitor', () => {
    it('cancel() sends DELETE to the monitor; a 204 is Cancelled', async () => {
      const { s, r } = await cancelMonitor({ 'DELETE /svc/mon': { status: 204 } });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      expect(calls(s)).toEqual(['DELETE /svc/mon']);
    });

    it('a 200 to the DELETE is Cancelled', async () => {
      const { r } = await cancelMonitor({ 'DELETE /svc/mon': ok({ status: 'cancelled' }) });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
    });

    it('a 202 to the DELETE (an asynchronous cancel with its own monitor) is followed until done, then Cancelled', async () => {
      const { s, r } = await cancelMonitor({
        'DELETE /svc/mon': accepted('/svc/cancel-mon/1'),
        'GET /svc/cancel-mon/1': [running('/svc/cancel-mon/1'), { status: 200, headers: { AsyncResult: '204' } }],
      });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      expect(r.values.slice(0, -1).every((u) => u.status === AsyncOpStatus.Running)).toBe(true);
      expect(calls(s)).toEqual(['DELETE /svc/mon', 'GET /svc/cancel-mon/1', 'GET /svc/cancel-mon/1']);
    });

    it('a 405 (with Allow) to the DELETE is an ODataHttpError 405: this service cannot cancel', async () => {
      const { r } = await cancelMonitor({
        'DELETE /svc/mon': { status: 405, headers: { Allow: 'GET' }, body: { error: { code: 'NotSupported', message: 'cannot cancel' } } },
      });
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect((r.error as ODataHttpError).status).toBe(405);
    });
  });

  describe('polling around a cancel', () => {
    it('cancel goes to the newest monitor, ends status$ with Cancelled, and no GET follows the DELETE', async () => {
      const s = await serve({
        'GET /svc/mon/1': running('/svc/mon/2'),
        'GET /svc/mon/2': { status: 404 },
        'DELETE /svc/mon/2': { status: 204 },
      });
      const poller = createAsyncPoller(clientFor(s), `${s.origin}/svc/mon/1`, { pollInterval: (poll) => (poll <= 1 ? 1 : 60000) });
      const statusUpdates: AsyncOpUpdate[] = [];
      let statusDone = false;
      const sub = poller.status$.subscribe({ next: (u) => statusUpdates.push(u), complete: () => (statusDone = true), error: () => (statusDone = true) });
      await until(() => statusUpdates.length >= 1, 'the first poll');
      const r = await settle(poller.cancel());
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      await until(() => statusDone, 'status$ to end');
      sub.unsubscribe();
      expect(statusUpdates.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      expect(calls(s)).toEqual(['GET /svc/mon/1', 'DELETE /svc/mon/2']);
    });

    it('after a cancel before any poll, status$ is Cancelled without polling (the monitor may be gone)', async () => {
      const { s, poller } = await cancelMonitor({ 'DELETE /svc/mon': { status: 204 }, 'GET /svc/mon': { status: 404 } });
      const r = await settle(poller.status$);
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(0);
    });
  });

  describe('a subscriber that leaves before the end', () => {
    /** Starts the endless operation, waits for its first poll, then unsubscribes. */
    async function leaveAfterFirstPoll(options: AsyncOpOptions = {}) {
      const s = await serve(endless);
      const client = clientFor(s);
      const sub = client
        .action('Run')
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 5, maxPolls: Infinity, ...options }))
        .subscribe({ error: () => undefined });
      await until(() => s.hits('GET', '/svc/mon').length >= 1, 'a poll');
      sub.unsubscribe();
      return s;
    }

    it('cancelOnUnsubscribe: true sends DELETE when the subscriber leaves before a terminal state', async () => {
      const s = await leaveAfterFirstPoll({ cancelOnUnsubscribe: true });
      await until(() => s.hits('DELETE', '/svc/mon').length === 1, 'the DELETE');
    });

    it('by default (cancelOnUnsubscribe: false) leaving sends no DELETE and nothing else', async () => {
      const s = await leaveAfterFirstPoll();
      const count = s.requests.length;
      await pause(40);
      expect(s.hits('DELETE', '/svc/mon')).toHaveLength(0);
      expect(s.requests).toHaveLength(count);
    });
  });
});
