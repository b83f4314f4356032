import { bodyOf, header, pick, postJson, rawRequest, useMockServer } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

describe('mock Azure / Graph style monitors', () => {
  const server = useMockServer();

  describe('Azure-AsyncOperation', () => {
    const start = (headers: Record<string, string> = {}, body: unknown = { name: 'report' }): Promise<Response> =>
      fetch(`${server().azureRoot}operations/start`, postJson(body, headers));

    it('starts with 202, Location and Azure-AsyncOperation on the monitor', async () => {
      const res = await start();
      expect(res.status).toBe(202);
      const location = header(res, 'location');
      expect(location).toMatch(new RegExp(`^${server().azureRoot.replace(/\./g, '\\.')}monitor/\\w+$`));
      expect(header(res, 'azure-asyncoperation')).toBe(location);
    });

    it('reports InProgress with percentComplete, then Succeeded with resourceLocation', async () => {
      const monitor = header(await start({ 'X-Mock-Scenario': 'slow-progress' }), 'location');
      const seen: unknown[] = [];
      for (let i = 0; i < 5; i += 1) seen.push(await bodyOf(await fetch(monitor)));
      expect(seen).toEqual([20, 40, 60, 80, 100].map((p) => ({ status: 'InProgress', percentComplete: p })));
      const done = await fetch(monitor);
      expect(done.status).toBe(200);
      const body = await bodyOf(done);
      const id = monitor.split('/').pop() ?? '';
      expect(body).toEqual({ status: 'Succeeded', resourceLocation: `${server().origin}/azure/results/${id}` });
      const result = await fetch(String(pick(body, 'resourceLocation')));
      expect(await bodyOf(result)).toMatchObject({ name: `report-${id}`, properties: { rows: 3, input: { name: 'report' } } });
    });

    it('reports Failed with an error and Canceled', async () => {
      const failed = header(
        await start({ 'X-Mock-Scenario-Json': '{"runningPolls":0,"outcome":"Failed","error":{"code":"Quota","message":"Out of quota"}}' }),
        'location',
      );
      expect(await bodyOf(await fetch(failed))).toEqual({ status: 'Failed', error: { code: 'Quota', message: 'Out of quota' } });
      const canceled = header(await start({ 'X-Mock-Scenario-Json': '{"runningPolls":0,"outcome":"Cancelled"}' }), 'location');
      expect(await bodyOf(await fetch(canceled))).toEqual({ status: 'Canceled' });
    });

    it('sends Retry-After on the 202 and on running answers', async () => {
      const res = await start({ 'X-Mock-Scenario-Json': '{"retryAfter":1}' });
      expect(header(res, 'retry-after')).toBe('1');
      expect(header(await fetch(header(res, 'location')), 'retry-after')).toBe('1');
    });

    it('answers a sync scenario at once', async () => {
      expect(await bodyOf(await start({ 'X-Mock-Scenario': 'sync' }))).toMatchObject({ properties: { rows: 3 } });
      expect((await start({ 'X-Mock-Scenario-Json': '{"sync":true,"result":null}' })).status).toBe(204);
      expect((await start({ 'X-Mock-Scenario-Json': '{"sync":true,"outcome":"Failed","errorStatus":409}' })).status).toBe(409);
      expect((await start({ 'X-Mock-Scenario-Json': '{"sync":true,"outcome":"Cancelled"}' })).status).toBe(503);
    });

    it('takes an empty body, refuses bad JSON and unknown scenarios', async () => {
      expect((await fetch(`${server().azureRoot}operations/start`, { method: 'POST' })).status).toBe(202);
      const bad = await fetch(`${server().azureRoot}operations/start`, { method: 'POST', body: '{' });
      expect(bad.status).toBe(400);
      expect(await bodyOf(bad)).toMatchObject({ error: { code: 'InvalidRequestContent' } });
      expect((await start({ 'X-Mock-Scenario': 'nope' })).status).toBe(400);
    });

    it('answers 404 for results not ready and unknown paths, 405 for wrong methods', async () => {
      const monitor = header(await start(), 'location');
      const id = monitor.split('/').pop() ?? '';
      expect((await fetch(`${server().azureRoot}results/${id}`)).status).toBe(404);
      expect((await fetch(`${server().azureRoot}results/${id}`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${server().azureRoot}operations/start`)).status).toBe(405);
      for (const path of ['nope', 'monitor/nope', 'a/b/c/d', 'graph/monitor/nope']) {
        const res = await fetch(`${server().azureRoot}${path}`);
        expect(res.status).toBe(404);
        expect(await bodyOf(res)).toMatchObject({ error: { code: 'NotFound' } });
      }
    });

    it('cancels with DELETE', async () => {
      const monitor = header(await start(), 'location');
      expect((await fetch(monitor, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(monitor)).status).toBe(404);
      const asyncCancel = header(await start({ 'X-Mock-Scenario': 'cancel-async' }), 'location');
      const cancel = await fetch(asyncCancel, { method: 'DELETE' });
      expect(cancel.status).toBe(202);
      expect(await bodyOf(await fetch(header(cancel, 'location')))).toEqual({ status: 'Succeeded' });
    });
  });

  describe('Microsoft Graph copy', () => {
    const copy = (headers: Record<string, string> = {}): Promise<Response> =>
      fetch(`${server().azureRoot}graph/copy`, postJson({ parentReference: { id: 'x' } }, headers));

    it('always answers 202, the body says when it is done', async () => {
      const start = await copy({ 'X-Mock-Scenario-Json': '{"progress":[27.8,64.1]}' });
      expect(start.status).toBe(202);
      const monitor = header(start, 'location');
      expect(monitor).toContain('/azure/graph/monitor/');
      expect(start.headers.get('azure-asyncoperation')).toBeNull();
      const answers: [number, unknown][] = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await fetch(monitor);
        answers.push([res.status, await bodyOf(res)]);
      }
      expect(answers).toEqual([
        [202, { status: 'inProgress', percentageComplete: 27.8 }],
        [202, { status: 'inProgress', percentageComplete: 64.1 }],
        [202, { status: 'completed', percentageComplete: 100, resourceId: monitor.split('/').pop() }],
      ]);
    });

    it('reports failed and cancelled, and no resourceId for a no-content result', async () => {
      const failed = header(await copy({ 'X-Mock-Scenario-Json': '{"runningPolls":0,"outcome":"Failed"}' }), 'location');
      expect(await bodyOf(await fetch(failed))).toMatchObject({ status: 'failed', error: { code: 'REPORT_FAILED' } });
      const cancelled = header(await copy({ 'X-Mock-Scenario-Json': '{"runningPolls":0,"outcome":"Cancelled"}' }), 'location');
      expect(await bodyOf(await fetch(cancelled))).toEqual({ status: 'cancelled' });
      const empty = header(await copy({ 'X-Mock-Scenario-Json': '{"runningPolls":0,"result":null}' }), 'location');
      expect(await bodyOf(await fetch(empty))).toEqual({ status: 'completed', percentageComplete: 100 });
    });

    it('moves the monitor with changing-location', async () => {
      const first = header(await copy({ 'X-Mock-Scenario': 'changing-location' }), 'location');
      const poll = await fetch(first);
      const second = header(poll, 'location');
      expect(second).not.toBe(first);
      expect((await fetch(second)).status).toBe(202);
      const noLocation = header(await copy({ 'X-Mock-Scenario-Json': '{"changingLocation":true,"relativeLocation":true}' }), 'location');
      expect(noLocation).toMatch(/^monitor\/\w+$/);
    });

    it('answers 202 without Location when the scenario drops it, even when the monitor moves', async () => {
      const start = await copy({ 'X-Mock-Scenario-Json': '{"changingLocation":true,"noLocation":true}' });
      expect(start.headers.get('location')).toBeNull();
      const op = server().operations().at(-1);
      const poll = await fetch(op?.monitorUrl ?? '');
      expect(poll.status).toBe(202);
      expect(poll.headers.get('location')).toBeNull();
    });
  });
  describe('Azure variants (scenario.azure)', () => {
    const scenario = (json: unknown, name?: string): Record<string, string> => ({
      'X-Mock-Scenario-Json': JSON.stringify(json),
      ...(name === undefined ? {} : { 'X-Mock-Scenario': name }),
    });
    const start = (headers: Record<string, string>, query = ''): Promise<Response> =>
      fetch(`${server().azureRoot}operations/start${query}`, postJson({ name: 'report' }, headers));
    let resourceCount = 0;
    /** A resource name no other test uses. */
    const fresh = (): string => {
      resourceCount += 1;
      return `res-${resourceCount}-${Math.random().toString(36).slice(2, 8)}`;
    };
    const resource = (name: string): string => `${server().azureRoot}resources/${name}`;
    const send = (method: string, name: string, headers: Record<string, string> = {}, body: unknown = { properties: { size: 'S' } }): Promise<Response> =>
      fetch(resource(name), {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(method === 'DELETE' ? {} : { body: JSON.stringify(body) }),
      });
    const monitorHeaders = (res: Response) => ({
      location: res.headers.get('location'),
      azureAsyncOperation: res.headers.get('azure-asyncoperation'),
      operationLocation: res.headers.get('operation-location'),
    });
    /** Status and body of each of `count` GETs of `url`. */
    const polls = async (url: string, count: number): Promise<[number, unknown][]> => {
      const seen: [number, unknown][] = [];
      for (let i = 0; i < count; i += 1) {
        const res = await fetch(url);
        const text = await res.text();
        seen.push([res.status, text === '' ? undefined : JSON.parse(text)]);
      }
      return seen;
    };
    const requestsTo = (url: string) =>
      server()
        .requestsTo(url)
        .map((r) => `${r.method} ${r.status ?? '-'}`);

    it('Operation-Location only: NotStarted, Running, then Succeeded with resourceLocation', async () => {
      const res = await start({ 'X-Mock-Scenario': 'azure-operation-location' });
      expect(res.status).toBe(202);
      const headers = monitorHeaders(res);
      expect(headers).toEqual({ location: null, azureAsyncOperation: null, operationLocation: expect.stringContaining('/azure/monitor/') });
      const monitor = headers.operationLocation ?? '';
      const id = monitor.split('/').pop() ?? '';
      expect(await polls(monitor, 3)).toEqual([
        [200, { status: 'NotStarted', percentComplete: 33 }],
        [200, { status: 'Running', percentComplete: 67 }],
        [200, { status: 'Succeeded', resourceLocation: `${server().azureRoot}results/${id}` }],
      ]);
      expect(res.headers.get('access-control-expose-headers')).toContain('Operation-Location');
    });

    it('Azure-AsyncOperation only names the monitor and no Location', async () => {
      const res = await start({ 'X-Mock-Scenario': 'azure-asyncoperation' });
      expect(monitorHeaders(res)).toEqual({ location: null, azureAsyncOperation: expect.stringContaining('/azure/monitor/'), operationLocation: null });
    });

    it.each([
      ['azure-asyncoperation', 'azure-asyncoperation'],
      ['operation-location', 'operation-location'],
    ] as const)('%s with a different Location: Location is the final result, 404 until the monitor says Succeeded', async (monitorStyle, headerName) => {
      const res = await start(scenario({ runningPolls: 1, azure: { monitor: monitorStyle, resultLocation: true } }));
      const monitor = header(res, headerName);
      const location = header(res, 'location');
      expect(location).not.toBe(monitor);
      const id = monitor.split('/').pop() ?? '';
      expect(location).toBe(`${server().azureRoot}results/${id}`);
      expect((await fetch(location)).status).toBe(404);
      const [running, done] = await polls(monitor, 2);
      expect(running?.[1]).toMatchObject({ status: expect.stringMatching(/^(InProgress|NotStarted)$/) });
      expect(done).toEqual([200, { status: 'Succeeded', resourceLocation: location }]);
      const result = await fetch(location);
      expect(result.status).toBe(200);
      expect(await bodyOf(result)).toMatchObject({ name: `report-${id}`, properties: { rows: 3, input: { name: 'report' } } });
    });

    it('a Succeeded monitor body carries the result itself when resourceLocation is off', async () => {
      const res = await start(scenario({ runningPolls: 0, azure: { monitor: 'operation-location', resourceLocation: false } }));
      const monitor = header(res, 'operation-location');
      const id = monitor.split('/').pop() ?? '';
      const [done] = await polls(monitor, 1);
      expect(done).toEqual([
        200,
        { status: 'Succeeded', id: `${server().azureRoot}results/${id}`, name: `report-${id}`, properties: { rows: 3, input: { name: 'report' } } },
      ]);
      const array = header(await start(scenario({ runningPolls: 0, result: [1, 2], azure: { resourceLocation: false } })), 'azure-asyncoperation');
      expect(await polls(array, 1)).toEqual([[200, { status: 'Succeeded', value: [1, 2] }]]);
    });

    it.each(['azure-asyncoperation', 'operation-location', 'both'] as const)('Failed (with its error) and Canceled via %s', async (monitorStyle) => {
      const name = monitorStyle === 'operation-location' ? 'operation-location' : 'azure-asyncoperation';
      const failed = header(
        await start(scenario({ runningPolls: 0, outcome: 'Failed', error: { code: 'Quota', message: 'Out of quota' }, azure: { monitor: monitorStyle } })),
        name,
      );
      expect(await polls(failed, 2)).toEqual([
        [200, { status: 'Failed', error: { code: 'Quota', message: 'Out of quota' } }],
        [200, { status: 'Failed', error: { code: 'Quota', message: 'Out of quota' } }],
      ]);
      const canceled = header(await start(scenario({ runningPolls: 0, outcome: 'Cancelled', azure: { monitor: monitorStyle } })), name);
      expect(await polls(canceled, 1)).toEqual([[200, { status: 'Canceled' }]]);
    });

    it('200 and 201 may name a monitor, with a body whose provisioningState is Accepted', async () => {
      const ok = await start(scenario({ azure: { monitor: 'operation-location', status: 200 } }));
      expect(ok.status).toBe(200);
      const id = header(ok, 'operation-location').split('/').pop() ?? '';
      expect(await bodyOf(ok)).toEqual({ name: `report-${id}`, properties: { provisioningState: 'Accepted' } });
      const name = fresh();
      const created = await send('PUT', name, scenario({ azure: { monitor: 'azure-asyncoperation', status: 201 } }));
      expect(created.status).toBe(201);
      expect(monitorHeaders(created)).toEqual({ location: null, azureAsyncOperation: expect.stringContaining('/azure/monitor/'), operationLocation: null });
      expect(await bodyOf(created)).toEqual({
        id: `/azure/resources/${name}`,
        name,
        type: 'Mock.Resources/resources',
        properties: { size: 'S', provisioningState: 'Accepted' },
      });
    });

    it('Location only: a monitor that answers 202 while running, then the result; 204 for none; errorStatus on Failed', async () => {
      const res = await start(scenario({ runningPolls: 2, retryAfter: 0 }, 'azure-location'));
      expect(monitorHeaders(res)).toEqual({ location: expect.stringContaining('/azure/monitor/'), azureAsyncOperation: null, operationLocation: null });
      const monitor = header(res, 'location');
      const seen = await polls(monitor, 3);
      expect(seen.map(([status]) => status)).toEqual([202, 202, 200]);
      expect(seen[0]?.[1]).toBeUndefined();
      expect(seen[2]?.[1]).toMatchObject({ properties: { rows: 3 } });
      const none = header(await start(scenario({ runningPolls: 0, result: null }, 'azure-location')), 'location');
      expect((await polls(none, 1))[0]).toEqual([204, undefined]);
      const failed = header(await start(scenario({ runningPolls: 0, outcome: 'Failed', errorStatus: 409 }, 'azure-location')), 'location');
      expect((await polls(failed, 1))[0]).toEqual([409, { error: { code: 'REPORT_FAILED', message: 'Report generation failed' } }]);
      const canceled = header(await start(scenario({ runningPolls: 0, outcome: 'Cancelled' }, 'azure-location')), 'location');
      expect((await polls(canceled, 1))[0]?.[0]).toBe(409);
    });

    it('a Location monitor can be cancelled asynchronously: 202 naming a cancel monitor', async () => {
      const monitor = header(await start(scenario({ retryAfter: 0, runningPolls: 5, cancel: 'async', azure: { monitor: 'location' } })), 'location');
      const cancel = await fetch(monitor, { method: 'DELETE' });
      expect([cancel.status, header(cancel, 'retry-after')]).toEqual([202, '0']);
      expect((await polls(header(cancel, 'location'), 1))[0]).toEqual([200, { status: 'Succeeded' }]);
      expect((await fetch(monitor)).status).toBe(404);
    });

    it('a 202 that names no monitor at all', async () => {
      const res = await start({ 'X-Mock-Scenario': 'azure-no-monitor' });
      expect(res.status).toBe(202);
      expect(monitorHeaders(res)).toEqual({ location: null, azureAsyncOperation: null, operationLocation: null });
    });

    it('sends Retry-After on the first answer and on every running answer of each monitor kind', async () => {
      for (const monitorStyle of ['operation-location', 'azure-asyncoperation', 'location'] as const) {
        const res = await start(scenario({ retryAfter: 0, runningPolls: 1, azure: { monitor: monitorStyle } }));
        expect(header(res, 'retry-after')).toBe('0');
        const monitor = header(res, monitorStyle === 'location' ? 'location' : monitorStyle);
        const running = await fetch(monitor);
        expect([monitorStyle, header(running, 'retry-after')]).toEqual([monitorStyle, '0']);
        expect((await fetch(monitor)).headers.get('retry-after')).toBeNull();
      }
    });

    it('a 500 before success on a poll does not advance the operation', async () => {
      const monitor = header(await start(scenario({ runningPolls: 0, faults: [{ at: 1, kind: '500' }] }, 'azure-operation-location')), 'operation-location');
      expect((await polls(monitor, 2)).map(([status, body]) => [status, body])).toEqual([
        [500, { error: { code: 'InternalServerError', message: 'Injected fault: internal server error' } }],
        [200, { status: 'Succeeded', resourceLocation: expect.stringContaining('/azure/results/') }],
      ]);
    });

    it('startFaults: a 500 on the first call starts nothing; the same call again starts the operation', async () => {
      const before = server().operations().length;
      const query = `?job=${fresh()}`;
      const first = await start({ 'X-Mock-Scenario': 'azure-start-500' }, query);
      expect(first.status).toBe(500);
      expect(await bodyOf(first)).toEqual({ error: { code: 'InternalServerError', message: 'Injected fault: internal server error' } });
      expect(server().operations().length).toBe(before);
      const second = await start({ 'X-Mock-Scenario': 'azure-start-500' }, query);
      expect(second.status).toBe(202);
      expect(server().operations().length).toBe(before + 1);
      // Another URL counts on its own.
      expect((await start({ 'X-Mock-Scenario': 'azure-start-500' }, `?job=${fresh()}`)).status).toBe(500);
      const name = fresh();
      const faults = scenario({
        azure: {
          startFaults: [
            { at: 1, kind: '503' },
            { at: 2, kind: 'reset' },
          ],
        },
      });
      expect((await send('PUT', name, faults)).status).toBe(503);
      // node:http without an agent: fetch would quietly retry a reset PUT on a fresh connection.
      await expect(rawRequest(resource(name), { method: 'PUT', headers: faults, body: '{}' })).rejects.toThrow();
      expect((await send('PUT', name, faults)).status).toBe(201);
      expect(requestsTo(resource(name))).toEqual(['PUT 503', 'PUT -', 'PUT 201']);
    });

    describe('PUT and PATCH polled on the resource by provisioningState', () => {
      it('PUT answers 201 Creating without a monitor header; GETs of the resource say Creating, then Succeeded', async () => {
        const name = fresh();
        const created = await send('PUT', name, scenario({ runningPolls: 2, retryAfter: 0 }));
        expect(created.status).toBe(201);
        expect(monitorHeaders(created)).toEqual({ location: null, azureAsyncOperation: null, operationLocation: null });
        expect(header(created, 'retry-after')).toBe('0');
        const body = (state: string) => ({
          id: `/azure/resources/${name}`,
          name,
          type: 'Mock.Resources/resources',
          properties: { size: 'S', provisioningState: state },
        });
        expect(await bodyOf(created)).toEqual(body('Creating'));
        const running = await fetch(resource(name));
        expect(header(running, 'retry-after')).toBe('0');
        expect(await bodyOf(running)).toEqual(body('Creating'));
        expect(await polls(resource(name), 2)).toEqual([
          [200, body('Creating')],
          [200, body('Succeeded')],
        ]);
        expect(server().operations().at(-1)).toMatchObject({ service: 'azure', state: 'Succeeded', polls: 3 });
      });

      it('PUT on an existing resource and PATCH answer 200 Updating; PATCH merges the properties; PATCH of nothing is a 404', async () => {
        const name = fresh();
        await send('PUT', name, scenario({ sync: true }));
        const put = await send('PUT', name, scenario({ runningPolls: 1 }), { properties: { size: 'M' } });
        expect(put.status).toBe(200);
        expect(await bodyOf(put)).toMatchObject({ properties: { size: 'M', provisioningState: 'Updating' } });
        expect((await polls(resource(name), 2)).map(([, b]) => pick(b, 'properties', 'provisioningState'))).toEqual(['Updating', 'Succeeded']);
        const patch = await send('PATCH', name, scenario({ runningPolls: 0 }), { properties: { tier: 'gold' } });
        expect(patch.status).toBe(200);
        expect(await bodyOf(patch)).toMatchObject({ properties: { size: 'M', tier: 'gold', provisioningState: 'Updating' } });
        expect((await polls(resource(name), 1))[0]).toEqual([
          200,
          expect.objectContaining({ properties: { size: 'M', tier: 'gold', provisioningState: 'Succeeded' } }),
        ]);
        const missing = await send('PATCH', fresh());
        expect(missing.status).toBe(404);
        expect(await bodyOf(missing)).toMatchObject({ error: { code: 'ResourceNotFound' } });
      });

      it('ends Failed (with an error) or Canceled; the scenario result replaces the final resource', async () => {
        const failed = fresh();
        await send('PUT', failed, scenario({ runningPolls: 0, outcome: 'Failed', error: { code: 'Conflict', message: 'Name taken' } }));
        expect((await polls(resource(failed), 1))[0]).toEqual([
          200,
          expect.objectContaining({ properties: { size: 'S', provisioningState: 'Failed' }, error: { code: 'Conflict', message: 'Name taken' } }),
        ]);
        const canceled = fresh();
        await send('PUT', canceled, scenario({ runningPolls: 0, outcome: 'Cancelled' }));
        expect((await polls(resource(canceled), 1))[0]).toEqual([200, expect.objectContaining({ properties: { size: 'S', provisioningState: 'Canceled' } })]);
        const custom = fresh();
        await send('PATCH', custom);
        await send('PUT', custom, scenario({ runningPolls: 0, result: { name: custom, properties: { provisioningState: 'Succeeded', custom: true } } }));
        expect((await polls(resource(custom), 1))[0]).toEqual([200, { name: custom, properties: { provisioningState: 'Succeeded', custom: true } }]);
      });

      it('a sync PUT answers a terminal provisioningState at once', async () => {
        const ok = await send('PUT', fresh(), scenario({ sync: true }));
        expect([ok.status, pick(await bodyOf(ok), 'properties', 'provisioningState')]).toEqual([201, 'Succeeded']);
        const failed = await send('PUT', fresh(), scenario({ sync: true, outcome: 'Failed' }));
        expect(await bodyOf(failed)).toMatchObject({ properties: { provisioningState: 'Failed' }, error: { code: 'REPORT_FAILED' } });
        const canceled = await send('PUT', fresh(), scenario({ sync: true, outcome: 'Cancelled' }));
        expect(await bodyOf(canceled)).toMatchObject({ properties: { provisioningState: 'Canceled' } });
      });

      it('a 500 on a resource poll does not advance it', async () => {
        const name = fresh();
        await send('PUT', name, scenario({ runningPolls: 0, faults: [{ at: 1, kind: '500' }] }));
        expect((await polls(resource(name), 2)).map(([status, b]) => [status, pick(b, 'properties', 'provisioningState')])).toEqual([
          [500, undefined],
          [200, 'Succeeded'],
        ]);
      });

      it('with a monitor header, GETs of the resource show the state without advancing it; the monitor names the resource', async () => {
        const name = fresh();
        const res = await send('PUT', name, scenario({ runningPolls: 1 }, 'azure-asyncoperation'));
        expect(res.status).toBe(202);
        const monitor = header(res, 'azure-asyncoperation');
        expect((await polls(resource(name), 3)).map(([, b]) => pick(b, 'properties', 'provisioningState'))).toEqual(['Creating', 'Creating', 'Creating']);
        expect(await polls(monitor, 2)).toEqual([
          [200, { status: 'InProgress', percentComplete: 50 }],
          [200, { status: 'Succeeded', resourceLocation: resource(name) }],
        ]);
        expect(await bodyOf(await fetch(resource(name)))).toMatchObject({ name, properties: { provisioningState: 'Succeeded' } });
      });

      it('a hostile resource name (CR, LF, a quote, a non-Latin-1 character) stays percent-encoded in Location, id and resourceLocation', async () => {
        const name = `x\r\nSet-Cookie: a=b"€/${fresh()}`;
        const url = `${server().azureRoot}resources/${encodeURIComponent(name)}`;
        const headers = {
          'Content-Type': 'application/json',
          'X-Mock-Scenario-Json': JSON.stringify({ runningPolls: 0, azure: { monitor: 'azure-asyncoperation', resultLocation: true, status: 201 } }),
        };
        const res = await fetch(url, { method: 'PUT', headers, body: '{}' });
        expect(res.status).toBe(201);
        expect(header(res, 'location')).toBe(url);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(await bodyOf(res)).toMatchObject({ id: new URL(url).pathname, name });
        expect(await polls(header(res, 'azure-asyncoperation'), 1)).toEqual([[200, { status: 'Succeeded', resourceLocation: url }]]);
        expect(await bodyOf(await fetch(url))).toMatchObject({ name, properties: { provisioningState: 'Succeeded' } });
      });

      it('refuses provisioning for POST and DELETE, and methods other than GET, HEAD, PUT, PATCH, DELETE', async () => {
        expect((await start(scenario({ azure: { monitor: 'provisioning' } }))).status).toBe(400);
        const name = fresh();
        await send('PUT', name, scenario({ sync: true }));
        const del = await send('DELETE', name, scenario({ azure: { monitor: 'provisioning' } }));
        expect(await bodyOf(del)).toMatchObject({ error: { code: 'InvalidScenario' } });
        const post = await send('POST', name);
        expect([post.status, header(post, 'allow')]).toEqual([405, 'GET, HEAD, PUT, PATCH, DELETE']);
        expect((await fetch(resource(''))).status).toBe(404);
        expect((await send('PUT', fresh(), {}, '{')).status).toBe(400);
        expect((await send('PUT', fresh(), { 'X-Mock-Scenario': 'nope' })).status).toBe(400);
      });
    });

    describe('DELETE without a result', () => {
      it('202 naming the monitor; the resource says Deleting; the monitor ends Succeeded without resourceLocation; then the resource is gone', async () => {
        const name = fresh();
        await send('PUT', name, scenario({ sync: true }));
        const res = await send('DELETE', name, scenario({ runningPolls: 1 }));
        expect(res.status).toBe(202);
        const monitor = header(res, 'azure-asyncoperation');
        expect(header(res, 'location')).toBe(monitor);
        expect(pick(await bodyOf(await fetch(resource(name))), 'properties', 'provisioningState')).toBe('Deleting');
        expect(await polls(monitor, 2)).toEqual([
          [200, { status: 'InProgress', percentComplete: 50 }],
          [200, { status: 'Succeeded' }],
        ]);
        expect((await fetch(resource(name))).status).toBe(404);
        expect((await send('DELETE', name)).status).toBe(204);
      });

      it('with Location only the monitor ends with 204; a sync DELETE answers 204; no monitor at all deletes at once', async () => {
        const viaLocation = fresh();
        await send('PUT', viaLocation, scenario({ sync: true }));
        const monitor = header(await send('DELETE', viaLocation, scenario({ runningPolls: 1 }, 'azure-location')), 'location');
        expect((await polls(monitor, 2)).map(([status]) => status)).toEqual([202, 204]);
        const sync = fresh();
        await send('PUT', sync, scenario({ sync: true }));
        expect((await send('DELETE', sync, scenario({ sync: true }))).status).toBe(204);
        expect((await fetch(resource(sync))).status).toBe(404);
        const none = fresh();
        await send('PUT', none, scenario({ sync: true }));
        const res = await send('DELETE', none, { 'X-Mock-Scenario': 'azure-no-monitor' });
        expect([res.status, monitorHeaders(res)]).toEqual([202, { location: null, azureAsyncOperation: null, operationLocation: null }]);
        expect((await fetch(resource(none))).status).toBe(404);
      });
    });
  });
});
