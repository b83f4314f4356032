import { bodyOf, header, pick, postJson, useMockServer } from './support.js';
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
});
