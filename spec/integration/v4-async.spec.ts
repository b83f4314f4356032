/**
 * PROTOCOL.md "OData v4 asynchronous requests", items 1–11, end to end: the real client
 * (axios over node:http) against the embedded mock server on 127.0.0.1. Every test counts the
 * requests it expects in the server's request log (only its own, by `X-Test-Id`).
 */
import { sessionOf } from '../../lib/odata/client-session';
import { lastValueFrom, of, take, toArray } from 'rxjs';
import { AsyncOpFailedError, AsyncOpStatus, ODataHttpError, asyncOp$, createAsyncPoller, type AsyncOpUpdate } from '../../lib/index';
import type { OperationInfo } from '../../lib/testing/index';
import { expectInstance, pathOf, settle, summary, testClient, useMockServer, type TestClient, type TestClientOptions } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const server = useMockServer();
const V4 = '/odata/v4/sales/';
const ACTION = `${V4}SalesReportGenerate`;
/** Small enough to keep the suite fast; Retry-After (when a scenario sends one) wins over it. */
const FAST = { pollInterval: 5 } as const;

const v4 = (options?: TestClientOptions): TestClient => testClient(server(), server().v4Root, options);
const start = (t: TestClient) => t.client.action('SalesReportGenerate').parameter('Year', 2024).parameter('Region', 'EMEA').execute();
const brief = (updates: readonly AsyncOpUpdate[]) => updates.map((u) => [u.status, u.poll, u.httpStatus]);

function operationAt(monitorUrl: string): OperationInfo {
  const op = server()
    .operations()
    .find((o) => o.monitorUrls.includes(monitorUrl));
  if (op === undefined) throw new Error(`no operation has the monitor ${monitorUrl}`);
  return op;
}

function firstLocation(updates: readonly AsyncOpUpdate[]): string {
  const first = updates[0];
  if (first === undefined) throw new Error('no update');
  return first.location;
}

