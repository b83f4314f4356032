/**
 * Error answers to a call, as a v4 service and SAP Gateway write them, read into ODataHttpError;
 * and SAP's success messages, which travel in headers.
 */
import { lastValueFrom } from 'rxjs';
import { ODataHttpError, type ODataClientConfig } from 'rxjs-odata-async';
import { SAP_ERROR, V4_ERROR, clientFor, ok, serve, settle, type Reply } from '../../support/scripted-server';

/** Calls `Run(Year=2024)` (body or query, by protocol) on a server answering `reply`; the call must fail with an ODataHttpError. */
async function failingCall(reply: Reply, config: Partial<ODataClientConfig> = {}): Promise<ODataHttpError> {
  const s = await serve({ 'POST /svc/Run': reply, 'POST /svc/Run?Year=2024': reply });
  const client = clientFor(s, config);
  const r = await settle(client.action('Run').parameter('Year', 2024).execute());
  expect(r.error).toBeInstanceOf(ODataHttpError);
  return r.error as ODataHttpError;
}

describe('error answers', () => {
  it('a v4 JSON error gives code, message, target, details and innererror, with the status, method and url of the call', async () => {
    const e = await failingCall({ status: 400, body: V4_ERROR });
    expect(e.status).toBe(400);
    expect(e.method).toBe('POST');
    expect(e.url).toMatch(/\/svc\/Run$/);
    expect(e.odataError).toMatchObject({
      code: 'SalesReport.Invalid',
      message: 'Year must be 2000 or later',
      target: 'Year',
      details: [{ code: 'Range', message: 'Year out of range', target: 'Year' }],
      innererror: { trace: 'abc' },
    });
    expect(e.code).toBe('SalesReport.Invalid');
    expect(e.target).toBe('Year');
    expect(e.details).toHaveLength(1);
  });

  it('a SAP v2 error: message {lang,value} is its value; errordetails become details (propertyref as target, severity); transactionid is kept', async () => {
    const e = await failingCall({ status: 400, body: SAP_ERROR }, { protocol: 'v2' });
    expect(e.odataError?.code).toBe('/IWBEP/CM_TEA/004');
    expect(e.odataError?.message).toBe('Resource not found for segment');
    expect(e.odataError?.details).toEqual([
      { code: 'ZSALES/001', message: 'Year is mandatory', target: 'Year', severity: 'error' },
      { code: 'ZSALES/002', message: 'Region unknown', target: 'Region', severity: 'warning' },
    ]);
    expect(e.odataError?.innererror).toMatchObject({ transactionid: '4C2FE5F6A1B20160E10080000A1D0F5C' });
  });

  it('v4 details come before SAP errordetails when a body has both', async () => {
    const body = {
      error: {
        code: 'X',
        message: 'm',
        details: [{ code: 'A', message: 'a' }],
        innererror: { errordetails: [{ code: 'B', message: 'b', severity: 'error' }] },
      },
    };
    const e = await failingCall({ status: 400, body });
    expect(e.odataError?.details.map((d) => d.code)).toEqual(['A', 'B']);
  });

  it('an error body with Content-Type application/json;charset=utf-8 (as SAP sends it) is parsed', async () => {
    const e = await failingCall(
      { status: 500, headers: { 'Content-Type': 'application/json;charset=utf-8' }, body: JSON.stringify(SAP_ERROR) },
      { protocol: 'v2' },
    );
    expect(e.status).toBe(500);
    expect(e.odataError?.message).toBe('Resource not found for segment');
  });

  it('a non-JSON error page (HTML from a proxy) is still an ODataHttpError with its status', async () => {
    const s = await serve({ 'POST /svc/Run': { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Internal error</body></html>' } });
    const r = await settle(clientFor(s).action('Run').execute());
    expect(r.error).toBeInstanceOf(ODataHttpError);
    expect((r.error as ODataHttpError).status).toBe(500);
  });

  it('SAP success messages, sap-message (v2, one JSON object) and sap-messages (v4, an array), are readable in the headers', async () => {
    const msg = {
      code: 'ZSALES/100',
      message: 'Report queued',
      severity: 'info',
      target: '',
      details: [{ code: 'ZSALES/101', message: 'Rows: 3', severity: 'info' }],
    };
    const msgs = [{ code: 'A', message: 'one', numericSeverity: 1 }];
    const s = await serve({ 'POST /svc/Run': ok({ d: { Run: true } }, { 'sap-message': JSON.stringify(msg), 'sap-messages': JSON.stringify(msgs) }) });
    const result = await lastValueFrom(clientFor(s, { protocol: 'v2' }).action('Run').execute());
    expect(JSON.parse(result.headers['sap-message'] ?? 'null')).toEqual(msg);
    expect(JSON.parse(result.headers['sap-messages'] ?? 'null')).toEqual(msgs);
  });
});
