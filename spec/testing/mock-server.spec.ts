import { connect } from 'node:net';
import { BUILT_IN_SCENARIOS, startMockODataServer } from '../../lib/testing/index.js';
import { bodyOf, header, pick, postJson, rawRequest, useMockServer, waitFor } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

/** Sends raw bytes and returns everything the server sends back before it closes. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => {
      resolve(received);
    });
    socket.on('error', reject);
  });
}

const portOf = (origin: string): number => Number(new URL(origin).port);

describe('startMockODataServer', () => {
  const server = useMockServer();

  describe('roots', () => {
    it('listens on 127.0.0.1 and exposes the service roots', () => {
      const { origin, v4Root, v2Root, azureRoot } = server();
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(v4Root).toBe(`${origin}/odata/v4/sales/`);
      expect(v2Root).toBe(`${origin}/sap/opu/odata/sap/ZSALES_SRV/`);
      expect(azureRoot).toBe(`${origin}/azure/`);
    });

    it('answers 404 with a v4 error outside the services', async () => {
      const res = await fetch(`${server().origin}/elsewhere`);
      expect(res.status).toBe(404);
      expect(pick(await bodyOf(res), 'error', 'message')).toContain('/odata/v4/sales/');
    });
  });

  describe('request log', () => {
    it('records method, url, lower-case headers, body, time and status', async () => {
      server().clearLog();
      const before = Date.now();
      await fetch(`${server().v4Root}SalesReportGenerate?x=1`, postJson({ Year: 2024 }, { 'X-Custom': 'Yes' }));
      expect(server().requests).toHaveLength(1);
      const [entry] = server().requests;
      expect(entry).toMatchObject({ method: 'POST', url: '/odata/v4/sales/SalesReportGenerate?x=1', body: '{"Year":2024}', status: 200 });
      expect(entry?.headers['x-custom']).toBe('Yes');
      expect(entry?.time).toBeGreaterThanOrEqual(before);
      expect(entry?.aborted).toBeUndefined();
    });

    it('filters with requestsTo by path prefix, absolute URL or predicate, and clears', async () => {
      server().clearLog();
      await fetch(server().v4Root);
      await fetch(`${server().v2Root}$metadata`);
      await fetch(`${server().azureRoot}nope`);
      expect(server().requestsTo('/odata/v4/')).toHaveLength(1);
      expect(server().requestsTo(server().v2Root)).toHaveLength(1);
      expect(
        server()
          .requestsTo((r) => r.status === 404)
          .map((r) => r.url),
      ).toEqual(['/azure/nope']);
      const snapshot = server().requests;
      server().clearLog();
      expect(server().requests).toHaveLength(0);
      expect(snapshot).toHaveLength(3);
    });

    it('counts a request while it is still in flight', async () => {
      server().clearLog();
      const pending = fetch(
        `${server().v4Root}SalesReportGenerate`,
        postJson({ Year: 2024 }, { Prefer: 'respond-async, wait=1', 'X-Mock-Scenario-Json': '{"runFor":60}' }),
      );
      await waitFor(() => server().requests.length === 1);
      expect(server().requests[0]?.status).toBeUndefined();
      expect((await pending).status).toBe(200);
      expect(server().requests[0]?.status).toBe(200);
    });
  });

  describe('scenario selection', () => {
    const start = (init: RequestInit, query = ''): Promise<Response> =>
      fetch(`${server().v4Root}SalesReportGenerate${query}`, { ...postJson({ Year: 2024 }), ...init });
    const asyncHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({ Prefer: 'respond-async', ...extra });
    const lastOperation = () => server().operations().at(-1);

    it('knows the built-in scenarios', () => {
      expect(Object.keys(BUILT_IN_SCENARIOS)).toEqual(
        expect.arrayContaining([
          'default',
          'fast',
          'slow-progress',
          'fail',
          'cancelled',
          'never',
          'flaky',
          'retry-after-date',
          'changing-location',
          'envelope',
          'no-location',
          'foreign-location',
        ]),
      );
    });

    it('picks by X-Mock-Scenario header, mock-scenario query, or default', async () => {
      await start({ headers: asyncHeaders({ 'X-Mock-Scenario': 'fail' }) });
      expect(lastOperation()?.scenario).toBe('fail');
      await start({ headers: asyncHeaders() }, '?mock-scenario=never');
      expect(lastOperation()?.scenario).toBe('never');
      await start({ headers: asyncHeaders() });
      expect(lastOperation()).toMatchObject({ scenario: 'default', state: 'Running', polls: 0, kind: 'operation', service: 'v4', deleted: false });
    });

    it('prefers the header over the query parameter', async () => {
      await start({ headers: asyncHeaders({ 'X-Mock-Scenario': 'fast' }) }, '?mock-scenario=never');
      expect(lastOperation()?.scenario).toBe('fast');
    });

    it('layers X-Mock-Scenario-Json over the named scenario', async () => {
      await start({ headers: asyncHeaders({ 'X-Mock-Scenario': 'fail', 'X-Mock-Scenario-Json': '{"runningPolls":0}' }) });
      const op = lastOperation();
      expect(op?.scenario).toBe('fail+inline');
      const res = await fetch(op?.monitorUrl ?? '');
      expect(header(res, 'asyncresult')).toBe('500');
      await start({ headers: asyncHeaders({ 'X-Mock-Scenario-Json': '{}' }) });
      expect(lastOperation()?.scenario).toBe('inline');
    });

    it.each([
      [{ 'X-Mock-Scenario': 'no-such-scenario' }, 'unknown mock scenario "no-such-scenario"'],
      [{ 'X-Mock-Scenario-Json': '{"runningPolls":' }, 'not valid JSON'],
      [{ 'X-Mock-Scenario-Json': '{"runingPolls":1}' }, 'unknown scenario field "runingPolls"'],
      [{ 'X-Mock-Scenario-Json': '{"faults":[{"at":1,"kind":"418"}]}' }, 'faults[0].kind'],
    ])('answers 400 for %j', async (headers, message) => {
      const res = await start({ headers: asyncHeaders(headers) });
      expect(res.status).toBe(400);
      expect(pick(await bodyOf(res), 'error', 'message')).toContain(message);
    });

    it('registers named scenarios with setScenario and options.scenarios', async () => {
      server().setScenario('two-step', { runningPolls: 1, outcome: 'Failed' });
      const res = await start({ headers: asyncHeaders({ 'X-Mock-Scenario': 'two-step' }) });
      const monitor = header(res, 'location');
      expect((await fetch(monitor)).status).toBe(202);
      expect(header(await fetch(monitor), 'asyncresult')).toBe('500');
      expect(() => {
        server().setScenario('', {});
      }).toThrow(TypeError);
      expect(() => {
        server().setScenario('bad', { runningPolls: -1 });
      }).toThrow(/runningPolls/);
    });

    it('changes the defaults with defaultScenario', async () => {
      const other = await startMockODataServer({ defaultScenario: { retryAfter: 7 }, scenarios: { mine: { outcome: 'Cancelled' } } });
      try {
        const url = `${other.v4Root}SalesReportGenerate`;
        const first = await fetch(url, postJson({ Year: 2024 }, { Prefer: 'respond-async', 'X-Mock-Scenario': 'mine' }));
        expect(header(first, 'retry-after')).toBe('7');
        other.defaultScenario({ runFor: 10_000 });
        // 'fast' sets runningPolls, which drops the inherited runFor.
        const fast = await fetch(url, postJson({ Year: 2024 }, { Prefer: 'respond-async', 'X-Mock-Scenario': 'fast' }));
        expect(header(await fetch(header(fast, 'location')), 'asyncresult')).toBe('200');
        const slow = await fetch(url, postJson({ Year: 2024 }, { Prefer: 'respond-async' }));
        expect((await fetch(header(slow, 'location'))).status).toBe(202);
        expect(() => {
          // @ts-expect-error: an invalid outcome, on purpose
          other.defaultScenario({ outcome: 'Maybe' });
        }).toThrow(TypeError);
      } finally {
        await other.close();
      }
    });
  });

  describe('CORS', () => {
    it('answers a preflight with methods, the requested headers, Max-Age and the origin', async () => {
      server().clearLog();
      const res = await fetch(`${server().v4Root}SalesReportGenerate`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:4200',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'prefer,x-csrf-token,x-mock-scenario',
        },
      });
      expect(res.status).toBe(204);
      expect(header(res, 'access-control-allow-methods')).toContain('DELETE');
      expect(header(res, 'access-control-allow-headers')).toBe('prefer,x-csrf-token,x-mock-scenario');
      expect(header(res, 'access-control-max-age')).toBe('600');
      expect(header(res, 'access-control-allow-origin')).toBe('http://localhost:4200');
      expect(header(res, 'access-control-allow-credentials')).toBe('true');
      expect(server().requests.map((r) => [r.method, r.status])).toEqual([['OPTIONS', 204]]);
    });

    it('exposes the async headers on every answer, and allows only listed origins', async () => {
      const local = await fetch(`${server().v4Root}nope`, { headers: { Origin: 'http://127.0.0.1:9876' } });
      expect(header(local, 'access-control-expose-headers')).toBe(
        'Location, Retry-After, AsyncResult, X-CSRF-Token, Preference-Applied, OData-Version, sap-message, sap-messages, Azure-AsyncOperation, Operation-Location, DataServiceVersion',
      );
      expect(header(local, 'access-control-allow-origin')).toBe('http://127.0.0.1:9876');
      const foreign = await fetch(server().v4Root, { headers: { Origin: 'https://evil.example' } });
      expect(header(foreign, 'access-control-expose-headers')).toContain('AsyncResult');
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(server().v4Root, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    });

    it('takes the allowed origins from options.corsOrigins (a list or a predicate)', async () => {
      const listed = await startMockODataServer({ corsOrigins: ['https://app.example'] });
      const predicate = await startMockODataServer({ corsOrigins: (origin) => origin.endsWith('.corp') });
      try {
        const ok = await fetch(listed.v4Root, { headers: { Origin: 'https://app.example' } });
        expect(header(ok, 'access-control-allow-origin')).toBe('https://app.example');
        const local = await fetch(listed.v4Root, { headers: { Origin: 'http://localhost:4200' } });
        expect(local.headers.get('access-control-allow-origin')).toBeNull();
        const corp = await fetch(predicate.v4Root, { headers: { Origin: 'https://intra.corp' } });
        expect(header(corp, 'access-control-allow-origin')).toBe('https://intra.corp');
      } finally {
        await Promise.all([listed.close(), predicate.close()]);
      }
    });
  });

  describe('robustness', () => {
    it('survives requests the HTTP parser refuses', async () => {
      const answer = await rawExchange(portOf(server().origin), 'THIS IS NOT HTTP\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      expect((await fetch(server().v4Root)).status).toBe(200);
    });

    it('answers 400 for malformed percent-encoding in the path', async () => {
      const res = await rawRequest(`${server().v4Root}Orders(%E0%A4%A)`);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BadRequest' } });
      const azure = await rawRequest(`${server().azureRoot}monitor/x?a=%ZZ`);
      expect(azure.status).toBe(400);
    });

    it('answers 413 to a body over 1 MiB and closes that connection', async () => {
      const res = await rawRequest(`${server().v4Root}SalesReportGenerate`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }).catch(
        (error: unknown) => error,
      );
      // Node may reset the socket while the client is still sending; either way the server lives on.
      if (!(res instanceof Error)) expect(pick(res, 'status')).toBe(413);
      expect((await fetch(server().v4Root)).status).toBe(200);
    });

    it('turns a handler that throws into a 500 error body and keeps serving', async () => {
      server().setScenario('unserializable', { sync: true, result: { big: 10n } });
      const res = await fetch(`${server().v4Root}SalesReportGenerate`, postJson({ Year: 2024 }, { 'X-Mock-Scenario': 'unserializable' }));
      expect(res.status).toBe(500);
      expect(await bodyOf(res)).toMatchObject({ error: { code: 'InternalServerError', message: expect.stringContaining('BigInt') } });
      const delayed = await fetch(
        `${server().v4Root}SalesReportGenerate`,
        postJson(
          { Year: 2024 },
          {
            Prefer: 'respond-async, wait=1',
            'X-Mock-Scenario': 'unserializable',
            'X-Mock-Scenario-Json': '{"sync":false,"runFor":5}',
          },
        ),
      );
      expect(delayed.status).toBe(500);
      expect((await fetch(server().v4Root)).status).toBe(200);
    });

    it('turns a header value Node refuses (CR/LF from a scenario) into a 500 without the bad header, and keeps serving', async () => {
      const res = await fetch(
        `${server().v4Root}SalesReportGenerate`,
        postJson({ Year: 2024 }, { Prefer: 'respond-async', 'X-Mock-Scenario-Json': JSON.stringify({ retryAfter: '1\r\nX-Injected: yes' }) }),
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('x-injected')).toBeNull();
      expect(res.headers.get('location')).toBeNull();
      expect(await bodyOf(res)).toMatchObject({ error: { code: 'InternalServerError' } });
      expect((await fetch(server().v4Root)).status).toBe(200);
    });

    it('treats a header named __proto__ as a plain header', async () => {
      server().clearLog();
      await rawRequest(server().v4Root, { headers: { ['__proto__']: 'x' } });
      expect(server().requests[0]?.headers['__proto__']).toBe('x');
      expect(Object.getPrototypeOf(server().requests[0]?.headers)).toBe(Object.prototype);
    });
  });

  describe('options and lifecycle', () => {
    it('refuses bad options with a TypeError', async () => {
      await expect(startMockODataServer({ port: -1 })).rejects.toThrow(TypeError);
      await expect(startMockODataServer({ port: 1.5 })).rejects.toThrow(/port/);
      // @ts-expect-error: corsOrigins of the wrong type, on purpose
      await expect(startMockODataServer({ corsOrigins: 'x' })).rejects.toThrow(/corsOrigins/);
      // @ts-expect-error: an invalid outcome, on purpose
      await expect(startMockODataServer({ scenarios: { bad: { outcome: 'Nope' } } })).rejects.toThrow(/outcome/);
    });

    it('listens on the requested port, and rejects when it is taken', async () => {
      const first = await startMockODataServer();
      const port = portOf(first.origin);
      await expect(startMockODataServer({ port })).rejects.toThrow(/EADDRINUSE/);
      await first.close();
      const second = await startMockODataServer({ port });
      expect(second.origin).toBe(`http://127.0.0.1:${port}`);
      await second.close();
    });

    it('closes idempotently, destroying open connections and pending timers', async () => {
      const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
      const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
      const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
      const other = await startMockODataServer();
      try {
        const whileOpen = servers();
        const start = await fetch(
          `${other.v4Root}SalesReportGenerate`,
          postJson(
            { Year: 2024 },
            {
              Prefer: 'respond-async',
              'X-Mock-Scenario-Json': '{"faults":[{"at":1,"kind":"slow","delayMs":60000}]}',
            },
          ),
        );
        const pending = fetch(header(start, 'location'));
        await waitFor(() => other.requests.length === 2);
        const slowTimer = setTimeoutSpy.mock.results.find((_, i) => setTimeoutSpy.mock.calls[i]?.[1] === 60000)?.value;
        expect(slowTimer).toBeDefined();
        const closing = other.close();
        expect(other.close()).toBe(closing);
        await closing;
        expect(clearTimeoutSpy).toHaveBeenCalledWith(slowTimer);
        await expect(pending).rejects.toThrow();
        await other.close();
        // Other suites' handles come and go, so compare with this server open, and prove the port is shut.
        expect(servers()).toBeLessThan(whileOpen);
        await expect(fetch(other.v4Root)).rejects.toThrow();
        expect(other.requests.map((r) => r.aborted)).toEqual([undefined, true]);
      } finally {
        setTimeoutSpy.mockRestore();
        clearTimeoutSpy.mockRestore();
        await other.close();
      }
    });
  });
});
