/**
 * When polling itself goes wrong: an error answer from the monitor, transient answers and network
 * errors (retried within a poll), and the limits that end a poll loop that never finishes.
 */
import { AsyncOpFailedError, AsyncOpStatus, AsyncOpTimeoutError, ODataHttpError, ODataNetworkError } from 'rxjs-odata-async';
import { SAP_ERROR, V4_ERROR, accepted, brief, clientFor, ok, pollMonitor, running, serve, settle } from '../../support/scripted-server';

const busy = { error: { code: 'Busy', message: 'busy' } };

describe('monitor failures', () => {
  describe('an error answer from the monitor', () => {
    it('a 501 with an OData v4 error is Failed with the parsed error, not retried', async () => {
      const { s, r } = await pollMonitor([{ status: 501, body: V4_ERROR }]);
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, httpStatus: 501, error: { code: 'SalesReport.Invalid' } });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it('a 500 says nothing of the operation: retried, and when the retries run out it is the ODataHttpError of an unreadable monitor', async () => {
      const fail500 = { status: 500, headers: { 'Retry-After': '0' }, body: V4_ERROR };
      const { s, r } = await pollMonitor([fail500, fail500, fail500], { retries: 2 });
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect(r.error).not.toBeInstanceOf(AsyncOpFailedError);
      expect(r.error).toMatchObject({ status: 500, odataError: { code: 'SalesReport.Invalid' } });
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running]);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(3);
    });

    it('a 400 with a SAP v2 error is Failed, its {lang,value} message reduced to the value', async () => {
      const { r } = await pollMonitor([{ status: 400, body: SAP_ERROR }], {}, { protocol: 'v2' });
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, error: { code: '/IWBEP/CM_TEA/004', message: 'Resource not found for segment' } });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
    });

    it.each([401, 403])('a %i is an ODataHttpError (the credentials), not an AsyncOpFailedError', async (code) => {
      const { s, r } = await pollMonitor([{ status: code, body: { error: { code: 'Auth', message: 'not allowed' } } }]);
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect(r.error).not.toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as ODataHttpError).status).toBe(code);
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running]);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });
  });

  describe('transient answers are retried within the poll', () => {
    it.each([408, 429, 500, 502, 503, 504])('a %i (Retry-After: 0) is retried and does not count as a poll', async (code) => {
      const { s, r } = await pollMonitor([{ status: code, headers: { 'Retry-After': '0' }, body: busy }, ok({ status: 'Succeeded' })], { maxPolls: 1 });
      expect(r.error).toBeUndefined();
      expect(brief(r.values)).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Succeeded, 1],
      ]);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });

    it('the Retry-After of a 503 (1 s) is honoured before the retry', async () => {
      const { s, r } = await pollMonitor([{ status: 503, headers: { 'Retry-After': '1' } }, ok({ status: 'Succeeded' })], { pollInterval: 1 });
      expect(r.error).toBeUndefined();
      const [g1, g2] = s.hits('GET', '/svc/mon');
      expect(g2!.at - g1!.at).toBeGreaterThanOrEqual(900);
    });

    it('after the last retry a 503 is an ODataHttpError (retries: 2 is 3 requests)', async () => {
      const { s, r } = await pollMonitor([{ status: 503, headers: { 'Retry-After': '0' }, body: busy }], { retries: 2 });
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect((r.error as ODataHttpError).status).toBe(503);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(3);
    });

    it('a network error (socket destroyed) is retried', async () => {
      const { s, r } = await pollMonitor([{ destroy: true }, ok({ status: 'Succeeded' })], { retries: 3 });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, poll: 1 });
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });

    it('network errors after the last retry are an ODataNetworkError', async () => {
      const { s, r } = await pollMonitor([{ destroy: true }], { retries: 1 });
      expect(r.error).toBeInstanceOf(ODataNetworkError);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });

    it('a transient 503 on the action POST itself is not retried: a POST is not idempotent', async () => {
      const s = await serve({ 'POST /svc/Run': [{ status: 503, headers: { 'Retry-After': '0' }, body: busy }, accepted('/svc/mon')] });
      const r = await settle(clientFor(s).action('Run').execute());
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect((r.error as ODataHttpError).status).toBe(503);
      expect(s.hits('POST', '/svc/Run')).toHaveLength(1);
    });
  });

  describe('a poll loop that never finishes', () => {
    it('maxPolls: 3 status requests without a terminal state are an AsyncOpTimeoutError (reason maxPolls), exactly 3 GETs', async () => {
      const { s, r } = await pollMonitor([running('/svc/mon')], { maxPolls: 3 });
      expect(r.error).toBeInstanceOf(AsyncOpTimeoutError);
      expect((r.error as AsyncOpTimeoutError).reason).toBe('maxPolls');
      expect((r.error as AsyncOpTimeoutError).polls).toBe(3);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(3);
      expect(r.values).toHaveLength(4);
    });

    it('the total timeout is an AsyncOpTimeoutError (reason timeout)', async () => {
      const { r } = await pollMonitor([running('/svc/mon')], { timeout: 60, pollInterval: 5, maxPolls: Infinity });
      expect(r.error).toBeInstanceOf(AsyncOpTimeoutError);
      expect((r.error as AsyncOpTimeoutError).reason).toBe('timeout');
    });
  });
});
