/**
 * Whole asyncOp$ / createAsyncPoller flows against the embedded server: OData v4, SAP v2
 * status entities, Azure and Graph monitors; failures, cancellation, timeouts, transient faults,
 * moving and foreign Locations, unsubscribe (abort and cancel), sharing, and result fetching.
 * Every test counts its own requests in the server's log.
 */
import * as t from 'io-ts';
import { lastValueFrom, of, tap, toArray } from 'rxjs';
import {
  AsyncOpFailedError,
  AsyncOpStatus,
  AsyncOpTimeoutError,
  LocationNotAllowedError,
  ODataHttpError,
  ODataProtocolError,
  asyncOp$,
  createAsyncPoller,
  type AsyncOpUpdate,
} from '../../lib/index';
import type { OperationInfo } from '../../lib/testing/index';
import {
  expectInstance,
  pathOf,
  settle,
  summary,
  testClient,
  turns,
  until,
  useMockServer,
  type Settled,
  type TestClient,
  type TestClientOptions,
} from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const server = useMockServer();
const V4_ACTION = '/odata/v4/sales/SalesReportGenerate';
const V2 = '/sap/opu/odata/sap/ZSALES_SRV/';
const FAST = { pollInterval: 5 } as const;

const v4 = (options?: TestClientOptions): TestClient => testClient(server(), server().v4Root, options);
const v2 = (options?: TestClientOptions): TestClient => testClient(server(), server().v2Root, { protocol: 'v2', csrf: 'always', ...options });
const azure = (options?: TestClientOptions): TestClient => testClient(server(), server().azureRoot, options);

const startV4 = (c: TestClient) => c.client.action('SalesReportGenerate').parameter('Year', 2024).execute();
const startV2 = (c: TestClient) => c.client.action('SalesReportGenerate').parameter('Year', 2024).execute();
const startAzure = (c: TestClient) => c.client.request({ method: 'POST', path: 'operations/start', body: { report: 'sales' } });
const startGraph = (c: TestClient) => c.client.request({ method: 'POST', path: 'graph/copy', body: { name: 'copy.xlsx' } });

const brief = (updates: readonly AsyncOpUpdate[]) => updates.map((u) => [u.status, u.poll, u.httpStatus]);

function monitorOf(updates: readonly AsyncOpUpdate[]): string {
  const first = updates[0];
  if (first === undefined) throw new Error('no update');
  return first.location;
}

function operationAt(monitorUrl: string): OperationInfo {
  const op = server()
    .operations()
    .find((o) => o.monitorUrls.includes(monitorUrl));
  if (op === undefined) throw new Error(`no operation has the monitor ${monitorUrl}`);
  return op;
}

