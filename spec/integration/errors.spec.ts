/**
 * PROTOCOL.md "Errors", end to end: OData v4 JSON errors and SAP Gateway v2 errors from the
 * embedded server, read into ODataHttpError / AsyncOpFailedError. Two shapes the embedded server
 * never sends (`errordetails[].message` as `{lang,value}`, and the `sap-message` / `sap-messages`
 * success headers) are served by a small node:http stub, still over real HTTP.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { AsyncOpFailedError, AsyncOpStatus, ODataHttpError, asyncOp$, createODataClient } from '../../lib/index';
import {
  expectInstance,
  settle,
  startStubServer,
  summary,
  testClient,
  useMockServer,
  type StubServer,
  type TestClient,
  type TestClientOptions,
} from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const server = useMockServer();
const V4 = '/odata/v4/sales/';
const V2 = '/sap/opu/odata/sap/ZSALES_SRV/';
const FAST = { pollInterval: 5 } as const;

const v4 = (options?: TestClientOptions): TestClient => testClient(server(), server().v4Root, options);
const v2 = (options?: TestClientOptions): TestClient => testClient(server(), server().v2Root, { protocol: 'v2', ...options });

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected an error, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('Errors (PROTOCOL "Errors")', () => {
  describe('Errors: OData v4 JSON {"error":{"code","message","target","details","innererror"}}', () => {
    it('Errors v4 JSON: a 400 from an action is an ODataHttpError with status, method, url and the parsed code, message, target, details', async () => {
      const c = v4();
      const error = await failure(lastValueFrom(c.client.action('SalesReportGenerate').parameter('Region', 'EMEA').execute()));
      const http = expectInstance(error, ODataHttpError);
      expect(http.name).toBe('ODataHttpError');
      expect(http.status).toBe(400);
      expect(http.method).toBe('POST');
      expect(http.url).toBe(`${server().v4Root}SalesReportGenerate`);
      expect(http.odataError).toEqual({ code: 'BadRequest', message: "The parameter 'Year' is missing", target: 'Year', details: [] });
      expect(http.body).toEqual({ error: { code: 'BadRequest', message: "The parameter 'Year' is missing", target: 'Year', details: [] } });
      expect(summary(await c.done())).toEqual([`POST ${V4}SalesReportGenerate 400`]);
    });

    it('Errors v4 JSON: a 405 keeps the response headers (Allow) next to the parsed error', async () => {
      const c = v4();
      const error = await failure(lastValueFrom(c.client.request({ method: 'GET', path: 'SalesReportGenerate' })));
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(405);
      expect(http.headers['allow']).toBe('POST');
      expect(http.odataError).toEqual({ code: 'MethodNotAllowed', message: 'GET is not allowed here', details: [] });
      expect(summary(await c.done())).toEqual([`GET ${V4}SalesReportGenerate 405`]);
    });

    it("Errors v4 JSON: a Failed operation's OData error (AsyncResult: 500) reaches AsyncOpFailedError.odataError and the Failed update", async () => {
      const c = v4({ scenario: 'fail', inline: { runningPolls: 0, error: { code: 'E_QUOTA', message: 'Quota of 3 reports per hour exceeded' } } });
      const { values, error } = await settle(c.client.action('SalesReportGenerate').parameter('Year', 2024).execute().pipe(asyncOp$(c.client, FAST)));
      const expected = { code: 'E_QUOTA', message: 'Quota of 3 reports per hour exceeded', details: [] };
      expect(values.map((u) => [u.status, u.poll])).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Failed, 1],
      ]);
      expect(values[1]?.error).toEqual(expected);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.odataError).toEqual(expected);
      expect(failed.message).toContain('E_QUOTA: Quota of 3 reports per hour exceeded');
      expect(await c.done()).toHaveLength(2);
    });
  });

  describe('Errors: SAP Gateway v2 {"error":{"code","message":{"lang","value"},"innererror":{"errordetails":[..]}}}', () => {
    it('Errors SAP v2: message {lang,value} and errordetails[].message as a string (strict literal parser 400)', async () => {
      const c = v2();
      const error = await failure(lastValueFrom(c.client.request({ method: 'GET', path: 'EchoLiterals?A=12.50' })));
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(400);
      const message = "Invalid value for parameter 'A': 12.50 has no type suffix: write 12.50M (Edm.Decimal), 12.50D (Edm.Double) or 12.50F (Edm.Single)";
      expect(http.odataError).toMatchObject({
        code: '/IWBEP/CM_MGW_RT/020',
        message,
        details: [{ code: '/IWBEP/CM_MGW_RT/020', message, severity: 'error' }],
      });
      expect(http.odataError?.innererror).toMatchObject({ transactionid: expect.stringMatching(/^[0-9A-F]{32}$/) });
      // The wire shape really was the Gateway one: {lang,value} on top, a plain string in errordetails.
      expect(http.body).toMatchObject({
        error: { message: { lang: 'en', value: message }, innererror: { errordetails: [{ message, propertyref: '', severity: 'error' }] } },
      });
      expect(summary(await c.done())).toEqual([`GET ${V2}EchoLiterals?A=12.50 400`]);
    });

    it('Errors SAP v2: a failed function import (synchronous 500) carries the Gateway code and message', async () => {
      const c = v2({ scenario: 'fail', preferAsync: false, csrf: 'always' });
      const error = await failure(lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', 2024).execute()));
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(500);
      expect(http.method).toBe('POST');
      expect(http.odataError).toMatchObject({
        code: 'REPORT_FAILED',
        message: 'Report generation failed: no sales data for the year',
        details: [{ code: 'REPORT_FAILED', message: 'Report generation failed: no sales data for the year', severity: 'error' }],
      });
      expect(summary(await c.done())).toEqual([`GET ${V2} 200`, `POST ${V2}SalesReportGenerate?Year=2024 500`]);
    });

    it('Errors SAP v2: a Failed OperationStatusSet entity (ErrorCode + Message) → AsyncOpFailedError with that code and message', async () => {
      const c = v2({ scenario: 'fail', inline: { runningPolls: 1 }, csrf: 'always' });
      const { values, error } = await settle(c.client.action('SalesReportGenerate').parameter('Year', 2024).execute().pipe(asyncOp$(c.client, FAST)));
      expect(values.map((u) => [u.status, u.poll, u.rawStatus])).toEqual([
        [AsyncOpStatus.Running, 0, undefined],
        [AsyncOpStatus.Running, 1, 'Running'],
        [AsyncOpStatus.Failed, 2, 'Failed'],
      ]);
      const failed = expectInstance(error, AsyncOpFailedError);
      expect(failed.odataError).toMatchObject({ code: 'REPORT_FAILED', message: 'Report generation failed: no sales data for the year' });
      expect(failed.update.body).toMatchObject({ d: { Status: 'Failed', ErrorCode: 'REPORT_FAILED' } });
      expect(await c.done()).toHaveLength(4);
    });

    it('Errors SAP v2: a CSRF refusal (csrf: never) is an ODataHttpError 403 with the Gateway error', async () => {
      const c = v2({ csrf: 'never' });
      const error = await failure(lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', 2024).execute()));
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(403);
      expect(http.headers['x-csrf-token']).toBe('Required');
      expect(http.odataError).toMatchObject({ code: '/IWFND/CM_BEC/026', message: 'CSRF token validation failed' });
      expect(summary(await c.done())).toEqual([`POST ${V2}SalesReportGenerate?Year=2024 403`]);
    });
  });

  describe('Errors and messages the embedded server never sends (node:http stub over 127.0.0.1)', () => {
    let stub: StubServer;
    const sapMessage = {
      code: 'ZSALES/001',
      message: 'Report 42 scheduled',
      severity: 'success',
      target: '',
      details: [{ code: 'ZSALES/002', message: 'Region EMEA has no data for May', severity: 'warning', target: '' }],
    };
    const sapMessages = [
      { code: 'ZSALES/001', message: 'Report 42 scheduled', numericSeverity: 1, target: '' },
      { code: 'ZSALES/002', message: 'Region EMEA has no data for May', numericSeverity: 2, target: 'Region' },
    ];
    beforeAll(async () => {
      stub = await startStubServer((req, res) => {
        const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (req.url?.startsWith('/sap/opu/odata/sap/ZSTUB_SRV/Fail')) {
          json(400, {
            error: {
              code: 'ZSALES/010',
              message: { lang: 'en', value: 'The report cannot be generated' },
              innererror: {
                transactionid: 'ABCDEF0123456789ABCDEF0123456789',
                errordetails: [
                  { code: 'ZSALES/011', message: { lang: 'en', value: 'Year 1999 is archived' }, propertyref: 'Year', severity: 'error', target: '' },
                  { code: 'ZSALES/012', message: 'Region is unknown', propertyref: '', severity: 'warning', target: 'Region' },
                ],
              },
            },
          });
        } else if (req.url?.startsWith('/sap/opu/odata/sap/ZSTUB_SRV/Check')) {
          json(200, { d: { Check: true } }, { 'sap-message': JSON.stringify(sapMessage) });
        } else if (req.url?.startsWith('/odata/v4/stub/Check')) {
          json(200, { '@odata.context': '$metadata#Edm.Boolean', value: true }, { 'sap-messages': JSON.stringify(sapMessages) });
        } else {
          json(404, { error: { code: 'NotFound', message: req.url ?? '' } });
        }
      });
    });
    afterAll(async () => {
      await stub.close();
    });

    it('Errors SAP v2: errordetails[].message as a {lang,value} object is accepted next to a plain string', async () => {
      const client = createODataClient({ serviceRoot: `${stub.origin}/sap/opu/odata/sap/ZSTUB_SRV/`, protocol: 'v2' });
      const before = stub.requests.length;
      const error = await failure(lastValueFrom(client.function('Fail').parameter('Year', 1999).execute()));
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(400);
      expect(http.odataError).toMatchObject({
        code: 'ZSALES/010',
        message: 'The report cannot be generated',
        details: [
          { code: 'ZSALES/011', message: 'Year 1999 is archived', target: 'Year', severity: 'error' },
          { code: 'ZSALES/012', message: 'Region is unknown', target: 'Region', severity: 'warning' },
        ],
      });
      expect(stub.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /sap/opu/odata/sap/ZSTUB_SRV/Fail?Year=1999']);
    });

    it('Errors SAP success messages: a v2 sap-message header (one JSON object with details) is visible in ActionResult.headers', async () => {
      const client = createODataClient({ serviceRoot: `${stub.origin}/sap/opu/odata/sap/ZSTUB_SRV/`, protocol: 'v2' });
      const before = stub.requests.length;
      const result = await lastValueFrom(client.function('Check').execute());
      expect(result.data).toBe(true);
      expect(JSON.parse(result.headers['sap-message'] ?? 'null')).toEqual(sapMessage);
      expect(stub.requests.length - before).toBe(1);
    });

    it('Errors SAP success messages: a v4 sap-messages header (a JSON array) is visible in ActionResult.headers', async () => {
      const client = createODataClient({ serviceRoot: `${stub.origin}/odata/v4/stub/` });
      const before = stub.requests.length;
      const result = await lastValueFrom(client.function('Check').execute());
      expect(result.data).toBe(true);
      expect(JSON.parse(result.headers['sap-messages'] ?? 'null')).toEqual(sapMessages);
      expect(stub.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /odata/v4/stub/Check()']);
    });
  });

  it('Errors SAP success messages: the embedded server names sap-message and sap-messages in Access-Control-Expose-Headers', async () => {
    const c = v2();
    const results = await lastValueFrom(c.client.function('GetReportStatus').parameter('ReportId', '42').execute().pipe(toArray()));
    const exposed = (results[0]?.headers['access-control-expose-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['sap-message', 'sap-messages', 'location', 'retry-after', 'asyncresult', 'x-csrf-token']));
    expect(await c.done()).toHaveLength(1);
  });
});
