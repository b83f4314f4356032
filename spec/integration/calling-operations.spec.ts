/**
 * PROTOCOL.md "Calling operations", end to end against the embedded server: v4 unbound and
 * bound actions, v4 functions with every literal form (round-tripped through the server's strict
 * EchoLiterals parser), SAP v2 function imports by GET and POST, and the unwrapping of v2 results.
 */
import * as t from 'io-ts';
import { lastValueFrom } from 'rxjs';
import { ODataHttpError, edm } from '../../lib/index';
import { expectInstance, summary, testClient, useMockServer, type TestClient, type TestClientOptions } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const server = useMockServer();
const V4 = '/odata/v4/sales/';
const V2 = '/sap/opu/odata/sap/ZSALES_SRV/';

const v4 = (options?: TestClientOptions): TestClient => testClient(server(), server().v4Root, options);
const v2 = (options?: TestClientOptions): TestClient => testClient(server(), server().v2Root, { protocol: 'v2', ...options });

/** Strings that would break out of a literal, a parameter list, a path or a request line if not encoded. */
const NASTY = "O'Neil ''x'' #frag ?q=1 & a=b / c\\d \r\nX-Injected: 1 + 100% ,)(=@$;:";
const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('Calling operations (PROTOCOL "Calling operations")', () => {
  describe('v4 unbound action: POST /Action, every parameter in the JSON body', () => {
    it('v4 unbound action: POST /SalesReportGenerate with the parameters as a JSON body; the entity result is data', async () => {
      const c = v4({ preferAsync: false });
      const result = await lastValueFrom(c.client.action('SalesReportGenerate').parameters({ Year: 2024, Region: NASTY }).execute());
      expect(result.status).toBe(200);
      expect(result.request).toStrictEqual({ method: 'POST', url: `${server().v4Root}SalesReportGenerate` });
      expect(result.data).toMatchObject({ '@odata.context': '$metadata#Sales.SalesReport', Year: 2024, Region: NASTY, Rows: 3, Total: 1234.5 });
      const log = await c.done();
      expect(summary(log)).toEqual([`POST ${V4}SalesReportGenerate 200`]);
      expect(JSON.parse(log[0]?.body ?? '')).toEqual({ Year: 2024, Region: NASTY });
      expect(log[0]?.headers['content-type']).toBe('application/json;IEEE754Compatible=true');
    });

    it('v4 unbound action: no return type → 204, data undefined', async () => {
      const c = v4({ scenario: 'sync', inline: { result: null } });
      const result = await lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', 2024).execute());
      expect(result.status).toBe(204);
      expect(result.data).toBeUndefined();
      expect(result.body).toBeUndefined();
      expect(summary(await c.done())).toEqual([`POST ${V4}SalesReportGenerate 204`]);
    });

    it('v4 unbound action: a primitive return {"@odata.context":"$metadata#Edm.String","value":..} is unwrapped (and decoded with .returns)', async () => {
      const body = { '@odata.context': '$metadata#Edm.String', value: 'Report 42 queued' };
      const c = v4({ scenario: 'sync', inline: { result: body } });
      const result = await lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', 2024).returns(t.string).execute());
      expect(result.status).toBe(200);
      const data: string | undefined = result.data;
      expect(data).toBe('Report 42 queued');
      expect(result.body).toEqual(body);
      expect(summary(await c.done())).toEqual([`POST ${V4}SalesReportGenerate 200`]);
    });

    it('v4 unbound action: Int64 and Decimal travel as JSON strings (IEEE754Compatible), nothing lost to a double', async () => {
      const c = v4({ scenario: 'sync' });
      // The server checks the parameters: only Year and Region exist; the body is what the test reads.
      const error = await lastValueFrom(
        c.client
          .action('SalesReportGenerate')
          .parameters({ Year: 2024, Big: edm.int64('9007199254740993'), Amount: edm.decimal('12.50') })
          .execute(),
      ).catch((e: unknown) => e);
      expect(expectInstance(error, ODataHttpError).odataError).toMatchObject({ code: 'BadRequest', target: 'Big' });
      const log = await c.done();
      expect(log[0]?.body).toBe('{"Year":2024,"Big":"9007199254740993","Amount":"12.50"}');
      expect(summary(log)).toEqual([`POST ${V4}SalesReportGenerate 400`]);
    });
  });

  describe('v4 bound action: POST /Set(key)/Namespace.Action, only the non-binding parameters in the body', () => {
    it('v4 bound action: POST /Orders(\'42\')/Sales.Approve with {"Comment"} only', async () => {
      const c = v4({ preferAsync: false });
      const result = await lastValueFrom(c.client.action('Sales.Approve').boundTo("Orders('42')").parameter('Comment', "it's fine").execute());
      expect(result.status).toBe(200);
      expect(result.data).toEqual({
        '@odata.context': '$metadata#Orders/$entity',
        ID: '42',
        Customer: 'ACME Corp',
        Amount: '1250.00',
        Status: 'Approved',
        Comment: "it's fine",
      });
      const log = await c.done();
      expect(summary(log)).toEqual([`POST ${V4}Orders('42')/Sales.Approve 200`]);
      expect(JSON.parse(log[0]?.body ?? '')).toEqual({ Comment: "it's fine" });
    });

    it("v4 bound action: the named-key form Orders(ID='43') works too, with an empty body", async () => {
      const c = v4({ preferAsync: false });
      const result = await lastValueFrom(c.client.action('Sales.Approve').boundTo("Orders(ID='43')").execute());
      expect(result.data).toMatchObject({ ID: '43', Customer: 'Globex', Status: 'Approved', Comment: null });
      const log = await c.done();
      expect(summary(log)).toEqual([`POST ${V4}Orders(ID='43')/Sales.Approve 200`]);
      expect(log[0]?.body).toBe('{}');
    });

    it('v4 bound action: an unknown key is a 404 ODataHttpError', async () => {
      const c = v4({ preferAsync: false });
      const error = await lastValueFrom(c.client.action('Sales.Approve').boundTo("Orders('99')").execute()).catch((e: unknown) => e);
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(404);
      expect(http.odataError).toMatchObject({ code: 'NotFound', message: "No order with key '99'" });
      expect(summary(await c.done())).toEqual([`POST ${V4}Orders('99')/Sales.Approve 404`]);
    });
  });

  describe('v4 function: GET /Fn(p=literal,...), strings quoted with quotes doubled, aliases', () => {
    it('v4 function: every v4 literal form round-trips through EchoLiterals (strings with quotes/CR/LF/#/?/&/slash, dates, guids, decimals, int64 beyond 2^53)', async () => {
      const c = v4();
      const result = await lastValueFrom(
        c.client
          .function('EchoLiterals')
          .parameters({
            s: NASTY,
            empty: '',
            d: edm.date('2024-01-31'),
            dt: edm.dateTimeOffset('2024-01-31T10:00:00Z'),
            dto: edm.dateTimeOffset('2024-01-31T10:00:00+05:30'),
            js: new Date('2024-01-31T10:00:00.123Z'),
            g: edm.guid(GUID),
            n: edm.decimal('12.50'),
            big: edm.int64('9007199254740993'),
            min: edm.int64('-9223372036854775808'),
            safe: 2 ** 40,
            i: 42,
            neg: -7,
            dbl: edm.double(1e300),
            inf: edm.double(Infinity),
            t: true,
            f: false,
            z: null,
            tod: edm.timeOfDay('10:30:00'),
            dur: edm.duration('PT10H'),
            bin: edm.binary(new Uint8Array([10, 27])),
          })
          .execute(),
      );
      expect(result.status).toBe(200);
      expect(result.data).toEqual({
        s: { type: 'Edm.String', value: NASTY },
        empty: { type: 'Edm.String', value: '' },
        d: { type: 'Edm.Date', value: '2024-01-31' },
        dt: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00Z' },
        dto: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00+05:30' },
        js: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00.123Z' },
        g: { type: 'Edm.Guid', value: GUID },
        n: { type: 'Edm.Decimal', value: '12.50' },
        big: { type: 'Edm.Int64', value: '9007199254740993' },
        min: { type: 'Edm.Int64', value: '-9223372036854775808' },
        safe: { type: 'Edm.Int64', value: '1099511627776' },
        i: { type: 'Edm.Int32', value: 42 },
        neg: { type: 'Edm.Int32', value: -7 },
        dbl: { type: 'Edm.Double', value: 1e300 },
        inf: { type: 'Edm.Double', value: 'INF' },
        t: { type: 'Edm.Boolean', value: true },
        f: { type: 'Edm.Boolean', value: false },
        z: { type: 'Null', value: null },
        tod: { type: 'Edm.TimeOfDay', value: '10:30:00' },
        dur: { type: 'Edm.Duration', value: 'PT10H' },
        bin: { type: 'Edm.Binary', value: 'Chs=' },
      });
      const log = await c.done();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ method: 'GET', status: 200 });
      const url = log[0]?.url ?? '';
      expect(url.startsWith(`${V4}EchoLiterals(`)).toBe(true);
      // Nothing of a value leaves its place: no raw quote, CR, LF, #, ?, & or space in the request line.
      expect(url).not.toMatch(/[ '\r\n#?&]/);
      const decoded = decodeURIComponent(url);
      expect(decoded).toContain(`s='${NASTY.replaceAll("'", "''")}'`);
      expect(decoded).toContain(`g=${GUID},`);
      expect(decoded).toContain('d=2024-01-31,');
      expect(decoded).toContain('n=12.50,');
      expect(decoded).toContain('big=9007199254740993,');
      expect(log[0]?.headers['prefer']).toBeUndefined();
    });

    it('v4 function: a collection result {"value":[..]} is unwrapped (ReportStatusSummary(Year=2024,Region=\'EMEA\'))', async () => {
      const c = v4();
      const Summary = t.array(t.type({ Year: t.number, Region: t.string, Status: t.string, Count: t.number }));
      const result = await lastValueFrom(c.client.function('ReportStatusSummary').parameters({ Year: 2024, Region: 'EMEA' }).returns(Summary).execute());
      expect(result.data).toEqual([
        { Year: 2024, Region: 'EMEA', Status: 'Ready', Count: 3 },
        { Year: 2024, Region: 'EMEA', Status: 'Running', Count: 1 },
      ]);
      expect(summary(await c.done())).toEqual([`GET ${V4}ReportStatusSummary(Year=2024,Region=%27EMEA%27) 200`]);
    });

    it('v4 function: parameter aliases Fn(s=@s)?@s=... also work (client.request)', async () => {
      const c = v4();
      const alias = '%27a%26b%27%27c%27'; // 'a&b''c'
      const result = await lastValueFrom(c.client.request({ method: 'GET', path: `EchoLiterals(s=@s,n=@n)?@s=${alias}&@n=12.50` }));
      expect(result.data).toEqual({ s: { type: 'Edm.String', value: "a&b'c" }, n: { type: 'Edm.Decimal', value: '12.50' } });
      expect(summary(await c.done())).toEqual([`GET ${V4}EchoLiterals(s=@s,n=@n)?@s=${alias}&@n=12.50 200`]);
    });
  });

  describe('v2 function import: GET or POST, parameters ALWAYS in the query string', () => {
    it('v2 function import GET: every v2 literal form round-trips through the strict parser (EchoLiterals)', async () => {
      const c = v2();
      const result = await lastValueFrom(
        c.client
          .function('EchoLiterals')
          .parameters({
            S: NASTY,
            Empty: '',
            Day: edm.date('2024-01-31'),
            Local: edm.dateTime('2024-01-31T10:00:00'),
            Dto: edm.dateTimeOffset('2024-01-31T10:00:00Z'),
            Js: new Date('2024-01-31T10:00:00Z'),
            T: edm.time('PT10H30M'),
            Tod: edm.timeOfDay('10:30:00'),
            G: edm.guid(GUID),
            M: edm.decimal('12.50'),
            L: edm.int64('9007199254740993'),
            SafeL: 2 ** 40,
            D: edm.double(1.5),
            PlainD: 1.5,
            Exp: edm.double(1e300),
            F: edm.single(1.5),
            X: edm.binary(new Uint8Array([10, 27])),
            B: true,
            Bf: false,
            N: null,
            I: 42,
            Neg: -7,
          })
          .execute(),
      );
      expect(result.status).toBe(200);
      expect(result.data).toEqual({
        S: { type: 'Edm.String', value: NASTY, literal: `'${NASTY.replaceAll("'", "''")}'` },
        Empty: { type: 'Edm.String', value: '', literal: "''" },
        Day: { type: 'Edm.DateTime', value: '2024-01-31T00:00:00', literal: "datetime'2024-01-31T00:00:00'" },
        Local: { type: 'Edm.DateTime', value: '2024-01-31T10:00:00', literal: "datetime'2024-01-31T10:00:00'" },
        Dto: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00Z', literal: "datetimeoffset'2024-01-31T10:00:00Z'" },
        Js: { type: 'Edm.DateTimeOffset', value: '2024-01-31T10:00:00Z', literal: "datetimeoffset'2024-01-31T10:00:00Z'" },
        T: { type: 'Edm.Time', value: 'PT10H30M', literal: "time'PT10H30M'" },
        Tod: { type: 'Edm.Time', value: 'PT10H30M00S', literal: "time'PT10H30M00S'" },
        G: { type: 'Edm.Guid', value: GUID, literal: `guid'${GUID}'` },
        M: { type: 'Edm.Decimal', value: '12.50', literal: '12.50M' },
        L: { type: 'Edm.Int64', value: '9007199254740993', literal: '9007199254740993L' },
        SafeL: { type: 'Edm.Int64', value: '1099511627776', literal: '1099511627776L' },
        D: { type: 'Edm.Double', value: 1.5, literal: '1.5D' },
        PlainD: { type: 'Edm.Double', value: 1.5, literal: '1.5D' },
        Exp: { type: 'Edm.Double', value: 1e300, literal: '1E+300D' },
        F: { type: 'Edm.Single', value: 1.5, literal: '1.5F' },
        X: { type: 'Edm.Binary', value: '0A1B', literal: "X'0A1B'" },
        B: { type: 'Edm.Boolean', value: true, literal: 'true' },
        Bf: { type: 'Edm.Boolean', value: false, literal: 'false' },
        N: { type: 'Null', value: null, literal: 'null' },
        I: { type: 'Edm.Int32', value: 42, literal: '42' },
        Neg: { type: 'Edm.Int32', value: -7, literal: '-7' },
      });
      const log = await c.done();
      // A GET needs no CSRF token: one request, no fetch.
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ method: 'GET', status: 200 });
      expect(log[0]?.headers['x-csrf-token']).toBeUndefined();
      const url = log[0]?.url ?? '';
      expect(url.startsWith(`${V2}EchoLiterals?S=`)).toBe(true);
      expect(url.slice(url.indexOf('?') + 1)).not.toMatch(/[ '\r\n#?+]/);
    });

    it('v2 function import POST: parameters in the query string (none in the body, an empty JSON object), strictly typed by the server, with a CSRF token', async () => {
      const c = v2({ preferAsync: false });
      const result = await lastValueFrom(c.client.action('SalesReportGenerate').parameters({ Year: 2024, Region: NASTY }).execute());
      expect(result.status).toBe(200);
      expect(result.request.method).toBe('POST');
      const log = await c.done();
      const query = `Year=2024&Region=${encodeURIComponent(`'${NASTY.replaceAll("'", "''")}'`).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
      expect(summary(log)).toEqual([`POST ${V2}SalesReportGenerate?${query} 403`, `GET ${V2} 200`, `POST ${V2}SalesReportGenerate?${query} 200`]);
      // `{}` for SAP CAP's v2 adapter, which reads a POST's query parameters only into a JSON body (spec/integration/cap).
      expect(log[2]?.body).toBe('{}');
      expect(log[2]?.headers['content-type']).toBe('application/json');
      expect(log[2]?.headers['x-csrf-token']).toMatch(/\S/);
    });

    it('v2 function import POST: a literal of the wrong type is refused by the strict parser (400), proving types are checked', async () => {
      const c = v2({ preferAsync: false, csrf: 'always' });
      const error = await lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', edm.int64('2024')).execute()).catch((e: unknown) => e);
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(400);
      expect(http.odataError?.message).toBe("Parameter 'Year' must be an Edm.Int32 literal, not 2024L");
      expect(summary(await c.done())).toEqual([`GET ${V2} 200`, `POST ${V2}SalesReportGenerate?Year=2024L 400`]);
    });
  });

  describe('v2 results: {"d":{..}} entity, {"d":{"results":[..]}} collection, {"d":{"<Name>":value}} primitive', () => {
    it('v2 results: an entity {"d":{..}} is unwrapped (function import POST SalesReportGenerate)', async () => {
      const c = v2({ preferAsync: false, csrf: 'always' });
      const Report = t.type({ ReportId: t.string, Year: t.number, Rows: t.number, Total: t.string });
      const result = await lastValueFrom(c.client.action('SalesReportGenerate').parameter('Year', 2023).returns(Report).execute());
      expect(result.data).toMatchObject({ Year: 2023, Rows: 3, Total: '1234.50' });
      expect(result.data).toHaveProperty('__metadata.type', 'ZSALES_SRV.Report');
      expect(result.body).toEqual({ d: result.data });
      expect(summary(await c.done())).toEqual([`GET ${V2} 200`, `POST ${V2}SalesReportGenerate?Year=2023 200`]);
    });

    it('v2 results: an entity read Reports(\'42\') {"d":{..}} is unwrapped', async () => {
      const c = v2();
      const result = await lastValueFrom(c.client.request({ method: 'GET', path: "Reports('42')" }));
      expect(result.data).toMatchObject({ ReportId: '42', Year: 2024, Rows: 3, Total: '1234.50' });
      expect(summary(await c.done())).toEqual([`GET ${V2}Reports('42') 200`]);
    });

    it('v2 results: a collection {"d":{"results":[..]}} is unwrapped to the array', async () => {
      const c = v2();
      const result = await lastValueFrom(c.client.request({ method: 'GET', path: 'Reports', returns: t.array(t.type({ ReportId: t.string })) }));
      expect(Array.isArray(result.data)).toBe(true);
      expect(result.data?.[0]).toMatchObject({ ReportId: '42', Year: 2024 });
      expect(summary(await c.done())).toEqual([`GET ${V2}Reports 200`]);
    });

    it('v2 results: a primitive {"d":{"GetReportStatus":"Succeeded"}} is unwrapped to the value (function import GET)', async () => {
      const c = v2();
      const result = await lastValueFrom(c.client.function('GetReportStatus').parameter('ReportId', '42').returns(t.string).execute());
      expect(result.data).toBe('Succeeded');
      expect(result.body).toEqual({ d: { GetReportStatus: 'Succeeded' } });
      expect(summary(await c.done())).toEqual([`GET ${V2}GetReportStatus?ReportId=%2742%27 200`]);
    });
  });
});