describe('async-op flows', () => {
  describe('an action answered 202 and polled to Succeeded', () => {
    it('flow v4: 202 → Running, Running → 200 + AsyncResult: 200 (Succeeded); one GET per poll', async () => {
      const c = v4();
      const { values, completed } = await settle(startV4(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      const path = pathOf(server(), monitorOf(values));
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 200`]);
    });

    it('flow v2: the OperationStatusSet status entity ({"d":{"Status","PercentComplete"}}) with progress 20…100, then Succeeded with its ResultURL', async () => {
      const c = v2({ scenario: 'slow-progress' });
      const { values, completed } = await settle(startV2(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      const monitor = monitorOf(values);
      expect(monitor).toMatch(/\/OperationStatusSet\('\w+'\)$/);
      const id = operationAt(monitor).id;
      expect(values.map((u) => [u.status, u.poll, u.percentComplete, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, undefined, undefined],
        [AsyncOpStatus.Running, 1, 20, 'Running'],
        [AsyncOpStatus.Running, 2, 40, 'Running'],
        [AsyncOpStatus.Running, 3, 60, 'Running'],
        [AsyncOpStatus.Running, 4, 80, 'Running'],
        [AsyncOpStatus.Running, 5, 100, 'Running'],
        [AsyncOpStatus.Succeeded, 6, 100, 'Succeeded'],
      ]);
      expect(values[6]?.resultUrl).toBe(`${server().v2Root}Reports('${id}')`);
      const path = pathOf(server(), monitor);
      expect(summary(await c.done())).toEqual([
        `GET ${V2} 200`,
        `POST ${V2}SalesReportGenerate?Year=2024 202`,
        ...Array.from({ length: 6 }, () => `GET ${path} 200`),
      ]);
    });

    it('flow Azure: 202 (Location = Azure-AsyncOperation) → InProgress with percentComplete → Succeeded with resourceLocation', async () => {
      const c = azure();
      const accepted = await lastValueFrom(startAzure(c));
      expect(accepted.status).toBe(202);
      expect(accepted.headers['azure-asyncoperation']).toBe(accepted.headers['location']);
      const values = await lastValueFrom(of(accepted).pipe(asyncOp$(c.client, FAST), toArray()));
      const monitor = monitorOf(values);
      const id = operationAt(monitor).id;
      expect(values.map((u) => [u.status, u.poll, u.httpStatus, u.rawStatus, u.percentComplete])).toEqual([
        [AsyncOpStatus.Running, 0, 202, undefined, undefined],
        [AsyncOpStatus.Running, 1, 200, 'InProgress', 33],
        [AsyncOpStatus.Running, 2, 200, 'InProgress', 67],
        [AsyncOpStatus.Succeeded, 3, 200, 'Succeeded', undefined],
      ]);
      expect(values[3]?.resultUrl).toBe(`${server().azureRoot}results/${id}`);
      const path = pathOf(server(), monitor);
      expect(summary(await c.done())).toEqual([`POST /azure/operations/start 202`, `GET ${path} 200`, `GET ${path} 200`, `GET ${path} 200`]);
    });

    it('flow Graph: the copy monitor answers 202 even when done; the body\'s "completed" decides (Succeeded, 100 %)', async () => {
      const c = azure();
      const values = await lastValueFrom(startGraph(c).pipe(asyncOp$(c.client, FAST), toArray()));
      expect(values.map((u) => [u.status, u.poll, u.httpStatus, u.rawStatus, u.percentComplete])).toEqual([
        [AsyncOpStatus.Running, 0, 202, undefined, undefined],
        [AsyncOpStatus.Running, 1, 202, 'inProgress', 33],
        [AsyncOpStatus.Running, 2, 202, 'inProgress', 67],
        [AsyncOpStatus.Succeeded, 3, 202, 'completed', 100],
      ]);
      const path = pathOf(server(), monitorOf(values));
      expect(path).toMatch(/^\/azure\/graph\/monitor\/\w+$/);
      expect(summary(await c.done())).toEqual([`POST /azure/graph/copy 202`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 202`]);
    });
  });

  describe("Failed → the Failed update, then AsyncOpFailedError with the server's message", () => {
    it("flow Failed (v4): AsyncResult: 500 → AsyncOpFailedError with the server's message", async () => {
      const c = v4({ scenario: 'fail', inline: { runningPolls: 0 } });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Failed, 1, 500],
      ]);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.odataError?.message).toBe('Report generation failed: no sales data for the year');
      expect(failed.update).toBe(values[1]);
      expect(await c.done()).toHaveLength(2);
    });

    it('flow Failed (Azure): {"status":"Failed","error":{..}} → AsyncOpFailedError with the server\'s code and message', async () => {
      const c = azure({ scenario: 'fail', inline: { runningPolls: 1, error: { code: 'QuotaExceeded', message: 'Subscription quota exceeded' } } });
      const { values, error } = await settle(startAzure(c).pipe(asyncOp$(c.client, FAST)));
      expect(values.map((u) => [u.status, u.poll, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, undefined],
        [AsyncOpStatus.Running, 1, 'InProgress'],
        [AsyncOpStatus.Failed, 2, 'Failed'],
      ]);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.odataError).toMatchObject({ code: 'QuotaExceeded', message: 'Subscription quota exceeded' });
      expect(failed.poll).toBe(2);
      expect(await c.done()).toHaveLength(3);
    });

    it('flow Failed (Graph): a 202 with {"status":"failed"} is Failed, whatever the 202 says', async () => {
      const c = azure({ scenario: 'fail', inline: { runningPolls: 0 } });
      const { values, error } = await settle(startGraph(c).pipe(asyncOp$(c.client, FAST)));
      expect(values.map((u) => [u.status, u.poll, u.httpStatus, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, 202, undefined],
        [AsyncOpStatus.Failed, 1, 202, 'failed'],
      ]);
      expect(expectInstance(error, AsyncOpFailedError).odataError?.message).toBe('Report generation failed: no sales data for the year');
      expect(await c.done()).toHaveLength(2);
    });
  });

  describe('Cancelled completes the stream', () => {
    it('flow Cancelled (Azure "Canceled"): the stream completes with a Cancelled update', async () => {
      const c = azure({ scenario: 'cancelled', inline: { runningPolls: 0 } });
      const { values, error, completed } = await settle(startAzure(c).pipe(asyncOp$(c.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(values.map((u) => [u.status, u.poll, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, undefined],
        [AsyncOpStatus.Cancelled, 1, 'Canceled'],
      ]);
      expect(await c.done()).toHaveLength(2);
    });

    it('flow Cancelled (Graph "cancelled" in a 202) and (v2 Status "Cancelled")', async () => {
      const g = azure({ scenario: 'cancelled', inline: { runningPolls: 0 } });
      const graph = await settle(startGraph(g).pipe(asyncOp$(g.client, FAST)));
      expect(graph.completed).toBe(true);
      expect(graph.values.map((u) => [u.status, u.poll, u.httpStatus, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, 202, undefined],
        [AsyncOpStatus.Cancelled, 1, 202, 'cancelled'],
      ]);
      expect(await g.done()).toHaveLength(2);

      const s = v2({ scenario: 'cancelled', inline: { runningPolls: 0 } });
      const sap = await settle(startV2(s).pipe(asyncOp$(s.client, FAST)));
      expect(sap.completed).toBe(true);
      expect(sap.values.map((u) => [u.status, u.poll, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, undefined],
        [AsyncOpStatus.Cancelled, 1, 'Cancelled'],
      ]);
      expect(await s.done()).toHaveLength(3);
    });
  });

  describe('giving up: maxPolls and timeout', () => {
    it("flow maxPolls: the 'never' scenario with maxPolls 4 → AsyncOpTimeoutError after exactly 4 monitor GETs", async () => {
      const c = v4({ scenario: 'never' });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, { ...FAST, maxPolls: 4 })));
      const monitor = monitorOf(values);
      expect(values.map((u) => [u.status, u.poll])).toEqual([0, 1, 2, 3, 4].map((poll) => [AsyncOpStatus.Running, poll]));
      const timeout = expectInstance(error, AsyncOpTimeoutError);
      expect(timeout).toMatchObject({ name: 'AsyncOpTimeoutError', reason: 'maxPolls', polls: 4, location: monitor });
      expect(timeout.lastUpdate).toBe(values[4]);
      await turns();
      const path = pathOf(server(), monitor);
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, ...Array.from({ length: 4 }, () => `GET ${path} 202`)]);
      expect(operationAt(monitor).polls).toBe(4);
    });

    it('flow timeout: timeout (30 ms) before the first poll is due → AsyncOpTimeoutError reason timeout, no monitor GET', async () => {
      const c = v4({ scenario: 'never' });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, { pollInterval: 60_000, timeout: 30 })));
      expect(brief(values)).toEqual([[AsyncOpStatus.Running, 0, 202]]);
      expect(expectInstance(error, AsyncOpTimeoutError)).toMatchObject({ reason: 'timeout', polls: 0, location: monitorOf(values) });
      await turns();
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`]);
    });
  });

  describe('transient faults are retried within a poll and not counted as polls', () => {
    it("flow flaky: the 'flaky' scenario (503, then 429 + Retry-After) is retried; polls are numbered 1…3 over 5 GETs", async () => {
      const c = v4({ scenario: 'flaky' });
      // maxRetryAfter 0: the 429's "Retry-After: 1" is honoured but capped, to keep the suite fast.
      const { values, completed } = await settle(startV4(c).pipe(asyncOp$(c.client, { ...FAST, maxRetryAfter: 0 })));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      const monitor = monitorOf(values);
      const log = await c.done();
      const path = pathOf(server(), monitor);
      expect(summary(log)).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 503`, `GET ${path} 429`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 200`]);
      expect(log.map((r) => r.fault)).toEqual([undefined, '503', '429', undefined, undefined, undefined]);
      expect(operationAt(monitor).polls).toBe(5);
    });

    it('flow flaky: 408, 502 and 504 in a row are retried too (retries: 3)', async () => {
      const faults = [
        { at: 1, kind: '408', retryAfter: 0 },
        { at: 2, kind: '502', retryAfter: 0 },
        { at: 3, kind: '504', retryAfter: 0 },
      ] as const;
      const c = v4({ inline: { runningPolls: 0, faults } });
      const { values, completed } = await settle(startV4(c).pipe(asyncOp$(c.client, { ...FAST, retries: 3 })));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      const path = pathOf(server(), monitorOf(values));
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 408`, `GET ${path} 502`, `GET ${path} 504`, `GET ${path} 200`]);
    });

    it('flow flaky: when the retries run out the last transient failure is the error (ODataHttpError 503)', async () => {
      const faults = [1, 2, 3].map((at) => ({ at, kind: '503' as const, retryAfter: 0 }));
      const c = v4({ inline: { faults } });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, { ...FAST, retries: 2 })));
      expect(brief(values)).toEqual([[AsyncOpStatus.Running, 0, 202]]);
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(503);
      expect(http.method).toBe('GET');
      expect(http.url).toBe(monitorOf(values));
      expect(http.odataError?.code).toBe('ServiceUnavailable');
      await turns();
      const path = pathOf(server(), monitorOf(values));
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 503`, `GET ${path} 503`, `GET ${path} 503`]);
    });
  });

  describe('Locations', () => {
    it('flow changing Location (Graph monitor): each poll goes to the newest Location', async () => {
      const c = azure({ inline: { changingLocation: true } });
      const values = await lastValueFrom(startGraph(c).pipe(asyncOp$(c.client, FAST), toArray()));
      const op = operationAt(monitorOf(values));
      expect(op.monitorUrls).toHaveLength(3);
      expect(values.map((u) => u.location)).toEqual([op.monitorUrls[0], op.monitorUrls[0], op.monitorUrls[1], op.monitorUrls[2]]);
      expect(values[3]?.status).toBe(AsyncOpStatus.Succeeded);
      expect(summary(await c.done())).toEqual([`POST /azure/graph/copy 202`, ...op.monitorUrls.map((u) => `GET ${pathOf(server(), u)} 202`)]);
    });

    it('flow foreign Location: a 202 whose Location is on another origin is refused with LocationNotAllowedError, and nothing is sent there', async () => {
      const c = v4({ scenario: 'foreign-location' });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, FAST)));
      expect(values).toEqual([]);
      const refused = expectInstance(error, LocationNotAllowedError);
      expect(refused.name).toBe('LocationNotAllowedError');
      expect(refused.location).toBe('https://attacker.invalid/odata/$monitor/stolen');
      expect(refused.allowedOrigins).toEqual([server().origin]);
      await turns();
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`]);
      // What left the client, whatever its destination: only the POST.
      expect(c.wire.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${server().v4Root}SalesReportGenerate`]);
      expect(() => createAsyncPoller(c.client, 'https://attacker.invalid/odata/$monitor/stolen')).toThrow(LocationNotAllowedError);
      expect(c.wire.requests).toHaveLength(1);
    });
  });

  describe('unsubscribing', () => {
    it('flow unsubscribe: the poll in flight is aborted (the server logs it aborted: true) and nothing more is sent', async () => {
      const c = v4({ inline: { faults: [{ at: 1, kind: 'slow', delayMs: 600_000 }] } });
      const updates: AsyncOpUpdate[] = [];
      const subscription = startV4(c)
        .pipe(asyncOp$(c.client, FAST))
        .subscribe({ next: (u) => updates.push(u) });
      await until(() => c.log().some((r) => r.method === 'GET'), 'the first poll to reach the server');
      subscription.unsubscribe();
      await until(() => c.log().some((r) => r.method === 'GET' && r.aborted === true), 'the server to see the poll abandoned');
      await turns();
      const monitor = monitorOf(updates);
      const log = await c.done();
      expect(summary(log)).toEqual([`POST ${V4_ACTION} 202`, `GET ${pathOf(server(), monitor)} aborted`]);
      expect(log[1]).toMatchObject({ aborted: true, fault: 'slow' });
      expect(log[1]?.status).toBeUndefined();
      expect(brief(updates)).toEqual([[AsyncOpStatus.Running, 0, 202]]);
      // The abandoned answer did not advance the operation.
      expect(operationAt(monitor)).toMatchObject({ state: 'Running', polls: 1 });
    });

    it('flow cancelOnUnsubscribe: leaving before a terminal state sends one DELETE to the monitor (204), and no poll after it', async () => {
      const c = v4({ scenario: 'never' });
      const updates: AsyncOpUpdate[] = [];
      const subscription = startV4(c)
        .pipe(asyncOp$(c.client, { ...FAST, cancelOnUnsubscribe: true }))
        .subscribe({
          next: (u) => {
            updates.push(u);
            if (u.poll === 2) subscription.unsubscribe();
          },
        });
      await until(() => c.log().some((r) => r.method === 'DELETE' && r.status !== undefined), 'the DELETE to be answered');
      await turns();
      const monitor = monitorOf(updates);
      const path = pathOf(server(), monitor);
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 202`, `GET ${path} 202`, `DELETE ${path} 204`]);
      expect(operationAt(monitor)).toMatchObject({ state: 'Cancelled', deleted: true });
    });

    it('flow cancelOnUnsubscribe: no DELETE once the operation has ended', async () => {
      const c = v4({ scenario: 'fast' });
      const values = await lastValueFrom(startV4(c).pipe(asyncOp$(c.client, { ...FAST, cancelOnUnsubscribe: true }), toArray()));
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      await turns();
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${pathOf(server(), monitorOf(values))} 200`]);
    });
  });

  describe('createAsyncPoller', () => {
    it('flow createAsyncPoller: two subscribers (and a late third) share one poll loop: one request per tick; wait() resolves from the replay', async () => {
      const c = v4();
      const accepted = await lastValueFrom(startV4(c));
      const monitor = accepted.location() ?? '';
      const poller = createAsyncPoller(c.client, monitor, { pollInterval: 10 });
      expect(poller.location).toBe(monitor);
      expect(c.log()).toHaveLength(1); // nothing before subscribe

      let late: Promise<Settled<AsyncOpUpdate>> | undefined;
      const first = settle(poller.status$.pipe(tap((u) => (late ??= u.poll === 1 ? settle(poller.status$) : undefined))));
      const second = settle(poller.status$);
      const [a, b] = await Promise.all([first, second]);
      const c3 = await (late ?? Promise.reject(new Error('the late subscriber never subscribed')));
      expect(a.completed && b.completed && c3.completed).toBe(true);
      expect(brief(a.values)).toEqual([
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Running, 2, 202],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      // The very same update objects: one loop, not three.
      expect(b.values).toEqual(a.values);
      b.values.forEach((u, i) => {
        expect(u).toBe(a.values[i]);
      });
      expect(c3.values).toEqual(a.values); // poll 1 replayed, then 2 and 3 live

      const done = await poller.wait();
      expect(done).toBe(a.values[2]);
      await turns();
      const path = pathOf(server(), monitor);
      expect(summary(await c.done())).toEqual([`POST ${V4_ACTION} 202`, `GET ${path} 202`, `GET ${path} 202`, `GET ${path} 200`]);
    });
  });

  describe('the result codec', () => {
    const Report = t.type({ ReportId: t.string, Year: t.number, Total: t.string });

    it('flow result (v2): the ResultURL of the status entity is fetched once and decoded into update.result', async () => {
      const c = v2({ scenario: 'fast' });
      const values = await lastValueFrom(startV2(c).pipe(asyncOp$(c.client, { ...FAST, result: Report }), toArray()));
      const monitor = monitorOf(values);
      const id = operationAt(monitor).id;
      const last = values[values.length - 1];
      expect(last).toMatchObject({ status: AsyncOpStatus.Succeeded, poll: 1, resultUrl: `${server().v2Root}Reports('${id}')` });
      expect(last?.result).toMatchObject({ ReportId: id, Year: 2024, Total: '1234.50' });
      expect(values[0]?.result).toBeUndefined();
      expect(summary(await c.done())).toEqual([
        `GET ${V2} 200`,
        `POST ${V2}SalesReportGenerate?Year=2024 202`,
        `GET ${pathOf(server(), monitor)} 200`,
        `GET ${V2}Reports('${id}') 200`,
      ]);
    });

    it('flow result (Azure): resourceLocation is fetched once and decoded', async () => {
      const c = azure({ scenario: 'fast' });
      const Resource = t.type({ id: t.string, name: t.string, properties: t.type({ rows: t.number }) });
      const values = await lastValueFrom(startAzure(c).pipe(asyncOp$(c.client, { ...FAST, result: Resource }), toArray()));
      const monitor = monitorOf(values);
      const id = operationAt(monitor).id;
      expect(values[1]?.result).toEqual({
        id: `${server().azureRoot}results/${id}`,
        name: `report-${id}`,
        properties: { rows: 3, input: { report: 'sales' } },
      });
      expect(summary(await c.done())).toEqual([`POST /azure/operations/start 202`, `GET ${pathOf(server(), monitor)} 200`, `GET /azure/results/${id} 200`]);
    });

    it('flow result (v4): without a result URL the final body is decoded; no extra request', async () => {
      const c = v4({ scenario: 'fast' });
      const V4Report = t.type({ ReportId: t.string, Year: t.number, Total: t.number });
      const values = await lastValueFrom(startV4(c).pipe(asyncOp$(c.client, { ...FAST, result: V4Report }), toArray()));
      const id = operationAt(monitorOf(values)).id;
      expect(values[1]?.result).toMatchObject({ ReportId: id, Year: 2024, Total: 1234.5 });
      expect(await c.done()).toHaveLength(2);
    });

    it('flow result: a result that does not match the codec is an ODataProtocolError (no Succeeded update)', async () => {
      const c = v4({ scenario: 'fast' });
      const { values, error } = await settle(startV4(c).pipe(asyncOp$(c.client, { ...FAST, result: t.type({ Missing: t.string }) })));
      expect(brief(values)).toEqual([[AsyncOpStatus.Running, 0, 202]]);
      const protocol = expectInstance(error, ODataProtocolError);
      expect(protocol.issues.join('\n')).toContain('Missing');
      expect(await c.done()).toHaveLength(2);
    });
  });
});
