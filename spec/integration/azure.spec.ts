/**
 * Azure long-running operations (PROTOCOL.md "Azure long-running operations", items 1–7) end to
 * end: the public API, the real client (axios over node:http) and the embedded mock server's Azure
 * service on 127.0.0.1, one variant of its first answer per scenario. Every test counts the
 * requests it made in the server's log (only its own, by `X-Test-Id`).
 */
import * as t from 'io-ts';
import { lastValueFrom } from 'rxjs';
import {
  AsyncOpFailedError,
  AsyncOpStatus,
  ODataHttpError,
  ODataProtocolError,
  asyncOp$,
  azureDialect,
  createAsyncPoller,
  createAzureDialect,
  type AsyncOpOptions,
  type AsyncOpUpdate,
  type MonitorDialect,
  type RetryOptions,
} from 'rxjs-odata-async';
import type { Scenario } from 'rxjs-odata-async/testing';
import { expectInstance, pathOf, settle, summary, testClient, useMockServer, type TestClient, type TestClientOptions } from './support';

jest.setTimeout(20000);

const server = useMockServer();
const AZ = '/azure/';
const START = `${AZ}operations/start`;
/** No wait between retries of a transient answer: the suite stays fast, and the count is what matters. */
const NO_WAIT: RetryOptions = { count: 3, delay: () => 0 };
/** Small enough to keep the suite fast; a scenario's Retry-After (when it sends one) wins over it. */
const FAST = { pollInterval: 5, retries: NO_WAIT } as const;

/** The result of `POST operations/start` as the mock service writes it. */
const Report = t.type({ name: t.string, properties: t.type({ rows: t.number }) });
/** A resource of `resources/<name>`. */
const Resource = t.type({ name: t.string, properties: t.type({ provisioningState: t.string, size: t.string }) });

const azure = (options: TestClientOptions = {}): TestClient => testClient(server(), server().azureRoot, { protocol: 'v4', retries: NO_WAIT, ...options });
const post = (c: TestClient, query = '') => c.client.request({ method: 'POST', path: `operations/start${query}`, body: { name: 'report' } });
const put = (c: TestClient, name: string, method: 'PUT' | 'PATCH' = 'PUT') =>
  c.client.request({ method, path: `resources/${name}`, body: { properties: { size: 'S' } } });
const del = (c: TestClient, name: string) => c.client.request({ method: 'DELETE', path: `resources/${name}` });

const brief = (updates: readonly AsyncOpUpdate[]) => updates.map((u) => [u.status, u.poll, u.httpStatus]);
const rawStatuses = (updates: readonly AsyncOpUpdate[]) => updates.map((u) => u.rawStatus);

let names = 0;
/** A resource name no other test uses. */
function fresh(): string {
  names += 1;
  return `r${names}-${Math.random().toString(36).slice(2, 8)}`;
}
const resourcePath = (name: string): string => `${AZ}resources/${name}`;
const resourceUrl = (name: string): string => `${server().origin}${resourcePath(name)}`;

/** Creates a resource out of band (plain fetch, no test id): the precondition of a PATCH or DELETE. */
async function existing(name: string): Promise<void> {
  const res = await fetch(resourceUrl(name), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-Mock-Scenario': 'sync' },
    body: JSON.stringify({ properties: { size: 'S' } }),
  });
  expect(res.status).toBe(201);
}

/** The monitor of the only operation started since `before` operations existed. */
function monitorSince(before: number): { readonly path: string; readonly id: string } {
  const ops = server().operations().slice(before);
  expect(ops).toHaveLength(1);
  const op = ops[0];
  if (op === undefined) throw new Error('no operation');
  return { path: pathOf(server(), op.monitorUrl), id: op.id };
}

function lastUpdate<R>(updates: readonly AsyncOpUpdate<R>[]): AsyncOpUpdate<R> {
  const last = updates.at(-1);
  if (last === undefined) throw new Error('no update');
  return last;
}

