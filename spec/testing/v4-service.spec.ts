import { bodyOf, header, pick, pollToEnd, postJson, rawRequest, useMockServer } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const ASYNC = { Prefer: 'respond-async' };

describe('mock OData v4 service', () => {
  const server = useMockServer();
  const generate = (headers: Record<string, string> = {}, body: unknown = { Year: 2024 }): Promise<Response> =>
    fetch(`${server().v4Root}SalesReportGenerate`, postJson(body, headers));

  describe('unbound action SalesReportGenerate', () => {
    it('answers synchronously without Prefer: respond-async', async () => {
      const res = await generate({}, { Year: 2024, Region: 'EMEA' });
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toBeNull();
      expect(await bodyOf(res)).toMatchObject({ '@odata.context': '$metadata#Sales.SalesReport', Year: 2024, Region: 'EMEA', Rows: 3 });
    });

    it('answers 202 with an absolute Location and Preference-Applied', async () => {
      const res = await generate(ASYNC);
      expect(res.status).toBe(202);
      expect(header(res, 'preference-applied')).toBe('respond-async');
      expect(header(res, 'location')).toMatch(new RegExp(`^${server().v4Root.replace(/[.$]/g, '\\$&')}\\$monitor/\\w+$`));
      expect(header(res, 'odata-version')).toBe('4.01');
      expect(res.headers.get('retry-after')).toBeNull();
    });

    it('runs two polls, then completes with AsyncResult: 200 and the result', async () => {
      const start = await generate(ASYNC);
      const { statuses, last } = await pollToEnd(header(start, 'location'));
      expect(statuses).toEqual([202, 202, 200]);
      expect(header(last, 'asyncresult')).toBe('200');
      expect(header(last, 'content-type')).toMatch(/^application\/json/);
      expect(await bodyOf(last)).toMatchObject({ Year: 2024, Total: 1234.5 });
    });

    it.each([
      [{}, "'Year' is missing"],
      [{ Year: '2024' }, 'Edm.Int32'],
      [{ Year: 2024.5 }, 'Edm.Int32'],
      [{ Year: 2024, Region: 7 }, 'Edm.String'],
      [{ Year: 2024, Quarter: 1 }, "no parameter 'Quarter'"],
      [[2024], 'JSON object'],
    ])('refuses the body %j with 400', async (body, message) => {
      const res = await generate({}, body);
      expect(res.status).toBe(400);
      expect(pick(await bodyOf(res), 'error', 'message')).toContain(message);
    });

    it('refuses bad JSON and an empty body with a v4 error', async () => {
      const bad = await fetch(`${server().v4Root}SalesReportGenerate`, { method: 'POST', body: '{"Year":' });
      expect(bad.status).toBe(400);
      expect(await bodyOf(bad)).toMatchObject({ error: { code: 'BadRequest', details: [] } });
      const empty = await fetch(`${server().v4Root}SalesReportGenerate`, { method: 'POST' });
      expect(empty.status).toBe(400);
    });

    it('answers 405 with Allow for GET', async () => {
      const res = await fetch(`${server().v4Root}SalesReportGenerate`);
      expect(res.status).toBe(405);
      expect(header(res, 'allow')).toBe('POST');
    });

    it('answers a synchronous failure, cancellation and no-content result', async () => {
      const failed = await generate({ 'X-Mock-Scenario': 'fail' });
      expect(failed.status).toBe(500);
      expect(await bodyOf(failed)).toMatchObject({ error: { code: 'REPORT_FAILED' } });
      const cancelled = await generate({ 'X-Mock-Scenario': 'cancelled' });
      expect(cancelled.status).toBe(503);
      const empty = await generate({ 'X-Mock-Scenario-Json': '{"result":null}' });
      expect(empty.status).toBe(204);
    });

    it('answers synchronously with Prefer: respond-async for a sync scenario', async () => {
      const res = await generate({ ...ASYNC, 'X-Mock-Scenario': 'sync' });
      expect(res.status).toBe(200);
    });
  });

  describe('completion forms (§11.6)', () => {
    const complete = async (headers: Record<string, string>): Promise<Response> => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'fast', ...headers });
      return fetch(header(start, 'location'));
    };

    it('uses AsyncResult for a 4.01 client', async () => {
      const res = await complete({ 'OData-MaxVersion': '4.01' });
      expect(header(res, 'asyncresult')).toBe('200');
    });

    it('uses the application/http envelope when Accept lists application/http', async () => {
      const res = await complete({ Accept: 'application/json, application/http' });
      expect(res.status).toBe(200);
      expect(header(res, 'content-type')).toBe('application/http');
      expect(header(res, 'content-encoding')).toBe('binary');
      expect(res.headers.get('asyncresult')).toBeNull();
      const text = await res.text();
      const [head = '', body = ''] = text.split('\r\n\r\n');
      expect(head.split('\r\n')).toEqual(['HTTP/1.1 200 OK', 'OData-Version: 4.01', 'Content-Type: application/json;charset=utf-8']);
      expect(JSON.parse(body)).toMatchObject({ Year: 2024 });
    });

    it('does not count application/http with q=0', async () => {
      const res = await complete({ Accept: 'application/http;q=0, application/json' });
      expect(header(res, 'asyncresult')).toBe('200');
    });

    it('uses AsyncResult for a 4.0 client whose Accept lacks application/http (*/* included)', async () => {
      const res = await complete({ 'OData-MaxVersion': '4.0', Accept: '*/*' });
      expect(header(res, 'asyncresult')).toBe('200');
      expect(header(res, 'odata-version')).toBe('4.0');
    });

    it('uses the envelope for a 4.0 client that sends no Accept at all', async () => {
      const start = await rawRequest(`${server().v4Root}SalesReportGenerate?mock-scenario=fast`, {
        method: 'POST',
        headers: { Prefer: 'respond-async', 'OData-MaxVersion': '4.0', 'Content-Type': 'application/json' },
        body: '{"Year":2024}',
      });
      expect(start.status).toBe(202);
      const res = await fetch(String(start.headers['location']));
      expect(header(res, 'content-type')).toBe('application/http');
      expect(await res.text()).toMatch(/^HTTP\/1\.1 200 OK\r\nOData-Version: 4\.0\r\n/);
    });

    it('lets the scenario force either form', async () => {
      expect(header(await complete({ 'X-Mock-Scenario-Json': '{"completion":"envelope"}' }), 'content-type')).toBe('application/http');
      const forced = await generate({ ...ASYNC, 'X-Mock-Scenario': 'asyncresult', Accept: 'application/http' });
      const { last } = await pollToEnd(header(forced, 'location'));
      expect(header(last, 'asyncresult')).toBe('200');
    });

    it('embeds a failure as AsyncResult: 500 with a v4 error, or as an embedded 500', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'fail' });
      const { last } = await pollToEnd(header(start, 'location'));
      expect(last.status).toBe(200);
      expect(header(last, 'asyncresult')).toBe('500');
      expect(await bodyOf(last)).toEqual({ error: { code: 'REPORT_FAILED', message: expect.any(String), details: [] } });

      const envelope = await complete({ 'X-Mock-Scenario-Json': '{"outcome":"Failed","completion":"envelope","errorStatus":400}' });
      const text = await envelope.text();
      expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(text).toContain('"code":"REPORT_FAILED"');
    });

    it('reports a cancellation by the service as an embedded 503', async () => {
      const res = await complete({ 'X-Mock-Scenario-Json': '{"outcome":"Cancelled"}' });
      expect(header(res, 'asyncresult')).toBe('503');
      expect(await bodyOf(res)).toMatchObject({ error: { code: 'Cancelled' } });
      const envelope = await complete({ 'X-Mock-Scenario-Json': '{"outcome":"Cancelled","completion":"envelope"}' });
      expect(await envelope.text()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    });

    it('completes a no-content result as AsyncResult: 204 or an embedded 204', async () => {
      const res = await complete({ 'X-Mock-Scenario-Json': '{"result":null}' });
      expect(header(res, 'asyncresult')).toBe('204');
      expect(await res.text()).toBe('');
      const envelope = await complete({ 'X-Mock-Scenario-Json': '{"result":null,"completion":"envelope"}' });
      expect(await envelope.text()).toBe('HTTP/1.1 204 No Content\r\nOData-Version: 4.01\r\n\r\n');
    });

    it('sends a custom result verbatim', async () => {
      const res = await complete({ 'X-Mock-Scenario-Json': '{"result":{"value":[1,2,3]}}' });
      expect(await bodyOf(res)).toEqual({ value: [1, 2, 3] });
    });
  });

  describe('status monitor', () => {
    it('answers 404 with a v4 error for an unknown monitor', async () => {
      const res = await fetch(`${server().v4Root}$monitor/nope`);
      expect(res.status).toBe(404);
      expect(await bodyOf(res)).toMatchObject({ error: { code: 'NotFound' } });
    });

    it('finds a monitor whose path is percent-encoded', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'fast' });
      const res = await fetch(header(start, 'location').replace('$monitor', '%24monitor'));
      expect(res.status).toBe(200);
    });

    it('sends Retry-After in seconds on every 202', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario-Json': '{"retryAfter":3}' });
      expect(header(start, 'retry-after')).toBe('3');
      const poll = await fetch(header(start, 'location'));
      expect(poll.status).toBe(202);
      expect(header(poll, 'retry-after')).toBe('3');
    });

    it('sends Retry-After as an HTTP-date about 2 s ahead for retry-after-date', async () => {
      // Bounded by the clock before and after the exchange, not by "now": a busy machine may take a while to answer.
      const before = Date.now();
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'retry-after-date' });
      const after = Date.now();
      const date = Date.parse(header(start, 'retry-after'));
      expect(date).toBeGreaterThan(before);
      expect(date).toBeLessThanOrEqual(after + 2000);
    });

    it('sends a junk Retry-After verbatim', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario-Json': '{"retryAfter":"soon-ish"}' });
      expect(header(start, 'retry-after')).toBe('soon-ish');
    });

    it('gives a new Location on each running 202 with changing-location', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'changing-location' });
      const first = header(start, 'location');
      const poll1 = await fetch(first);
      const second = header(poll1, 'location');
      const poll2 = await fetch(second);
      const third = header(poll2, 'location');
      expect(new Set([first, second, third]).size).toBe(3);
      const done = await fetch(third);
      expect(header(done, 'asyncresult')).toBe('200');
      const info = server()
        .operations()
        .find((op) => op.monitorUrls.includes(first));
      expect(info?.monitorUrls).toEqual([first, second, third]);
      expect(info?.monitorUrl).toBe(third);
    });

    it('writes relative Locations that resolve against the request URL', async () => {
      const url = `${server().v4Root}SalesReportGenerate`;
      const start = await fetch(url, postJson({ Year: 2024 }, { ...ASYNC, 'X-Mock-Scenario': 'relative-location' }));
      const location = header(start, 'location');
      expect(location).toMatch(/^\$monitor\/\w+$/);
      const monitor = new URL(location, url).href;
      const poll = await fetch(monitor);
      expect(poll.status).toBe(202);
      expect(new URL(header(poll, 'location'), monitor).href).toBe(monitor);

      const bound = `${server().v4Root}Orders('42')/Sales.Approve`;
      const approve = await fetch(bound, postJson({}, { ...ASYNC, 'X-Mock-Scenario': 'relative-location' }));
      expect(header(approve, 'location')).toMatch(/^\.\.\/\$monitor\/\w+$/);
      expect((await fetch(new URL(header(approve, 'location'), bound))).status).toBe(202);
    });

    it("writes absolute-path Locations with relativeLocation: 'absolute-path'", async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario-Json': '{"relativeLocation":"absolute-path"}' });
      expect(header(start, 'location')).toMatch(/^\/odata\/v4\/sales\/\$monitor\/\w+$/);
    });

    it('answers 202 without Location for no-location, and a foreign Location for foreign-location', async () => {
      const none = await generate({ ...ASYNC, 'X-Mock-Scenario': 'no-location' });
      expect(none.status).toBe(202);
      expect(none.headers.get('location')).toBeNull();
      const foreign = await generate({ ...ASYNC, 'X-Mock-Scenario': 'foreign-location' });
      expect(header(foreign, 'location')).toBe('https://attacker.invalid/odata/$monitor/stolen');
    });

    it('runs by wall time with runFor', async () => {
      // Only the clock is fake (timers, sockets and fetch are real): the polls land inside runFor
      // however slow the machine, and the time then passes at once.
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        const start = await generate({ ...ASYNC, 'X-Mock-Scenario-Json': '{"runFor":80}' });
        const monitor = header(start, 'location');
        expect((await fetch(monitor)).status).toBe(202);
        jest.setSystemTime(Date.now() + 79);
        expect((await fetch(monitor)).status).toBe(202);
        jest.setSystemTime(Date.now() + 1);
        expect(header(await fetch(monitor), 'asyncresult')).toBe('200');
      } finally {
        jest.useRealTimers();
      }
    });

    it('shows progress in a body on running 202s when the scenario sets it', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'slow-progress' });
      const monitor = header(start, 'location');
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i += 1) {
        const res = await fetch(monitor);
        seen.push(res.status === 202 ? pick(await bodyOf(res), 'percentComplete') : res.status);
      }
      expect(seen).toEqual([20, 40, 60, 80, 100, 200]);
    });

    it('deletes the monitor after the first completed GET (404, or 410 for gone)', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'delete-after-complete' });
      const monitor = header(start, 'location');
      expect(header(await fetch(monitor), 'asyncresult')).toBe('200');
      expect((await fetch(monitor)).status).toBe(404);
      const gone = await generate({ ...ASYNC, 'X-Mock-Scenario': 'gone' });
      const goneMonitor = header(gone, 'location');
      expect((await fetch(goneMonitor)).status).toBe(200);
      const late = await fetch(goneMonitor);
      expect(late.status).toBe(410);
      expect(await bodyOf(late)).toMatchObject({ error: { code: 'Gone' } });
    });

    it('keeps answering the completion when the monitor is not deleted', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'fast' });
      const monitor = header(start, 'location');
      expect(header(await fetch(monitor), 'asyncresult')).toBe('200');
      expect(header(await fetch(monitor), 'asyncresult')).toBe('200');
    });

    it('cancels synchronously on DELETE: 204, then 404', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'never' });
      const monitor = header(start, 'location');
      expect((await fetch(monitor, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(monitor)).status).toBe(404);
      expect((await fetch(monitor, { method: 'DELETE' })).status).toBe(404);
      expect(
        server()
          .operations()
          .find((op) => op.monitorUrl === monitor),
      ).toMatchObject({ state: 'Cancelled', deleted: true });
    });

    it('cancels asynchronously: 202 with a new Location that completes on its first poll', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'cancel-async' });
      const monitor = header(start, 'location');
      const cancel = await fetch(monitor, { method: 'DELETE' });
      expect(cancel.status).toBe(202);
      const cancelMonitor = header(cancel, 'location');
      expect(cancelMonitor).not.toBe(monitor);
      const done = await fetch(cancelMonitor);
      expect(done.status).toBe(200);
      expect(header(done, 'asyncresult')).toBe('204');
      expect((await fetch(monitor)).status).toBe(404);
      expect(
        server()
          .operations()
          .find((op) => op.monitorUrl === cancelMonitor),
      ).toMatchObject({ kind: 'cancel', state: 'Succeeded' });
    });

    it('refuses DELETE with 405 and Allow: GET when cancel is unsupported', async () => {
      const start = await generate({ ...ASYNC, 'X-Mock-Scenario': 'cancel-unsupported' });
      const monitor = header(start, 'location');
      const res = await fetch(monitor, { method: 'DELETE' });
      expect(res.status).toBe(405);
      expect(header(res, 'allow')).toBe('GET');
      expect((await fetch(monitor)).status).toBe(202);
    });

    it('answers 405 for other methods on a monitor', async () => {
      const start = await generate({ ...ASYNC });
      const res = await fetch(header(start, 'location'), { method: 'PUT' });
      expect(res.status).toBe(405);
      expect(header(res, 'allow')).toBe('GET, HEAD, DELETE');
    });
  });

  describe('Prefer: wait', () => {
    it('answers synchronously when the operation ends within the wait', async () => {
      const began = Date.now();
      const res = await generate({ Prefer: 'respond-async, wait=5', 'X-Mock-Scenario-Json': '{"runFor":60}' });
      expect(res.status).toBe(200);
      expect(Date.now() - began).toBeGreaterThanOrEqual(50);
      const fast = await generate({ Prefer: 'respond-async, wait=1', 'X-Mock-Scenario': 'fast' });
      expect(fast.status).toBe(200);
    });

    it('answers 202 when the operation outlasts the wait', async () => {
      const res = await generate({ Prefer: 'respond-async,wait=1', 'X-Mock-Scenario-Json': '{"runFor":5000}' });
      expect(res.status).toBe(202);
    });
  });

  describe('bound action Orders(key)/Sales.Approve', () => {
    const approve = (key: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
      fetch(`${server().v4Root}Orders(${key})/Sales.Approve`, postJson(body, headers));

    it('approves synchronously with the non-binding parameters', async () => {
      const res = await approve("'42'", { Comment: 'ok' });
      expect(res.status).toBe(200);
      expect(await bodyOf(res)).toMatchObject({ '@odata.context': '$metadata#Orders/$entity', ID: '42', Status: 'Approved', Comment: 'ok' });
      const named = await approve("ID='43'", {});
      expect(await bodyOf(named)).toMatchObject({ ID: '43', Comment: null });
    });

    it('takes an empty body', async () => {
      const res = await fetch(`${server().v4Root}Orders('42')/Sales.Approve`, { method: 'POST' });
      expect(res.status).toBe(200);
    });

    it('runs asynchronously with Prefer: respond-async', async () => {
      const res = await approve("'42'", { Comment: 'ok' }, ASYNC);
      expect(res.status).toBe(202);
      const { last } = await pollToEnd(header(res, 'location'));
      expect(await bodyOf(last)).toMatchObject({ ID: '42', Status: 'Approved' });
    });

    it.each([
      ["'99'", {}, 404],
      ['42', {}, 400],
      ["'4'2'", {}, 400],
      ["'42'", { Order: '42' }, 400],
      ["'42'", { Comment: 5 }, 400],
      ["'42'", 'text', 400],
    ])('answers Orders(%s) with body %j: %i', async (key, body, status) => {
      expect((await approve(key, body)).status).toBe(status);
    });

    it('answers 404 for an unqualified or unknown bound action, 405 for GET', async () => {
      expect((await fetch(`${server().v4Root}Orders('42')/Approve`, postJson({}))).status).toBe(404);
      expect((await fetch(`${server().v4Root}Orders('42')/Sales.Approve/x`, postJson({}))).status).toBe(404);
      expect((await fetch(`${server().v4Root}Orders('42')/Sales.Approve`)).status).toBe(405);
    });

    it('reads orders', async () => {
      const all = await fetch(`${server().v4Root}Orders`);
      expect(pick(await bodyOf(all), 'value', 1, 'ID')).toBe('43');
      const one = await fetch(`${server().v4Root}Orders('42')`);
      expect(await bodyOf(one)).toMatchObject({ ID: '42', Customer: 'ACME Corp' });
      expect((await fetch(`${server().v4Root}Orders/x`)).status).toBe(404);
    });
  });

  describe('function ReportStatusSummary', () => {
    const call = (args: string, query = '', init: RequestInit = {}): Promise<Response> => fetch(`${server().v4Root}ReportStatusSummary(${args})${query}`, init);

    it('answers a collection in a value wrapper', async () => {
      const res = await call("Year=2024,Region='EMEA'");
      expect(res.status).toBe(200);
      const body = await bodyOf(res);
      expect(pick(body, '@odata.context')).toBe('$metadata#Collection(Sales.StatusSummary)');
      expect(pick(body, 'value', 0)).toEqual({ Year: 2024, Region: 'EMEA', Status: 'Ready', Count: 3 });
    });

    it('resolves parameter aliases from the query string', async () => {
      const res = await call('Year=@y,Region=@r', `?@y=2024&@r=${encodeURIComponent("'O''Neil, (West)'")}`);
      expect(pick(await bodyOf(res), 'value', 0, 'Region')).toBe("O'Neil, (West)");
    });

    it('runs asynchronously with Prefer: respond-async', async () => {
      const res = await call("Year=2024,Region='EMEA'", '', { headers: ASYNC });
      expect(res.status).toBe(202);
    });

    it.each([
      "Year=20x4,Region='EMEA'",
      'Year=2024,Region=EMEA',
      "Year=2024,Region='EM'EA'",
      "Year=2024,Region='EMEA",
      'Year=2024',
      "Region='EMEA'",
      "Year='2024',Region='EMEA'",
      "Year=2024,Year=2025,Region='EMEA'",
      "Year=2024,Region='EMEA',Extra=1",
      "Year=2024,,Region='EMEA'",
      "2024,'EMEA'",
      'Year=@y,Region=@r',
    ])('answers 400 for (%s)', async (args) => {
      const res = await call(args);
      expect(res.status).toBe(400);
      expect(await bodyOf(res)).toMatchObject({ error: { code: 'BadRequest' } });
    });

    it('answers 400 without parentheses and 405 for POST', async () => {
      expect((await fetch(`${server().v4Root}ReportStatusSummary`)).status).toBe(400);
      expect((await call("Year=2024,Region='EMEA'", '', { method: 'POST' })).status).toBe(405);
    });
  });

  describe('EchoLiterals', () => {
    it('echoes the type and exact value of each literal', async () => {
      const args = [
        "s='it''s'",
        'i=42',
        'big=9007199254740993',
        'huge=99999999999999999999',
        'd=12.50',
        'x=1.5e3',
        'inf=-INF',
        'b=true',
        'n=null',
        'g=01234567-89ab-cdef-0123-456789abcdef',
        'day=2024-02-29',
        'at=2024-01-31T10:00:00Z',
        'off=2024-01-31T10:00:00.123%2B01:00',
        't=10:30:00',
        "dur=duration'P1DT2H'",
        "bin=binary'AQID'",
      ].join(',');
      const res = await fetch(`${server().v4Root}EchoLiterals(${args})`);
      expect(res.status).toBe(200);
      expect(pick(await bodyOf(res), 'value')).toEqual({
        s: { type: 'Edm.String', value: "it's" },
        i: { type: 'Edm.Int32', value: 42 },
        big: { type: 'Edm.Int64', value: '9007199254740993' },
        huge: { type: 'Edm.Decimal', value: '99999999999999999999' },
        d: { type: 'Edm.Decimal', value: '12.50' },
        x: { type: 'Edm.Double', value: 1500 },
        inf: { type: 'Edm.Double', value: '-INF' },
        b: { type: 'Edm.Boolean', value: true },
        n: { type: 'Null', value: null },
        g: { type: 'Edm.Guid', value: '01234567-89ab-cdef-0123-456789abcdef' },
        day: { type: 'Edm.Date', value: '2024-02-29' },
        at: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00Z' },
        off: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00.123+01:00' },
        t: { type: 'Edm.TimeOfDay', value: '10:30:00' },
        dur: { type: 'Edm.Duration', value: 'P1DT2H' },
        bin: { type: 'Edm.Binary', value: 'AQID' },
      });
    });

    it('answers 400 for a malformed literal', async () => {
      const res = await fetch(`${server().v4Root}EchoLiterals(d=2023-02-29)`);
      expect(res.status).toBe(400);
      expect(pick(await bodyOf(res), 'error', 'message')).toContain('not a real date');
    });
  });

  describe('service document and metadata', () => {
    it('serves the service document and $metadata', async () => {
      const doc = await fetch(server().v4Root);
      expect(pick(await bodyOf(doc), 'value', 0, 'name')).toBe('Orders');
      const metadata = await fetch(`${server().v4Root}$metadata`);
      expect(header(metadata, 'content-type')).toBe('application/xml');
      expect(await metadata.text()).toContain('<Action Name="SalesReportGenerate">');
    });

    it('answers 404 with a v4 error for unknown resources', async () => {
      for (const path of ['Nope', 'Nope/More', 'SalesReportGenerate(1)', 'SalesReportGenerate/x', '!bad']) {
        const res = await fetch(`${server().v4Root}${path}`);
        expect(res.status).toBe(404);
        expect(await bodyOf(res)).toMatchObject({ error: { code: 'NotFound' } });
      }
    });
  });
});