describe('OData v4 asynchronous requests (PROTOCOL items 1–11)', () => {
  describe('v4 #1: 202 only with Prefer: respond-async; synchronous answers handled too', () => {
    it('v4 #1: with Prefer: respond-async the service answers 202 and asyncOp$ polls the monitor to Succeeded', async () => {
      const t = v4({ scenario: 'fast' });
      const { values, error, completed } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      const log = await t.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), firstLocation(values))} 200`]);
      expect(log[0]?.headers['prefer']).toBe('respond-async');
    });

    it('v4 #1: without Prefer: respond-async (preferAsync: false) the answer is 200 at once and asyncOp$ emits one Succeeded (poll 0)', async () => {
      const t = v4({ scenario: 'never', preferAsync: false });
      const operationsBefore = server().operations().length;
      const { values, completed } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([[AsyncOpStatus.Succeeded, 0, 200]]);
      expect(values[0]?.body).toMatchObject({ Year: 2024, Region: 'EMEA', Rows: 3 });
      const log = await t.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 200`]);
      expect(log[0]?.headers['prefer']).toBeUndefined();
      expect(server().operations()).toHaveLength(operationsBefore);
    });

    it('v4 #1: the service MAY answer synchronously even with Prefer: respond-async (200 without Preference-Applied)', async () => {
      const t = v4({ scenario: 'sync' });
      const result = await lastValueFrom(start(t));
      expect(result.status).toBe(200);
      expect(result.isAsync()).toBe(false);
      expect(result.headers['preference-applied']).toBeUndefined();
      const updates = await lastValueFrom(of(result).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(brief(updates)).toEqual([[AsyncOpStatus.Succeeded, 0, 200]]);
      const log = await t.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 200`]);
      expect(log[0]?.headers['prefer']).toBe('respond-async');
    });

    it('v4 #1: a synchronous 204 (no result) is one Succeeded update with httpStatus 204 and no body', async () => {
      const t = v4({ scenario: 'sync', inline: { result: null } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(updates).toEqual([
        { status: AsyncOpStatus.Succeeded, poll: 0, location: `${server().v4Root}SalesReportGenerate`, httpStatus: 204, body: undefined },
      ]);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 204`]);
    });
  });

  describe('v4 #2: the 202 carries Location, MAY carry Retry-After, and Preference-Applied: respond-async', () => {
    it('v4 #2: 202 + Location + Retry-After + Preference-Applied are all read from the ActionResult and the first update', async () => {
      const t = v4({ inline: { runningPolls: 0, retryAfter: 0 } });
      const result = await lastValueFrom(start(t));
      expect(result.status).toBe(202);
      expect(result.isAsync()).toBe(true);
      expect(result.data).toBeUndefined();
      expect(result.headers['preference-applied']).toBe('respond-async');
      expect(result.headers['retry-after']).toBe('0');
      expect(result.retryAfterMs()).toBe(0);
      const monitor = result.location();
      expect(monitor).toBe(result.headers['location']);
      expect(monitor).toMatch(new RegExp(`^${server().v4Root.replace(/[$.]/g, '\\$&')}\\$monitor/\\w+$`));
      expect(operationAt(monitor ?? '').monitorUrl).toBe(monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`]);

      // The 202's Retry-After (0) decides the first wait, not the (huge) pollInterval.
      const updates = await lastValueFrom(of(result).pipe(asyncOp$(t.client, { pollInterval: 60_000 }), toArray()));
      expect(updates[0]).toEqual({ status: AsyncOpStatus.Running, poll: 0, location: monitor, httpStatus: 202, body: undefined, retryAfterMs: 0 });
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), monitor ?? '')} 200`]);
    });
  });

  describe('v4 #3: a running monitor answers 202 again, with a Location that MAY change and a Retry-After', () => {
    it('v4 #3: polls the newest Location while running (changing-location scenario)', async () => {
      const t = v4({ scenario: 'changing-location' });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const op = operationAt(firstLocation(updates));
      expect(op.monitorUrls).toHaveLength(3);
      expect(new Set(op.monitorUrls).size).toBe(3);
      const [m0 = '', m1 = '', m2 = ''] = op.monitorUrls;
      // update.location is the URL that answered: each poll went to the Location of the answer before it.
      expect(updates.map((u) => [u.status, u.poll, u.httpStatus, u.location])).toEqual([
        [AsyncOpStatus.Running, 0, 202, m0],
        [AsyncOpStatus.Running, 1, 202, m0],
        [AsyncOpStatus.Running, 2, 202, m1],
        [AsyncOpStatus.Succeeded, 3, 200, m2],
      ]);
      expect(summary(await t.done())).toEqual([
        `POST ${ACTION} 202`,
        `GET ${pathOf(server(), m0)} 202`,
        `GET ${pathOf(server(), m1)} 202`,
        `GET ${pathOf(server(), m2)} 200`,
      ]);
    });

    it('v4 #3: each running 202 carries Retry-After; the update reports it and it decides the next wait', async () => {
      const t = v4({ inline: { retryAfter: 0 } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, { pollInterval: 60_000 }), toArray()));
      expect(updates.map((u) => [u.status, u.poll, u.httpStatus, u.retryAfterMs])).toEqual([
        [AsyncOpStatus.Running, 0, 202, 0],
        [AsyncOpStatus.Running, 1, 202, 0],
        [AsyncOpStatus.Running, 2, 202, 0],
        [AsyncOpStatus.Succeeded, 3, 200, undefined],
      ]);
      const monitor = pathOf(server(), firstLocation(updates));
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${monitor} 202`, `GET ${monitor} 202`, `GET ${monitor} 200`]);
      const runningAnswers = t.wire.responses.filter((r) => r.method === 'GET' && r.status === 202);
      expect(runningAnswers.map((r) => [r.headers['retry-after'], r.headers['location']])).toEqual([
        ['0', firstLocation(updates)],
        ['0', firstLocation(updates)],
      ]);
    });

    it('v4 #3: a running 202 MAY carry a status body: its progress is read ({"status":"Running","percentComplete":..})', async () => {
      const t = v4({ inline: { progress: [10, 55] } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(updates.map((u) => [u.status, u.poll, u.httpStatus, u.rawStatus, u.percentComplete])).toEqual([
        [AsyncOpStatus.Running, 0, 202, undefined, undefined],
        [AsyncOpStatus.Running, 1, 202, 'Running', 10],
        [AsyncOpStatus.Running, 2, 202, 'Running', 55],
        [AsyncOpStatus.Succeeded, 3, 200, undefined, undefined],
      ]);
      expect(await t.done()).toHaveLength(4);
    });
  });

  describe('v4 #4: 4.01 completion: 200 + AsyncResult', () => {
    it('v4 #4: completion is 200 + AsyncResult: 200 and the body is the result', async () => {
      const t = v4();
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const monitor = firstLocation(updates);
      const last = updates[updates.length - 1];
      expect(last).toMatchObject({ status: AsyncOpStatus.Succeeded, poll: 3, httpStatus: 200, location: monitor });
      expect(last?.body).toEqual({
        '@odata.context': '$metadata#Sales.SalesReport',
        ReportId: operationAt(monitor).id,
        Year: 2024,
        Region: 'EMEA',
        Rows: 3,
        Total: 1234.5,
      });
      const completion = t.wire.responses[t.wire.responses.length - 1];
      expect(completion).toMatchObject({ method: 'GET', url: monitor, status: 200 });
      expect(completion?.headers['asyncresult']).toBe('200');
      expect(completion?.headers['content-type']).toMatch(/^application\/json/);
      expect(summary(await t.done())).toHaveLength(4);
    });

    it('v4 #4: a 4.0 request (OData-MaxVersion: 4.0) whose Accept lacks application/http also gets the AsyncResult form', async () => {
      const t = v4({ scenario: 'fast' });
      const call$ = t.client.request({ method: 'POST', path: 'SalesReportGenerate', body: { Year: 2024 }, headers: { 'OData-MaxVersion': '4.0' } });
      const updates = await lastValueFrom(call$.pipe(asyncOp$(t.client, FAST), toArray()));
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(updates[1]?.body).toMatchObject({ Year: 2024, Region: 'ALL' });
      const log = await t.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), firstLocation(updates))} 200`]);
      expect(log[0]?.headers).toMatchObject({ 'odata-maxversion': '4.0', accept: 'application/json' });
      const completion = t.wire.responses[1];
      expect(completion?.headers['asyncresult']).toBe('200');
      expect(completion?.headers['odata-version']).toBe('4.0');
    });

    it('v4 #4: failure is 200 + AsyncResult: 500 + an OData error: Failed is emitted, then AsyncOpFailedError with the server error', async () => {
      const t = v4({ scenario: 'fail' });
      const { values, error } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      const monitor = firstLocation(values);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Failed, 3, 500],
      ]);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.name).toBe('AsyncOpFailedError');
      expect(failed.poll).toBe(3);
      expect(failed.location).toBe(monitor);
      expect(failed.update).toBe(values[3]);
      expect(failed.odataError).toEqual({ code: 'REPORT_FAILED', message: 'Report generation failed: no sales data for the year', details: [] });
      expect(t.wire.responses[t.wire.responses.length - 1]).toMatchObject({ status: 200, headers: { asyncresult: '500' } });
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 200`]);
    });

    it('v4 #4: any 4xx in AsyncResult (422) is Failed with that status', async () => {
      const t = v4({ scenario: 'fail', inline: { runningPolls: 0, errorStatus: 422, error: { code: 'E_YEAR', message: 'Year is closed' } } });
      const { values, error } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Failed, 1, 422],
      ]);
      expect(expectInstance(error, AsyncOpFailedError).odataError).toMatchObject({ code: 'E_YEAR', message: 'Year is closed' });
      expect(t.wire.responses[1]?.headers['asyncresult']).toBe('422');
      expect(await t.done()).toHaveLength(2);
    });
  });

  describe('v4 #5: 4.0 completion: the application/http envelope', () => {
    it('v4 #5: a request that Accepts application/http gets 200 + Content-Type: application/http (+ Content-Encoding: binary) and the embedded result', async () => {
      const t = v4({ scenario: 'fast' });
      const call$ = t.client.request({ method: 'POST', path: 'SalesReportGenerate', body: { Year: 2024 }, headers: { Accept: 'application/http' } });
      const updates = await lastValueFrom(call$.pipe(asyncOp$(t.client, FAST), toArray()));
      const monitor = firstLocation(updates);
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(updates[1]?.body).toEqual({
        '@odata.context': '$metadata#Sales.SalesReport',
        ReportId: operationAt(monitor).id,
        Year: 2024,
        Region: 'ALL',
        Rows: 3,
        Total: 1234.5,
      });
      const envelope = t.wire.responses[1];
      expect(envelope?.status).toBe(200);
      expect(envelope?.headers['content-type']).toBe('application/http');
      expect(envelope?.headers['content-encoding']).toBe('binary');
      expect(envelope?.headers['asyncresult']).toBeUndefined();
      expect(envelope?.body.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
      const log = await t.done();
      expect(log[0]?.headers['accept']).toBe('application/http');
      expect(summary(log)).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), monitor)} 200`]);
    });

    it('v4 #5: the envelope scenario (forced 4.0 form) is read whatever the client asked for', async () => {
      const t = v4({ scenario: 'envelope' });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      expect(updates[3]?.body).toMatchObject({ Year: 2024, Region: 'EMEA' });
      expect(t.wire.responses[3]?.headers['content-type']).toBe('application/http');
      expect(await t.done()).toHaveLength(4);
    });

    it('v4 #5: an envelope carrying a failure (embedded 500 + OData error) is Failed → AsyncOpFailedError', async () => {
      const t = v4({ scenario: 'envelope', inline: { runningPolls: 0, outcome: 'Failed', error: { code: 'E_ENV', message: 'Envelope failure' } } });
      const { values, error } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Failed, 1, 500],
      ]);
      expect(expectInstance(error, AsyncOpFailedError).odataError).toEqual({ code: 'E_ENV', message: 'Envelope failure', details: [] });
      expect(t.wire.responses[1]?.body.startsWith('HTTP/1.1 500 Internal Server Error\r\n')).toBe(true);
      expect(await t.done()).toHaveLength(2);
    });

    it('v4 #5: a monitor deleted after the first completed GET is not polled again (a second GET gives 404)', async () => {
      const t = v4({ inline: { completion: 'envelope', runningPolls: 0, deleteAfterComplete: true } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const monitor = firstLocation(updates);
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), monitor)} 200`]);
      expect(operationAt(monitor).deleted).toBe(true);
      // The server really deleted it: a second GET (made by the test, not the client) is a 404.
      const again = await lastValueFrom(sessionOf(t.client).send({ method: 'GET', url: monitor }));
      expect(again.status).toBe(404);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${pathOf(server(), monitor)} 200`, `GET ${pathOf(server(), monitor)} 404`]);
    });
  });

  describe('v4 #6: cancelled by the service itself: 200 with an embedded 5xx', () => {
    // The library cannot tell "cancelled by the service" from "failed with a 503" on the wire
    // (lib/lro/dialects/shared/odata-completion.ts, rule 1): it reports Failed with the embedded
    // status and the server's error, which says which it was.
    it("v4 #6: AsyncResult: 503 → Failed (httpStatus 503) and AsyncOpFailedError carrying the service's Cancelled error", async () => {
      const t = v4({ scenario: 'cancelled', inline: { runningPolls: 1 } });
      const { values, error } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Failed, 2, 503],
      ]);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.odataError).toEqual({ code: 'Cancelled', message: 'The operation was cancelled by the service', details: [] });
      expect(t.wire.responses[2]?.headers['asyncresult']).toBe('503');
      expect(operationAt(firstLocation(values)).state).toBe('Cancelled');
      expect(await t.done()).toHaveLength(3);
    });

    it('v4 #6: the same in the 4.0 envelope (HTTP/1.1 503 inside a 200)', async () => {
      const t = v4({ scenario: 'cancelled', inline: { runningPolls: 0, completion: 'envelope' } });
      const { values, error } = await settle(start(t).pipe(asyncOp$(t.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Failed, 1, 503],
      ]);
      expect(expectInstance(error, AsyncOpFailedError).odataError?.code).toBe('Cancelled');
      expect(t.wire.responses[1]?.status).toBe(200);
      expect(t.wire.responses[1]?.body.startsWith('HTTP/1.1 503 Service Unavailable\r\n')).toBe(true);
      expect(await t.done()).toHaveLength(2);
    });
  });

  describe('v4 #7: DELETE on the monitor cancels', () => {
    it('v4 #7: DELETE answered 204 cancels; a GET afterwards gives 404 (Failed: the monitor is gone)', async () => {
      const t = v4({ scenario: 'never' });
      const accepted = await lastValueFrom(start(t));
      const monitor = accepted.location() ?? '';
      const cancelled = await lastValueFrom(t.client.request({ method: 'DELETE', url: monitor }));
      expect(cancelled.status).toBe(204);
      expect(operationAt(monitor)).toMatchObject({ state: 'Cancelled', deleted: true });

      const poller = createAsyncPoller(t.client, monitor, FAST);
      const failed = expectInstance(await poller.wait().catch((e: unknown) => e), AsyncOpFailedError);
      expect(failed.update).toMatchObject({ status: AsyncOpStatus.Failed, poll: 1, httpStatus: 404 });
      expect(failed.odataError?.code).toBe('NotFound');
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `DELETE ${path} 204`, `GET ${path} 404`]);
    });

    it('v4 #7: DELETE answered 202 is an async cancel: a new Location, different from the monitor, polled to completion', async () => {
      const t = v4({ scenario: 'cancel-async' });
      const accepted = await lastValueFrom(start(t));
      const monitor = accepted.location() ?? '';
      const cancel = await lastValueFrom(t.client.request({ method: 'DELETE', url: monitor }));
      expect(cancel.status).toBe(202);
      expect(cancel.isAsync()).toBe(true);
      const cancelMonitor = cancel.location() ?? '';
      expect(cancelMonitor).not.toBe(monitor);
      expect(cancelMonitor.startsWith(`${server().v4Root}$monitor/`)).toBe(true);
      expect(
        server()
          .operations()
          .find((o) => o.monitorUrl === cancelMonitor)?.kind,
      ).toBe('cancel');

      const updates = await lastValueFrom(of(cancel).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 204],
      ]);
      expect(t.wire.responses[t.wire.responses.length - 1]?.headers['asyncresult']).toBe('204');
      const gone = await lastValueFrom(sessionOf(t.client).send({ method: 'GET', url: monitor }));
      expect(gone.status).toBe(404);
      expect(summary(await t.done())).toEqual([
        `POST ${ACTION} 202`,
        `DELETE ${pathOf(server(), monitor)} 202`,
        `GET ${pathOf(server(), cancelMonitor)} 200`,
        `GET ${pathOf(server(), monitor)} 404`,
      ]);
    });

    it('v4 #7: DELETE answered 405 with Allow: cancel not supported (ODataHttpError); the operation keeps running', async () => {
      const t = v4({ scenario: 'cancel-unsupported' });
      const accepted = await lastValueFrom(start(t));
      const monitor = accepted.location() ?? '';
      const refused = expectInstance(await lastValueFrom(t.client.request({ method: 'DELETE', url: monitor })).catch((e: unknown) => e), ODataHttpError);
      expect(refused.status).toBe(405);
      expect(refused.method).toBe('DELETE');
      expect(refused.url).toBe(monitor);
      expect(refused.headers['allow']).toBe('GET');
      expect(refused.odataError?.code).toBe('NotSupported');
      expect(operationAt(monitor)).toMatchObject({ state: 'Running', deleted: false });
      const still = await lastValueFrom(createAsyncPoller(t.client, monitor, { ...FAST, maxPolls: 1 }).status$.pipe(take(1)));
      expect(still).toMatchObject({ status: AsyncOpStatus.Running, poll: 1, httpStatus: 202 });
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `DELETE ${path} 405`, `GET ${path} 202`]);
    });
  });

  describe('v4 #8: a monitor polled too late answers 404 or 410', () => {
    it("v4 #8: 404 after the monitor was cleaned up → Failed with the server's NotFound error", async () => {
      const t = v4({ scenario: 'delete-after-complete' });
      const monitor = (await lastValueFrom(start(t))).location() ?? '';
      expect((await lastValueFrom(sessionOf(t.client).send({ method: 'GET', url: monitor }))).status).toBe(200);

      const failed = expectInstance(
        await createAsyncPoller(t.client, monitor, FAST)
          .wait()
          .catch((e: unknown) => e),
        AsyncOpFailedError,
      );
      expect(failed.update).toMatchObject({ status: AsyncOpStatus.Failed, poll: 1, httpStatus: 404, location: monitor });
      expect(failed.odataError).toMatchObject({ code: 'NotFound' });
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${path} 200`, `GET ${path} 404`]);
    });

    it('v4 #8: 410 Gone for an expired monitor → Failed with httpStatus 410', async () => {
      const t = v4({ scenario: 'gone' });
      const monitor = (await lastValueFrom(start(t))).location() ?? '';
      expect((await lastValueFrom(sessionOf(t.client).send({ method: 'GET', url: monitor }))).status).toBe(200);

      const { values, error } = await settle(createAsyncPoller(t.client, monitor, FAST).status$);
      expect(brief(values)).toEqual([[AsyncOpStatus.Failed, 1, 410]]);
      expect(expectInstance(error, AsyncOpFailedError).odataError).toMatchObject({
        code: 'Gone',
        message: expect.stringMatching(/is gone \(HTTP 410\): The status monitor has expired$/),
      });
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${path} 200`, `GET ${path} 410`]);
    });
  });

  describe('v4 #9: Prefer: respond-async, wait=N', () => {
    it('v4 #9: an operation that ends within wait=10 s is answered synchronously (200 after the wait), one Succeeded update', async () => {
      const t = v4({ inline: { runFor: 30 } });
      const operationsBefore = server().operations().length;
      const call$ = t.client.request({ method: 'POST', path: 'SalesReportGenerate', body: { Year: 2024 }, headers: { Prefer: 'respond-async, wait=10' } });
      const updates = await lastValueFrom(call$.pipe(asyncOp$(t.client, FAST), toArray()));
      expect(brief(updates)).toEqual([[AsyncOpStatus.Succeeded, 0, 200]]);
      expect(updates[0]?.body).toMatchObject({ Year: 2024, Rows: 3 });
      const log = await t.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 200`]);
      expect(log[0]?.headers['prefer']).toBe('respond-async, wait=10');
      expect(server().operations()).toHaveLength(operationsBefore);
    });

    it('v4 #9: an operation that may run longer than the wait is still answered 202', async () => {
      const t = v4({ scenario: 'never' });
      const result = await lastValueFrom(
        t.client.request({ method: 'POST', path: 'SalesReportGenerate', body: { Year: 2024 }, headers: { Prefer: 'respond-async, wait=10' } }),
      );
      expect(result.status).toBe(202);
      expect(result.isAsync()).toBe(true);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`]);
    });
  });

  describe('v4 #10: Retry-After is delta-seconds or an HTTP-date; huge values capped, junk ignored', () => {
    it('v4 #10: an HTTP-date Retry-After is read as the time until that date (retry-after-date scenario, ~2 s ahead)', async () => {
      const t = v4({ scenario: 'retry-after-date' });
      const result = await lastValueFrom(start(t));
      expect(result.headers['retry-after']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const fromResult = result.retryAfterMs() ?? -1;
      expect(fromResult).toBeGreaterThan(500);
      expect(fromResult).toBeLessThanOrEqual(2000);
      // Only the opening update: the first poll would wait the ~2 s the server asked for.
      const [opening] = await lastValueFrom(of(result).pipe(asyncOp$(t.client, FAST), take(1), toArray()));
      expect(opening?.retryAfterMs).toBeGreaterThan(500);
      expect(opening?.retryAfterMs).toBeLessThanOrEqual(2000);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`]);
    });

    it('v4 #10: a huge delta-seconds Retry-After is capped (maxRetryAfter: 20 ms; the ActionResult caps at 5 min)', async () => {
      const t = v4({ inline: { retryAfter: 999_999_999 } });
      const result = await lastValueFrom(start(t));
      expect(result.retryAfterMs()).toBe(300_000);
      const updates = await lastValueFrom(of(result).pipe(asyncOp$(t.client, { pollInterval: 60_000, maxRetryAfter: 20 }), toArray()));
      expect(updates.map((u) => [u.status, u.poll, u.retryAfterMs])).toEqual([
        [AsyncOpStatus.Running, 0, 20],
        [AsyncOpStatus.Running, 1, 20],
        [AsyncOpStatus.Running, 2, 20],
        [AsyncOpStatus.Succeeded, 3, undefined],
      ]);
      const log = await t.done();
      expect(log).toHaveLength(4);
      // Each poll waited the capped Retry-After (20 ms), not 0 and not the pollInterval.
      for (let i = 1; i < log.length; i += 1) expect((log[i]?.time ?? 0) - (log[i - 1]?.time ?? 0)).toBeGreaterThanOrEqual(15);
    });

    it('v4 #10: an HTTP-date far ahead (1 h) is capped too', async () => {
      const t = v4({ inline: { retryAfter: 'http-date+3600' } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, { pollInterval: 60_000, maxRetryAfter: 10 }), toArray()));
      expect(updates.map((u) => u.retryAfterMs)).toEqual([10, 10, 10, undefined]);
      expect(await t.done()).toHaveLength(4);
    });

    it.each(['soon', '1.5', '-3', '10abc'])('v4 #10: junk Retry-After %j is ignored: pollInterval decides', async (junk) => {
      const t = v4({ inline: { retryAfter: junk } });
      const result = await lastValueFrom(start(t));
      expect(result.headers['retry-after']).toBe(junk);
      expect(result.retryAfterMs()).toBeUndefined();
      const updates = await lastValueFrom(of(result).pipe(asyncOp$(t.client, FAST), toArray()));
      expect(updates.map((u) => [u.status, u.poll, 'retryAfterMs' in u])).toEqual([
        [AsyncOpStatus.Running, 0, false],
        [AsyncOpStatus.Running, 1, false],
        [AsyncOpStatus.Running, 2, false],
        [AsyncOpStatus.Succeeded, 3, false],
      ]);
      expect(await t.done()).toHaveLength(4);
    });
  });

  describe('v4 #11: a relative Location is resolved against the URL of the response that carried it', () => {
    it('v4 #11: $monitor/x from the action URL resolves to <root>$monitor/x', async () => {
      const t = v4({ scenario: 'relative-location' });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const raw = t.wire.responses[0]?.headers['location'] ?? '';
      expect(raw).toMatch(/^\$monitor\/\w+$/);
      const monitor = firstLocation(updates);
      expect(monitor).toBe(`${server().v4Root}${raw}`);
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      const path = pathOf(server(), monitor);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 200`]);
    });

    it("v4 #11: ../$monitor/x from a bound action URL (Orders('42')/Sales.Approve) resolves against that URL, not the service root", async () => {
      const t = v4({ scenario: 'relative-location', inline: { runningPolls: 0 } });
      const call$ = t.client.action('Sales.Approve').boundTo("Orders('42')").parameter('Comment', 'ok').execute();
      const updates = await lastValueFrom(call$.pipe(asyncOp$(t.client, FAST), toArray()));
      const raw = t.wire.responses[0]?.headers['location'] ?? '';
      expect(raw).toMatch(/^\.\.\/\$monitor\/\w+$/);
      const monitor = firstLocation(updates);
      expect(monitor).toBe(`${server().v4Root}${raw.slice(3)}`);
      expect(brief(updates)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(updates[1]?.body).toMatchObject({ ID: '42', Status: 'Approved', Comment: 'ok' });
      expect(summary(await t.done())).toEqual([`POST ${V4}Orders('42')/Sales.Approve 202`, `GET ${pathOf(server(), monitor)} 200`]);
    });

    it('v4 #11: a relative Location on a running 202 is resolved against the monitor URL that answered (changing + relative)', async () => {
      const t = v4({ inline: { relativeLocation: true, changingLocation: true } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const op = operationAt(firstLocation(updates));
      const runningLocations = t.wire.responses.filter((r) => r.method === 'GET' && r.status === 202).map((r) => r.headers['location']);
      expect(runningLocations).toEqual(op.monitorUrls.slice(1).map((u) => u.slice(u.lastIndexOf('/') + 1)));
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, ...op.monitorUrls.map((u, i) => `GET ${pathOf(server(), u)} ${i < 2 ? 202 : 200}`)]);
      expect(updates[updates.length - 1]?.status).toBe(AsyncOpStatus.Succeeded);
    });

    it('v4 #11: an absolute-path Location (/odata/v4/sales/$monitor/x) resolves against the origin', async () => {
      const t = v4({ inline: { relativeLocation: 'absolute-path', runningPolls: 0 } });
      const updates = await lastValueFrom(start(t).pipe(asyncOp$(t.client, FAST), toArray()));
      const raw = t.wire.responses[0]?.headers['location'] ?? '';
      expect(raw).toMatch(/^\/odata\/v4\/sales\/\$monitor\/\w+$/);
      expect(firstLocation(updates)).toBe(`${server().origin}${raw}`);
      expect(summary(await t.done())).toEqual([`POST ${ACTION} 202`, `GET ${raw} 200`]);
    });
  });
});