describe('Azure long-running operations against the embedded server (public API)', () => {
  describe('the monitor header of a POST: Operation-Location, Azure-AsyncOperation, Location', () => {
    it('Operation-Location only: inferred without a dialect option; NotStarted, Running, Succeeded; every poll to the monitor', async () => {
      const c = azure({ scenario: 'azure-operation-location' });
      const before = server().operations().length;
      const { values, error, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Running, 2, 200],
        [AsyncOpStatus.Succeeded, 3, 200],
      ]);
      expect(rawStatuses(values.slice(1))).toEqual(['NotStarted', 'Running', 'Succeeded']);
      expect(values.slice(1, 3).map((u) => u.percentComplete)).toEqual([33, 67]);
      const monitor = monitorSince(before);
      expect(values.every((u, i) => i === 0 || u.location === `${server().origin}${monitor.path}`)).toBe(true);
      // POST without Location: the result is where the monitor's resourceLocation says.
      expect(lastUpdate(values).resultUrl).toBe(`${server().azureRoot}results/${monitor.id}`);
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, ...Array.from({ length: 3 }, () => `GET ${monitor.path} 200`)]);
    });

    it('Operation-Location with a result codec: one GET of resourceLocation after Succeeded, decoded into update.result', async () => {
      const c = azure({ scenario: 'azure-operation-location', inline: { runningPolls: 1 } });
      const before = server().operations().length;
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, result: Report })));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(lastUpdate(values)).toMatchObject({ status: AsyncOpStatus.Succeeded, result: { name: `report-${monitor.id}`, properties: { rows: 3 } } });
      expect(summary(await c.done())).toEqual([
        `POST ${START} 202`,
        `GET ${monitor.path} 200`,
        `GET ${monitor.path} 200`,
        `GET ${AZ}results/${monitor.id} 200`,
      ]);
    });

    it.each([
      ['Azure-AsyncOperation', 'azure-asyncoperation'],
      ['Operation-Location', 'operation-location'],
    ] as const)(
      '%s + a different Location: polls go to the monitor only, then one GET of Location for the result (POST default: location)',
      async (_header, monitorStyle) => {
        const c = azure({ inline: { runningPolls: 2, azure: { monitor: monitorStyle, resultLocation: true } } });
        const before = server().operations().length;
        const { values, completed, error } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, result: Report })));
        expect(error).toBeUndefined();
        expect(completed).toBe(true);
        const monitor = monitorSince(before);
        const location = `${server().azureRoot}results/${monitor.id}`;
        expect(brief(values).map(([status, poll]) => [status, poll])).toEqual([
          [AsyncOpStatus.Running, 0],
          [AsyncOpStatus.Running, 1],
          [AsyncOpStatus.Running, 2],
          [AsyncOpStatus.Succeeded, 3],
        ]);
        expect(lastUpdate(values)).toMatchObject({ resultUrl: location, result: { name: `report-${monitor.id}` } });
        // The Location (404 until the end) is never polled: it is only where the result will be.
        expect(summary(await c.done())).toEqual([
          `POST ${START} 202`,
          `GET ${monitor.path} 200`,
          `GET ${monitor.path} 200`,
          `GET ${monitor.path} 200`,
          `GET ${AZ}results/${monitor.id} 200`,
        ]);
      },
    );

    it('Location = Azure-AsyncOperation (the ARM habit): the monitor is polled once per poll, nothing else is requested', async () => {
      const c = azure({ scenario: 'fast' });
      const before = server().operations().length;
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      // POST's default is the first answer's Location, which here is the monitor itself; the guidelines
      // leave this case open, so either that Location or the monitor's resourceLocation will do.
      expect([`${server().origin}${monitor.path}`, `${server().azureRoot}results/${monitor.id}`]).toContain(lastUpdate(values).resultUrl);
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${monitor.path} 200`]);
    });

    it('Azure-AsyncOperation alone, with progress: percentComplete on each running update, Succeeded with resourceLocation', async () => {
      const c = azure({ scenario: 'azure-asyncoperation', inline: { runningPolls: 3, progress: [10, 55, 90] } });
      const before = server().operations().length;
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(values.slice(0, 4).map((u) => [u.status, u.percentComplete, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, undefined, undefined],
        [AsyncOpStatus.Running, 10, 'InProgress'],
        [AsyncOpStatus.Running, 55, 'InProgress'],
        [AsyncOpStatus.Running, 90, 'InProgress'],
      ]);
      expect([lastUpdate(values).status, lastUpdate(values).rawStatus]).toEqual([AsyncOpStatus.Succeeded, 'Succeeded']);
      expect(lastUpdate(values).resultUrl).toBe(`${server().azureRoot}results/${monitor.id}`);
      expect(summary(await c.done())).toHaveLength(5);
    });

    it('a 200 that names a monitor (body provisioningState Accepted) is Running, not Succeeded', async () => {
      const c = azure({ inline: { runningPolls: 1, azure: { monitor: 'operation-location', status: 200 } } });
      const before = server().operations().length;
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 200],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Succeeded, 2, 200],
      ]);
      expect(summary(await c.done())).toEqual([`POST ${START} 200`, `GET ${monitor.path} 200`, `GET ${monitor.path} 200`]);
    });

    it('the monitor body itself is the result when it names no resourceLocation (final-state-via azure-async-operation)', async () => {
      const c = azure({ inline: { runningPolls: 0, azure: { monitor: 'azure-asyncoperation', resultLocation: true, resourceLocation: false } } });
      const before = server().operations().length;
      const dialect: MonitorDialect = createAzureDialect({ finalStateVia: 'azure-async-operation' });
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, dialect, result: Report })));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      const done = lastUpdate(values);
      expect(done.resultUrl).toBeUndefined();
      expect(done.result).toMatchObject({ name: `report-${monitor.id}`, properties: { rows: 3, input: { name: 'report' } } });
      // Decoded from the final monitor body: neither Location nor anything else is fetched.
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${monitor.path} 200`]);
    });
  });

  describe('final-state-via chosen with createAzureDialect', () => {
    const run = async (finalStateVia: 'location' | 'azure-async-operation' | 'operation-location' | 'original-uri', scenario: Scenario) => {
      const c = azure({ inline: { runningPolls: 0, ...scenario } });
      const before = server().operations().length;
      const settled = await settle(post(c, '?job=1').pipe(asyncOp$(c.client, { ...FAST, dialect: createAzureDialect({ finalStateVia }) })));
      return { c, settled, monitor: monitorSince(before) };
    };

    it("'location': the first answer's Location", async () => {
      const { settled, monitor } = await run('location', { azure: { monitor: 'operation-location', resultLocation: true, resourceLocation: false } });
      expect(lastUpdate(settled.values).resultUrl).toBe(`${server().azureRoot}results/${monitor.id}`);
    });

    it("'original-uri': the request URL", async () => {
      const { settled, c } = await run('original-uri', { azure: { monitor: 'azure-asyncoperation' } });
      expect(lastUpdate(settled.values).resultUrl).toBe(`${server().origin}${START}?job=1`);
      expect(await c.done()).toHaveLength(2);
    });

    it.each([
      ['operation-location', 'operation-location'],
      ['azure-async-operation', 'azure-asyncoperation'],
    ] as const)("'%s': the monitor body's resourceLocation", async (finalStateVia, monitorStyle) => {
      const { settled, monitor, c } = await run(finalStateVia, { azure: { monitor: monitorStyle } });
      expect(lastUpdate(settled.values).resultUrl).toBe(`${server().azureRoot}results/${monitor.id}`);
      expect(await c.done()).toHaveLength(2);
    });
  });

  describe('PUT and PATCH', () => {
    it('PUT Creating without a monitor header → 2 GETs of the resource → Succeeded; no request to any other URL', async () => {
      const name = fresh();
      const c = azure({ inline: { runningPolls: 1 } });
      const { values, completed, error } = await settle(put(c, name).pipe(asyncOp$(c.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 201],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Succeeded, 2, 200],
      ]);
      expect(rawStatuses(values)).toEqual(['Creating', 'Creating', 'Succeeded']);
      expect(values.every((u) => u.location === resourceUrl(name))).toBe(true);
      // PUT: final-state-via original-uri.
      expect(lastUpdate(values).resultUrl).toBe(resourceUrl(name));
      expect(summary(await c.done())).toEqual([`PUT ${resourcePath(name)} 201`, `GET ${resourcePath(name)} 200`, `GET ${resourcePath(name)} 200`]);
    });

    it('PATCH Updating → polled on the resource → Succeeded, with the resource decoded', async () => {
      const name = fresh();
      await existing(name);
      const c = azure({ inline: { runningPolls: 0 } });
      const { values, completed } = await settle(put(c, name, 'PATCH').pipe(asyncOp$(c.client, { ...FAST, result: Resource })));
      expect(completed).toBe(true);
      expect(values.map((u) => [u.status, u.poll, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, 'Updating'],
        [AsyncOpStatus.Succeeded, 1, 'Succeeded'],
      ]);
      expect(lastUpdate(values).result).toMatchObject({ name, properties: { provisioningState: 'Succeeded', size: 'S' } });
      const log = await c.done();
      expect(log.every((r) => r.url === resourcePath(name))).toBe(true);
      expect(log[0]?.method).toBe('PATCH');
    });

    it('a terminal provisioningState on the first answer is Succeeded at once (poll 0), one request', async () => {
      const name = fresh();
      const c = azure({ scenario: 'sync' });
      const { values, completed } = await settle(put(c, name).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([[AsyncOpStatus.Succeeded, 0, 201]]);
      expect(summary(await c.done())).toEqual([`PUT ${resourcePath(name)} 201`]);
    });

    it('a terminal Failed / Canceled provisioningState on the first answer ends at once', async () => {
      const failedClient = azure({ inline: { sync: true, outcome: 'Failed', error: { code: 'Conflict', message: 'Name taken' } } });
      const failed = await settle(put(failedClient, fresh()).pipe(asyncOp$(failedClient.client, FAST)));
      expect(brief(failed.values)).toEqual([[AsyncOpStatus.Failed, 0, 201]]);
      expect(expectInstance(failed.error, AsyncOpFailedError).poll).toBe(0);
      expect(await failedClient.done()).toHaveLength(1);
      const canceledClient = azure({ inline: { sync: true, outcome: 'Cancelled' } });
      const canceled = await settle(put(canceledClient, fresh()).pipe(asyncOp$(canceledClient.client, FAST)));
      expect([brief(canceled.values), canceled.completed]).toEqual([[[AsyncOpStatus.Cancelled, 0, 201]], true]);
      expect(await canceledClient.done()).toHaveLength(1);
    });

    it('PUT answering 201 with Azure-AsyncOperation (provisioningState Accepted): polls the monitor, then one GET of the resource (original-uri)', async () => {
      const name = fresh();
      const c = azure({ inline: { runningPolls: 1, azure: { monitor: 'azure-asyncoperation', status: 201 } } });
      const before = server().operations().length;
      const { values, completed } = await settle(put(c, name).pipe(asyncOp$(c.client, { ...FAST, result: Resource })));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 201],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Succeeded, 2, 200],
      ]);
      expect(lastUpdate(values)).toMatchObject({ resultUrl: resourceUrl(name), result: { name, properties: { provisioningState: 'Succeeded' } } });
      expect(summary(await c.done())).toEqual([
        `PUT ${resourcePath(name)} 201`,
        `GET ${monitor.path} 200`,
        `GET ${monitor.path} 200`,
        `GET ${resourcePath(name)} 200`,
      ]);
    });

    it('a PUT ending Failed on its own URL: the Failed update carries the error, then AsyncOpFailedError', async () => {
      const name = fresh();
      const c = azure({ inline: { runningPolls: 1, outcome: 'Failed', error: { code: 'QuotaExceeded', message: 'No cores left' } } });
      const { values, error } = await settle(put(c, name).pipe(asyncOp$(c.client, FAST)));
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 201],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Failed, 2, 200],
      ]);
      expect(lastUpdate(values).error).toMatchObject({ code: 'QuotaExceeded', message: 'No cores left' });
      expect(expectInstance(error, AsyncOpFailedError).odataError).toMatchObject({ code: 'QuotaExceeded' });
      expect(await c.done()).toHaveLength(3);
    });
  });

  describe('Failed and Canceled through each monitor header', () => {
    const styles = [
      ['Operation-Location', 'operation-location'],
      ['Azure-AsyncOperation', 'azure-asyncoperation'],
      ['Azure-AsyncOperation = Location', 'both'],
    ] as const;

    it.each(styles)('%s: Failed is emitted with the error, then AsyncOpFailedError', async (_name, monitorStyle) => {
      const c = azure({ inline: { runningPolls: 1, outcome: 'Failed', error: { code: 'Quota', message: 'Out of quota' }, azure: { monitor: monitorStyle } } });
      const before = server().operations().length;
      const { values, error, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(false);
      expect(brief(values).map(([status, poll]) => [status, poll])).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Running, 1],
        [AsyncOpStatus.Failed, 2],
      ]);
      expect(lastUpdate(values).error).toMatchObject({ code: 'Quota', message: 'Out of quota' });
      const failure = expectInstance(error, AsyncOpFailedError);
      expect(failure.update.status).toBe(AsyncOpStatus.Failed);
      const monitor = monitorSince(before);
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${monitor.path} 200`, `GET ${monitor.path} 200`]);
    });

    it.each(styles)('%s: Canceled is Cancelled and the stream completes', async (_name, monitorStyle) => {
      const c = azure({ inline: { runningPolls: 0, outcome: 'Cancelled', azure: { monitor: monitorStyle } } });
      const { values, error, completed } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(values.map((u) => [u.status, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, undefined],
        [AsyncOpStatus.Cancelled, 'Canceled'],
      ]);
      expect(await c.done()).toHaveLength(2);
    });

    it('provisioningState Canceled on the resource is Cancelled', async () => {
      const c = azure({ inline: { runningPolls: 0, outcome: 'Cancelled' } });
      const { values, completed } = await settle(put(c, fresh()).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Cancelled]);
    });
  });

  describe('Retry-After', () => {
    it('is honoured on the first answer: update.retryAfterMs, and the first poll waits for it', async () => {
      const c = azure({ scenario: 'azure-operation-location', inline: { runningPolls: 0, retryAfter: 1 } });
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, pollInterval: 1 })));
      expect(completed).toBe(true);
      expect(values[0]?.retryAfterMs).toBe(1000);
      const [start, poll] = await c.done();
      // The first poll waited for the server's second, not the 1 ms pollInterval.
      expect((poll?.time ?? 0) - (start?.time ?? 0)).toBeGreaterThanOrEqual(900);
    });

    it('Retry-After: 0 on each running poll is reported on each update', async () => {
      const c = azure({ inline: { runningPolls: 2, retryAfter: 0 } });
      const { values } = await settle(put(c, fresh()).pipe(asyncOp$(c.client, FAST)));
      expect(values.map((u) => u.retryAfterMs)).toEqual([0, 0, 0, undefined]);
    });
  });

  describe('transient answers', () => {
    it('a 500, a reset and a 429 on the first poll are retried within it, not counted as polls', async () => {
      const c = azure({
        scenario: 'azure-operation-location',
        inline: {
          runningPolls: 0,
          faults: [
            { at: 1, kind: '500' },
            { at: 2, kind: 'reset' },
            { at: 3, kind: '429', retryAfter: 0 },
          ],
        },
      });
      const before = server().operations().length;
      const { values, completed, error } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(error).toBeUndefined();
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      const monitor = monitorSince(before);
      const log = await c.done();
      expect(log.map((r) => `${r.method} ${r.url} ${r.fault ?? r.status ?? '-'}`)).toEqual([
        `POST ${START} 202`,
        `GET ${monitor.path} 500`,
        `GET ${monitor.path} reset`,
        `GET ${monitor.path} 429`,
        `GET ${monitor.path} 200`,
      ]);
    });

    it('retries: { count, delay } — when the retries run out the error is ODataHttpError (the monitor could not be read)', async () => {
      const c = azure({
        scenario: 'azure-operation-location',
        inline: {
          runningPolls: 0,
          faults: [
            { at: 1, kind: '503' },
            { at: 2, kind: '503' },
          ],
        },
      });
      const delays: number[] = [];
      const retries: RetryOptions = {
        count: 1,
        delay: (attempt) => {
          delays.push(attempt);
          return 0;
        },
      };
      const { values, error } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, retries })));
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running]);
      expect(expectInstance(error, ODataHttpError).status).toBe(503);
      expect(delays).toEqual([1]);
      expect((await c.done()).map((r) => r.status)).toEqual([202, 503, 503]);
    });

    it('a 500 on the first call of a PUT is retried by the client (PUT is idempotent)', async () => {
      const name = fresh();
      const c = azure({ scenario: 'azure-start-500', inline: { runningPolls: 0 } });
      const { values, completed } = await settle(put(c, name).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 201],
        [AsyncOpStatus.Succeeded, 1, 200],
      ]);
      expect(summary(await c.done())).toEqual([`PUT ${resourcePath(name)} 500`, `PUT ${resourcePath(name)} 201`, `GET ${resourcePath(name)} 200`]);
    });

    it('a 503 on the first call of a DELETE is retried by the client (DELETE is idempotent)', async () => {
      const name = fresh();
      await existing(name);
      const c = azure({ inline: { runningPolls: 0, azure: { startFaults: [{ at: 1, kind: '503' }] } } });
      const { values, completed } = await settle(del(c, name).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect((await c.done()).map((r) => `${r.method} ${r.status ?? '-'}`)).toEqual(['DELETE 503', 'DELETE 202', 'GET 200']);
    });

    it('client retries: 0 turns the PUT retry off: ODataHttpError 500, one request', async () => {
      const c = azure({ scenario: 'azure-start-500', retries: 0 });
      const { values, error } = await settle(put(c, fresh()).pipe(asyncOp$(c.client, FAST)));
      expect(values).toEqual([]);
      expect(expectInstance(error, ODataHttpError)).toMatchObject({ status: 500, method: 'PUT' });
      expect(await c.done()).toHaveLength(1);
    });

    it('a 500 on the first call of a POST is not retried: the server may have acted', async () => {
      const c = azure({ scenario: 'azure-start-500' });
      const { values, error } = await settle(post(c, `?job=${fresh()}`).pipe(asyncOp$(c.client, FAST)));
      expect(values).toEqual([]);
      expect(expectInstance(error, ODataHttpError)).toMatchObject({ status: 500, method: 'POST' });
      expect(await c.done()).toHaveLength(1);
    });

    it('client.request({ method: POST, retries: 2 }) opts in for that call', async () => {
      const c = azure({ scenario: 'azure-start-500', inline: { runningPolls: 0 } });
      const query = `?job=${fresh()}`;
      const call = c.client.request({ method: 'POST', path: `operations/start${query}`, body: { name: 'report' }, retries: 2 });
      const { values, completed } = await settle(call.pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect((await c.done()).map((r) => `${r.method} ${r.status ?? '-'}`)).toEqual(['POST 500', 'POST 202', 'GET 200']);
    });
  });

  describe('Location only, and no monitor at all', () => {
    it('with dialect: azureDialect a Location-only 202 is polled: 202 Running, then 200 Succeeded with the result as body', async () => {
      const c = azure({ scenario: 'azure-location', inline: { runningPolls: 1 } });
      const before = server().operations().length;
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, dialect: azureDialect, result: Report })));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Succeeded, 2, 200],
      ]);
      expect(lastUpdate(values).body).toMatchObject({ name: `report-${monitor.id}`, properties: { rows: 3 } });
      expect(lastUpdate(values).result).toMatchObject({ name: `report-${monitor.id}` });
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${monitor.path} 202`, `GET ${monitor.path} 200`]);
    });

    it('with dialect: azureDialect a Location monitor answering 409 with an error is Failed, then AsyncOpFailedError', async () => {
      const c = azure({
        scenario: 'azure-location',
        inline: { runningPolls: 1, outcome: 'Failed', errorStatus: 409, error: { code: 'Conflict', message: 'Busy' } },
      });
      const before = server().operations().length;
      const { values, error } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, dialect: azureDialect })));
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Failed, 2, 409],
      ]);
      expect(expectInstance(error, AsyncOpFailedError).odataError).toMatchObject({ code: 'Conflict', message: 'Busy' });
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${monitor.path} 202`, `GET ${monitor.path} 409`]);
    });

    it('with dialect: azureDialect a 202 without any monitor header is Succeeded at once (poll 0), one request', async () => {
      const c = azure({ scenario: 'azure-no-monitor' });
      const { values, completed } = await settle(post(c).pipe(asyncOp$(c.client, { ...FAST, dialect: azureDialect })));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([[AsyncOpStatus.Succeeded, 0, 202]]);
      expect(await c.done()).toHaveLength(1);
    });

    it('without the Azure dialect a 202 without any monitor header is an ODataProtocolError', async () => {
      const c = azure({ scenario: 'azure-no-monitor' });
      const { values, error } = await settle(post(c).pipe(asyncOp$(c.client, FAST)));
      expect(values).toEqual([]);
      expectInstance(error, ODataProtocolError);
      expect(await c.done()).toHaveLength(1);
    });
  });

  describe('DELETE', () => {
    it('DELETE with Azure-AsyncOperation = Location: polls the monitor to Succeeded; no resultUrl, nothing fetched after', async () => {
      const name = fresh();
      await existing(name);
      const c = azure({ inline: { runningPolls: 1 } });
      const before = server().operations().length;
      const { values, completed } = await settle(del(c, name).pipe(asyncOp$(c.client, { ...FAST, result: t.unknown })));
      expect(completed).toBe(true);
      const monitor = monitorSince(before);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 200],
        [AsyncOpStatus.Succeeded, 2, 200],
      ]);
      expect(lastUpdate(values).resultUrl).toBeUndefined();
      expect(summary(await c.done())).toEqual([`DELETE ${resourcePath(name)} 202`, `GET ${monitor.path} 200`, `GET ${monitor.path} 200`]);
      expect((await fetch(resourceUrl(name))).status).toBe(404);
    });

    it('DELETE with Location only and the Azure dialect: 202, then 204 is Succeeded', async () => {
      const name = fresh();
      await existing(name);
      const c = azure({ scenario: 'azure-location', inline: { runningPolls: 1 } });
      const { values, completed } = await settle(del(c, name).pipe(asyncOp$(c.client, { ...FAST, dialect: azureDialect })));
      expect(completed).toBe(true);
      expect(brief(values)).toEqual([
        [AsyncOpStatus.Running, 0, 202],
        [AsyncOpStatus.Running, 1, 202],
        [AsyncOpStatus.Succeeded, 2, 204],
      ]);
      expect(lastUpdate(values).resultUrl).toBeUndefined();
      expect((await c.done()).map((r) => `${r.method} ${r.status ?? '-'}`)).toEqual(['DELETE 202', 'GET 202', 'GET 204']);
    });
  });

  describe('the poller', () => {
    it('createAsyncPoller with the Azure dialect polls an Operation-Location monitor to its end', async () => {
      const c = azure({ scenario: 'azure-operation-location', inline: { runningPolls: 1 } });
      const first = await lastValueFrom(post(c));
      const monitor = first.headers['operation-location'];
      if (monitor === undefined) throw new Error('no Operation-Location');
      const poller = createAsyncPoller(c.client, monitor, { ...FAST, dialect: azureDialect });
      const done = await poller.wait();
      expect([done.status, done.poll]).toEqual([AsyncOpStatus.Succeeded, 2]);
      expect(summary(await c.done())).toEqual([`POST ${START} 202`, `GET ${pathOf(server(), monitor)} 200`, `GET ${pathOf(server(), monitor)} 200`]);
    });

    it('poller.cancel() under the Azure dialect is a TypeError saying the dialect has no cancel; nothing is sent', async () => {
      const c = azure({ scenario: 'never' });
      const first = await lastValueFrom(post(c));
      const monitor = first.headers['azure-asyncoperation'];
      if (monitor === undefined) throw new Error('no Azure-AsyncOperation');
      const options: AsyncOpOptions = { ...FAST, dialect: azureDialect };
      const poller = createAsyncPoller(c.client, monitor, options);
      const failure = await cancelFailure(() => poller.cancel());
      expect(expectInstance(failure, TypeError).message).toMatch(/cancel/i);
      expect(await c.done()).toHaveLength(1);
      expect(server().requestsTo((r) => r.headers['x-test-id'] === c.id && r.method === 'DELETE')).toEqual([]);
    });
  });

  describe('client.action(..).execute({ retries }) on a fresh server', () => {
    // A fresh server: its first-call counters start at zero for the action's fixed URL.
    const own = useMockServer();

    it('execute({ retries: 2 }) opts a POST action in to retries', async () => {
      const c = testClient(own(), `${own().azureRoot}operations/`, { protocol: 'v4', scenario: 'azure-start-500', inline: { runningPolls: 0 } });
      const { values, completed } = await settle(c.client.action('start').execute({ retries: 2 }).pipe(asyncOp$(c.client, FAST)));
      expect(completed).toBe(true);
      expect(values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect((await c.done()).map((r) => `${r.method} ${r.url} ${r.status ?? '-'}`)).toEqual([
        `POST ${START} 500`,
        `POST ${START} 202`,
        expect.stringMatching(new RegExp(`^GET ${AZ}monitor/\\w+ 200$`)),
      ]);
    });
  });
});

/** The error of `cancel()`, whether it throws at once or errors the returned stream. */
async function cancelFailure(cancel: () => ReturnType<ReturnType<typeof createAsyncPoller>['cancel']>): Promise<unknown> {
  try {
    const { error } = await settle(cancel());
    return error;
  } catch (thrown) {
    return thrown;
  }
}
