/**
 * Calling actions and functions: the request each builder sends (method, path, body or query,
 * literal forms per protocol) and how the result is unwrapped.
 */
import { lastValueFrom } from 'rxjs';
import * as t from 'io-ts';
import { edm } from 'rxjs-odata-async';
import { clientFor, decodedPath, ok, queryOf, serve } from '../../support/scripted-server';

describe('calling operations', () => {
  describe('OData v4', () => {
    it('an unbound action is a POST with every parameter in a JSON body; without a return type a 204 gives no data', async () => {
      const s = await serve({ 'POST /svc/SalesReportGenerate': { status: 204 } });
      const result = await lastValueFrom(
        clientFor(s).action('SalesReportGenerate').parameter('Year', 2024).parameter('Region', 'EMEA').parameter('Draft', false).execute(),
      );
      expect(result.status).toBe(204);
      expect(result.data).toBeUndefined();
      const q = s.requests[0]!;
      expect(q.method).toBe('POST');
      expect(q.url).toBe('/svc/SalesReportGenerate');
      expect(String(q.headers['content-type'])).toMatch(/^application\/json/);
      expect(JSON.parse(q.body)).toEqual({ Year: 2024, Region: 'EMEA', Draft: false });
    });

    it('a primitive return {"@odata.context":"$metadata#Edm.String","value":..} is unwrapped to data', async () => {
      const s = await serve({ 'POST /svc/Greet': ok({ '@odata.context': '$metadata#Edm.String', value: 'hello' }) });
      const result = await lastValueFrom(clientFor(s).action('Greet').parameter('Name', 'x').execute());
      expect(result.data).toBe('hello');
      const typed = await lastValueFrom(clientFor(s).action('Greet').returns(t.string).execute());
      expect(typed.data).toBe('hello');
    });

    it('a bound action is a POST to Set(key)/Namespace.Action with only the non-binding parameters in the body', async () => {
      const s = await serve({ '*': { status: 204 } });
      await lastValueFrom(clientFor(s).action('Sales.Approve').boundTo("Orders('42')").parameter('Comment', 'fine').execute());
      const q = s.requests[0]!;
      expect(q.method).toBe('POST');
      expect(decodedPath(q)).toBe("/svc/Orders('42')/Sales.Approve");
      expect(JSON.parse(q.body)).toEqual({ Comment: 'fine' });
    });

    it('a function is a GET with its literals in the path: dates, a GUID unquoted, a decimal, a quoted string', async () => {
      const s = await serve({ '*': ok({ value: 1 }) });
      await lastValueFrom(
        clientFor(s)
          .function('Fn')
          .parameter('d', edm.date('2024-01-31'))
          .parameter('dt', edm.dateTimeOffset('2024-01-31T10:00:00Z'))
          .parameter('g', edm.guid('0f8fad5b-d9cb-469f-a165-70867728950e'))
          .parameter('n', edm.decimal('12.50'))
          .parameter('s', 'x')
          .execute(),
      );
      const q = s.requests[0]!;
      expect(q.method).toBe('GET');
      expect(decodedPath(q)).toBe("/svc/Fn(d=2024-01-31,dt=2024-01-31T10:00:00Z,g=0f8fad5b-d9cb-469f-a165-70867728950e,n=12.50,s='x')");
    });
  });

  describe('SAP Gateway v2', () => {
    it('a function import GET sends every literal form in the query string', async () => {
      const s = await serve({ '*': ok({ d: { Echo: true } }) });
      await lastValueFrom(
        clientFor(s, { protocol: 'v2' })
          .function('Echo')
          .parameter('S', "O'Neil")
          .parameter('D', edm.date('2024-01-31'))
          .parameter('DT', edm.dateTime('2024-01-31T10:00:00'))
          .parameter('DTO', edm.dateTimeOffset('2024-01-31T10:00:00Z'))
          .parameter('T', edm.time('PT10H30M'))
          .parameter('G', edm.guid('0f8fad5b-d9cb-469f-a165-70867728950e'))
          .parameter('N', edm.decimal('12.50'))
          .parameter('I', edm.int64('9007199254740993'))
          .parameter('Db', edm.double(1.5))
          .parameter('Sg', edm.single(1.5))
          .parameter('B', edm.binary(new Uint8Array([10, 27])))
          .parameter('Y', true)
          .parameter('F', false)
          .parameter('Nl', null)
          .execute(),
      );
      const q = s.requests[0]!;
      expect(q.method).toBe('GET');
      expect(q.path).toBe('/svc/Echo');
      expect(queryOf(q)).toEqual({
        S: "'O''Neil'",
        D: "datetime'2024-01-31T00:00:00'",
        DT: "datetime'2024-01-31T10:00:00'",
        DTO: "datetimeoffset'2024-01-31T10:00:00Z'",
        T: "time'PT10H30M'",
        G: "guid'0f8fad5b-d9cb-469f-a165-70867728950e'",
        N: '12.50M',
        I: '9007199254740993L',
        Db: '1.5D',
        Sg: '1.5F',
        B: "X'0A1B'",
        Y: 'true',
        F: 'false',
        Nl: 'null',
      });
    });

    it('a function import POST (an action) sends its parameters in the query string, never in a JSON body', async () => {
      const s = await serve({ '*': ok({ d: { ID: '1' } }) });
      await lastValueFrom(
        clientFor(s, { protocol: 'v2', csrf: 'never' }).action('SalesReportGenerate').parameter('Year', 2024).parameter('Region', 'EMEA').execute(),
      );
      const q = s.requests[0]!;
      expect(q.method).toBe('POST');
      expect(q.path).toBe('/svc/SalesReportGenerate');
      expect(queryOf(q)).toEqual({ Year: '2024', Region: "'EMEA'" });
      expect(q.body.includes('Year')).toBe(false);
    });

    it('results are unwrapped: {"d":{..}} an entity, {"d":{"results":[..]}} a collection, {"d":{"<Name>":value}} a primitive', async () => {
      const s = await serve({
        'GET /svc/GetOne': ok({ d: { __metadata: { type: 'X.Report' }, ID: '1' } }),
        'GET /svc/GetMany': ok({ d: { results: [{ ID: '1' }, { ID: '2' }] } }),
        'GET /svc/GetCount': ok({ d: { GetCount: 5 } }),
      });
      const client = clientFor(s, { protocol: 'v2' });
      expect((await lastValueFrom(client.function('GetOne').execute())).data).toMatchObject({ ID: '1' });
      expect((await lastValueFrom(client.function('GetMany').execute())).data).toEqual([{ ID: '1' }, { ID: '2' }]);
      expect((await lastValueFrom(client.function('GetCount').execute())).data).toBe(5);
      expect((await lastValueFrom(client.function('GetCount').returns(t.number).execute())).data).toBe(5);
      expect(
        (
          await lastValueFrom(
            client
              .function('GetMany')
              .returns(t.array(t.type({ ID: t.string })))
              .execute(),
          )
        ).data,
      ).toEqual([{ ID: '1' }, { ID: '2' }]);
    });
  });
});
