import { bodyOf, header, pick, postJson, rawRequest, useMockServer } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

interface Session {
  readonly token: string;
  readonly cookie: string;
}

describe('mock SAP Gateway v2 service', () => {
  const server = useMockServer();

  async function fetchToken(cookie?: string): Promise<Session & { readonly setCookie: string[] }> {
    const res = await fetch(server().v2Root, { headers: { 'X-CSRF-Token': 'Fetch', ...(cookie ? { Cookie: cookie } : {}) } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie();
    return { token: header(res, 'x-csrf-token'), cookie: setCookie.map((c) => c.split(';')[0]).join('; '), setCookie };
  }

  const modifying = (session: Session, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'X-CSRF-Token': session.token, Cookie: session.cookie, ...headers },
  });

  describe('CSRF', () => {
    it('issues a token and the SAP session and XSRF cookies on GET with X-CSRF-Token: Fetch', async () => {
      const { token, setCookie } = await fetchToken();
      expect(token).toMatch(/^[\w-]{16,}$/);
      expect(setCookie).toEqual([
        expect.stringMatching(/^SAP_SESSIONID_ABC_100=\w+; path=\/; HttpOnly$/),
        expect.stringMatching(/^sap-XSRF_ABC_100=[\w-]+; path=\/sap$/),
      ]);
    });

    it('issues a token on HEAD too, and none without Fetch', async () => {
      const head = await fetch(server().v2Root, { method: 'HEAD', headers: { 'X-CSRF-Token': 'fetch' } });
      expect(head.status).toBe(200);
      expect(header(head, 'x-csrf-token')).not.toBe('');
      const plain = await fetch(server().v2Root);
      expect(plain.headers.get('x-csrf-token')).toBeNull();
      expect(await bodyOf(plain)).toEqual({ d: { EntitySets: ['Reports', 'OperationStatusSet'] } });
    });

    it('redirects the root without its slash (301) to the root with it', async () => {
      const res = await fetch(server().v2Root.slice(0, -1) + '?sap-client=100', { redirect: 'manual', headers: { 'X-CSRF-Token': 'Fetch' } });
      expect(res.status).toBe(301);
      expect(header(res, 'location')).toBe(`${server().v2Root}?sap-client=100`);
      expect(res.headers.get('x-csrf-token')).toBeNull();
    });

    it('answers 403 X-CSRF-Token: Required with a SAP error to a modifying request without a token', async () => {
      const res = await fetch(`${server().v2Root}SalesReportGenerate?Year=2024`, { method: 'POST' });
      expect(res.status).toBe(403);
      expect(header(res, 'x-csrf-token')).toBe('Required');
      expect(await bodyOf(res)).toMatchObject({ error: { message: { lang: 'en', value: 'CSRF token validation failed' } } });
    });

    it('answers 403 when the token comes without its session cookie, or with another session', async () => {
      const a = await fetchToken();
      const b = await fetchToken();
      const url = `${server().v2Root}SalesReportGenerate?Year=2024`;
      expect((await fetch(url, { method: 'POST', headers: { 'X-CSRF-Token': a.token } })).status).toBe(403);
      expect((await fetch(url, modifying({ token: a.token, cookie: b.cookie }))).status).toBe(403);
      expect((await fetch(url, modifying(a))).status).toBe(200);
    });

    it('checks the token before it looks at the path', async () => {
      expect((await fetch(`${server().v2Root}Nope`, { method: 'POST' })).status).toBe(403);
    });

    it('refuses every token after expireCsrfTokens(), and keeps the session on refetch', async () => {
      const session = await fetchToken();
      const url = `${server().v2Root}SalesReportGenerate?Year=2024`;
      expect((await fetch(url, modifying(session))).status).toBe(200);
      server().expireCsrfTokens();
      const refused = await fetch(url, modifying(session));
      expect(refused.status).toBe(403);
      expect(header(refused, 'x-csrf-token')).toBe('Required');
      const again = await fetchToken(session.cookie);
      expect(again.token).not.toBe(session.token);
      expect(again.setCookie[0]?.split(';')[0]).toBe(session.cookie.split('; ')[0]);
      expect((await fetch(url, modifying(again))).status).toBe(200);
    });

    it('replaces an unknown session cookie', async () => {
      const forged = await fetchToken('SAP_SESSIONID_ABC_100=forged');
      expect(forged.cookie).not.toContain('forged');
    });
  });

  describe('SalesReportGenerate function import', () => {
    let session: Session;
    beforeAll(async () => {
      session = await fetchToken();
    });
    const generate = (query: string, headers: Record<string, string> = {}): Promise<Response> =>
      fetch(`${server().v2Root}SalesReportGenerate?${query}`, modifying(session, headers));

    it('answers synchronously with the entity in a d wrapper', async () => {
      const res = await generate('Year=2024');
      expect(res.status).toBe(200);
      expect(header(res, 'dataserviceversion')).toBe('2.0');
      expect(pick(await bodyOf(res), 'd')).toMatchObject({ __metadata: { type: 'ZSALES_SRV.Report' }, Year: 2024, Total: '1234.50' });
    });

    it('runs asynchronously: 202 + OperationStatusSet monitor, status entity, ResultURL, result entity', async () => {
      const start = await generate(`Year=2023&Region=${encodeURIComponent("'EMEA'")}`, { Prefer: 'respond-async' });
      expect(start.status).toBe(202);
      expect(header(start, 'preference-applied')).toBe('respond-async');
      const monitor = header(start, 'location');
      expect(monitor).toMatch(new RegExp(`^${server().v2Root.replace(/\./g, '\\.')}OperationStatusSet\\('\\w+'\\)$`));

      const first = await fetch(monitor);
      expect(first.status).toBe(200);
      const running = pick(await bodyOf(first), 'd');
      expect(running).toMatchObject({ __metadata: { type: 'ZSALES_SRV.OperationStatus', uri: monitor }, Status: 'Running', PercentComplete: 33 });
      expect(pick(await bodyOf(await fetch(monitor)), 'd', 'PercentComplete')).toBe(67);
      const done = pick(await bodyOf(await fetch(monitor)), 'd');
      const id = pick(done, 'OperationId');
      expect(done).toMatchObject({ Status: 'Succeeded', PercentComplete: 100, ResultURL: `/sap/opu/odata/sap/ZSALES_SRV/Reports('${String(id)}')` });

      const result = await fetch(server().origin + String(pick(done, 'ResultURL')));
      expect(pick(await bodyOf(result), 'd')).toMatchObject({ ReportId: id, Year: 2023 });
      const status = await fetch(`${server().v2Root}GetReportStatus?ReportId=${encodeURIComponent(`'${String(id)}'`)}`);
      expect(await bodyOf(status)).toEqual({ d: { GetReportStatus: 'Succeeded' } });
      const all = await fetch(`${server().v2Root}Reports`);
      const ids = pick(await bodyOf(all), 'd', 'results');
      expect(Array.isArray(ids) && ids.map((r) => pick(r, 'ReportId'))).toContain(id);
    });

    it('reports Failed with Message and ErrorCode, and Cancelled', async () => {
      const failed = await generate('Year=2024&mock-scenario=fail', { Prefer: 'respond-async' });
      const monitor = header(failed, 'location');
      await fetch(monitor);
      await fetch(monitor);
      expect(pick(await bodyOf(await fetch(monitor)), 'd')).toMatchObject({
        Status: 'Failed',
        ErrorCode: 'REPORT_FAILED',
        Message: expect.stringContaining('no sales data'),
      });
      const cancelled = await generate('Year=2024', { Prefer: 'respond-async', 'X-Mock-Scenario-Json': '{"runningPolls":0,"outcome":"Cancelled"}' });
      expect(pick(await bodyOf(await fetch(header(cancelled, 'location'))), 'd', 'Status')).toBe('Cancelled');
    });

    it('answers synchronous failures with a SAP error body', async () => {
      const failed = await generate('Year=2024', { 'X-Mock-Scenario': 'fail' });
      expect(failed.status).toBe(500);
      expect(await bodyOf(failed)).toMatchObject({ error: { code: 'REPORT_FAILED', innererror: { errordetails: [{ severity: 'error' }] } } });
      expect((await generate('Year=2024', { 'X-Mock-Scenario': 'cancelled' })).status).toBe(503);
    });

    it('wraps a custom result as {"d": result}', async () => {
      const res = await generate('Year=2024', { 'X-Mock-Scenario-Json': '{"result":{"Custom":true}}' });
      expect(await bodyOf(res)).toEqual({ d: { Custom: true } });
    });

    it.each([
      ['', "mandatory parameter 'Year'"],
      ['Year=%272024%27', 'must be an Edm.Int32'],
      ['Year=2024L', 'must be an Edm.Int32'],
      ['Year=2024&Quarter=1', "no parameter 'Quarter'"],
      ['Year=2024&Year=2025', 'given twice'],
      ['Year=20x4', 'malformed URI literal'],
      ['Year=2024&mock-scenario=nope', 'unknown mock scenario'],
    ])('answers 400 with a SAP error for ?%s', async (query, message) => {
      const res = await generate(query);
      expect(res.status).toBe(400);
      const body = await bodyOf(res);
      expect(pick(body, 'error', 'message', 'value')).toContain(message);
      expect(pick(body, 'error', 'innererror', 'transactionid')).toMatch(/^[0-9A-F]{32}$/);
    });

    it('takes a null optional parameter and ignores $ and sap- parameters', async () => {
      expect((await generate('Year=2024&Region=null&$format=json&sap-client=100')).status).toBe(200);
    });

    it('answers 405 for GET', async () => {
      const res = await fetch(`${server().v2Root}SalesReportGenerate?Year=2024`);
      expect(res.status).toBe(405);
      expect(header(res, 'allow')).toBe('POST');
    });
  });

  describe('status monitor', () => {
    it('cancels with DELETE (CSRF required), then answers 404 with a SAP error', async () => {
      const session = await fetchToken();
      const start = await fetch(`${server().v2Root}SalesReportGenerate?Year=2024`, modifying(session, { Prefer: 'respond-async' }));
      const monitor = header(start, 'location');
      expect((await fetch(monitor, { method: 'DELETE' })).status).toBe(403);
      expect((await fetch(monitor, { method: 'DELETE', headers: { 'X-CSRF-Token': session.token, Cookie: session.cookie } })).status).toBe(204);
      const gone = await fetch(monitor);
      expect(gone.status).toBe(404);
      expect(await bodyOf(gone)).toMatchObject({ error: { code: 'NotFound', message: { lang: 'en' } } });
    });

    it('answers an async cancel with a new status entity', async () => {
      const session = await fetchToken();
      const start = await fetch(`${server().v2Root}SalesReportGenerate?Year=2024&mock-scenario=cancel-async`, modifying(session, { Prefer: 'respond-async' }));
      const cancel = await fetch(header(start, 'location'), { method: 'DELETE', headers: { 'X-CSRF-Token': session.token, Cookie: session.cookie } });
      expect(cancel.status).toBe(202);
      const done = pick(await bodyOf(await fetch(header(cancel, 'location'))), 'd');
      expect(done).toMatchObject({ Status: 'Succeeded' });
      expect(pick(done, 'ResultURL')).toBeUndefined();
    });

    it('sends Retry-After on running status answers', async () => {
      const session = await fetchToken();
      const start = await fetch(
        `${server().v2Root}SalesReportGenerate?Year=2024`,
        modifying(session, { Prefer: 'respond-async', 'X-Mock-Scenario-Json': '{"retryAfter":2}' }),
      );
      expect(header(start, 'retry-after')).toBe('2');
      expect(header(await fetch(header(start, 'location')), 'retry-after')).toBe('2');
    });

    it('answers 400 for a non-string key and 404 for an unknown one', async () => {
      expect((await fetch(`${server().v2Root}OperationStatusSet(42)`)).status).toBe(400);
      expect((await fetch(`${server().v2Root}OperationStatusSet('nope')`)).status).toBe(404);
    });
  });

  describe('other function imports and entity sets', () => {
    it('answers GetReportStatus with a primitive in a d wrapper', async () => {
      const res = await fetch(`${server().v2Root}GetReportStatus?ReportId=%2742%27`);
      expect(await bodyOf(res)).toEqual({ d: { GetReportStatus: 'Succeeded' } });
      expect((await fetch(`${server().v2Root}GetReportStatus?ReportId=%27x%27`)).status).toBe(404);
      expect((await fetch(`${server().v2Root}GetReportStatus`)).status).toBe(400);
    });

    it('answers Reports as a collection and Reports(key) as an entity', async () => {
      const all = await fetch(`${server().v2Root}Reports`);
      expect(pick(await bodyOf(all), 'd', 'results', 0, 'ReportId')).toBe('42');
      const one = await fetch(`${server().v2Root}Reports('42')`);
      expect(pick(await bodyOf(one), 'd', '__metadata', 'uri')).toBe(`${server().v2Root}Reports('42')`);
      expect((await fetch(`${server().v2Root}Reports('nope')`)).status).toBe(404);
      expect((await fetch(`${server().v2Root}Reports(42)`)).status).toBe(400);
    });

    it('serves $metadata', async () => {
      const res = await fetch(`${server().v2Root}$metadata`);
      expect(await res.text()).toContain('m:HttpMethod="POST"');
    });

    it('answers 404 with a SAP error for unknown resources', async () => {
      for (const path of ['Nope', 'Reports/x', 'GetReportStatus(1)', 'Bad-Name']) {
        const res = await fetch(`${server().v2Root}${path}`);
        expect(res.status).toBe(404);
        expect(await bodyOf(res)).toMatchObject({ error: { code: '/IWBEP/CM_MGW_RT/021' } });
      }
    });
  });

  describe('EchoLiterals', () => {
    const echo = (params: Record<string, string>): Promise<Response> =>
      fetch(
        `${server().v2Root}EchoLiterals?${Object.entries(params)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join('&')}`,
      );

    it('round-trips every v2 literal form', async () => {
      const res = await echo({
        Str: "'O''Neil & Sons'",
        When: "datetime'2024-01-31T00:00:00'",
        At: "datetimeoffset'2024-01-31T10:00:00+01:00'",
        Time: "time'PT10H30M'",
        Id: "guid'01234567-89ab-cdef-0123-456789abcdef'",
        Amount: '12.50M',
        Big: '9007199254740993L',
        Dbl: '1.5D',
        Sgl: '1.5F',
        Bin: "X'0a1b'",
        Bin2: "binary'FF00'",
        Yes: 'true',
        No: 'false',
        Nothing: 'null',
        Int: '-42',
      });
      expect(res.status).toBe(200);
      expect(pick(await bodyOf(res), 'd', 'EchoLiterals')).toEqual({
        Str: { type: 'Edm.String', value: "O'Neil & Sons", literal: "'O''Neil & Sons'" },
        When: { type: 'Edm.DateTime', value: '2024-01-31T00:00:00', literal: "datetime'2024-01-31T00:00:00'" },
        At: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00+01:00', literal: "datetimeoffset'2024-01-31T10:00:00+01:00'" },
        Time: { type: 'Edm.Time', value: 'PT10H30M', literal: "time'PT10H30M'" },
        Id: { type: 'Edm.Guid', value: '01234567-89ab-cdef-0123-456789abcdef', literal: "guid'01234567-89ab-cdef-0123-456789abcdef'" },
        Amount: { type: 'Edm.Decimal', value: '12.50', literal: '12.50M' },
        Big: { type: 'Edm.Int64', value: '9007199254740993', literal: '9007199254740993L' },
        Dbl: { type: 'Edm.Double', value: 1.5, literal: '1.5D' },
        Sgl: { type: 'Edm.Single', value: 1.5, literal: '1.5F' },
        Bin: { type: 'Edm.Binary', value: '0A1B', literal: "X'0a1b'" },
        Bin2: { type: 'Edm.Binary', value: 'FF00', literal: "binary'FF00'" },
        Yes: { type: 'Edm.Boolean', value: true, literal: 'true' },
        No: { type: 'Edm.Boolean', value: false, literal: 'false' },
        Nothing: { type: 'Null', value: null, literal: 'null' },
        Int: { type: 'Edm.Int32', value: -42, literal: '-42' },
      });
    });

    it('keeps a raw + as a plus sign (RFC 3986), so clients must encode spaces as %20', async () => {
      const res = await fetch(`${server().v2Root}EchoLiterals?At=datetimeoffset'2024-01-31T10:00:00+01:00'&S='a+b%20c'`);
      expect(pick(await bodyOf(res), 'd', 'EchoLiterals', 'At', 'value')).toBe('2024-01-31T10:00:00+01:00');
      const again = await fetch(`${server().v2Root}EchoLiterals?S='a+b%20c'`);
      expect(pick(await bodyOf(again), 'd', 'EchoLiterals', 'S', 'value')).toBe('a+b c');
    });

    it('answers 400 with the SAP literal error for a malformed literal', async () => {
      const res = await echo({ When: "datetime'2024-01-31T00:00:00Z'" });
      expect(res.status).toBe(400);
      expect(await bodyOf(res)).toEqual({
        error: {
          code: '/IWBEP/CM_MGW_RT/020',
          message: { lang: 'en', value: expect.stringContaining("Invalid value for parameter 'When'") },
          innererror: {
            transactionid: expect.any(String),
            timestamp: expect.stringMatching(/^\d{14}$/),
            errordetails: [{ code: '/IWBEP/CM_MGW_RT/020', message: expect.any(String), propertyref: '', severity: 'error', target: '' }],
          },
        },
      });
    });

    it('answers 400 for malformed percent-encoding', async () => {
      const res = await rawRequest(`${server().v2Root}EchoLiterals?A=%E0%A4%A`);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: { message: { value: expect.stringContaining('percent-encoding') } } });
    });

    it('answers 405 for POST (even with a token)', async () => {
      const session = await fetchToken();
      expect((await fetch(`${server().v2Root}EchoLiterals?A=1`, modifying(session))).status).toBe(405);
      expect((await fetch(server().v2Root, postJson({}, { 'X-CSRF-Token': session.token, Cookie: session.cookie }))).status).toBe(405);
    });
  });
});
