/**
 * Issue 14 item 3, end to end: an operation call sent OData v4 style to a SAP Gateway v2 service
 * fails with the server's "mandatory parameter is missing", and the error says to set
 * `protocol: 'v2'`. The action goes to the embedded server's v2 service; the function (inline
 * parameters) to a stub that answers as SAP Gateway does.
 */
import { lastValueFrom } from 'rxjs';
import { createODataClient, ODataHttpError } from 'rxjs-odata-async';
import { expectInstance, startStubServer, useMockServer, type StubServer } from './support';

const server = useMockServer();
const HINT = /; set protocol: 'v2' for a SAP Gateway v2 service: it reads parameters from the query string only$/;

/** The error a call ends with (a success fails the test). */
async function failure(call: Promise<unknown>): Promise<ODataHttpError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return expectInstance(error, ODataHttpError);
}

describe('Protocol hint: a v4-shaped call refused by a SAP Gateway v2 service', () => {
  it("a v4 action (JSON body) to the embedded v2 service: SAP's 'mandatory parameter' error, with a message that suggests protocol: 'v2'", async () => {
    // A root the client cannot infer v2 from (as behind a proxy path), or v4 given by mistake.
    const client = createODataClient({ serviceRoot: server().v2Root, protocol: 'v4', preferAsync: false });
    const error = await failure(lastValueFrom(client.action('SalesReportGenerate').parameter('Year', 2024).execute()));
    expect(error.status).toBe(400);
    expect(error.odataError?.message).toBe("The mandatory parameter 'Year' is missing");
    expect(error.message).toContain(`POST ${server().v2Root}SalesReportGenerate answered HTTP 400`);
    expect(error.message).toContain("The mandatory parameter 'Year' is missing");
    expect(error.message).toMatch(HINT);
  });

  it('the same call with the inferred protocol (a /sap/opu/odata/ root) is v2 and succeeds', async () => {
    const client = createODataClient({ serviceRoot: server().v2Root, preferAsync: false });
    expect(client.protocol).toBe('v2');
    const result = await lastValueFrom(client.action('SalesReportGenerate').parameter('Year', 2024).execute());
    expect(result.request.url).toBe(`${server().v2Root}SalesReportGenerate?Year=2024`);
    expect(result.status).toBe(200);
  });

  describe('against a stub that answers as SAP Gateway', () => {
    let stub: StubServer;
    beforeAll(async () => {
      stub = await startStubServer((req, res) => {
        const message = req.url?.includes('Other') ? 'Year 1999 is archived' : "The mandatory parameter 'Year' is missing";
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: '/IWBEP/CM_MGW_RT/020', message: { lang: 'en', value: message }, innererror: { errordetails: [] } } }));
      });
    });
    afterAll(async () => {
      await stub.close();
    });

    it('a v4 function (inline parameters) gets the hint', async () => {
      const client = createODataClient({ serviceRoot: `${stub.origin}/api/sales/` });
      const error = await failure(lastValueFrom(client.function('GetReport').parameter('Year', 2024).execute()));
      expect(error.url).toBe(`${stub.origin}/api/sales/GetReport(Year=2024)`);
      expect(error.code).toBe('/IWBEP/CM_MGW_RT/020');
      expect(error.message).toMatch(HINT);
    });

    it('a v2 call, a plain request() and another error get no hint: only a v4 operation call can be the wrong protocol', async () => {
      const v2 = createODataClient({ serviceRoot: `${stub.origin}/api/sales/`, protocol: 'v2' });
      const v4 = createODataClient({ serviceRoot: `${stub.origin}/api/sales/` });
      const errors = await Promise.all([
        failure(lastValueFrom(v2.function('GetReport').parameter('Year', 2024).execute())),
        failure(lastValueFrom(v4.request({ method: 'GET', path: 'GetReport' }))),
        failure(lastValueFrom(v4.function('Other').parameter('Year', 1999).execute())),
      ]);
      for (const error of errors) expect(error.message).not.toMatch(/protocol/);
      expect(errors.map((e) => e.odataError?.message)).toEqual([
        "The mandatory parameter 'Year' is missing",
        "The mandatory parameter 'Year' is missing",
        'Year 1999 is archived',
      ]);
    });
  });
});
