import * as t from 'io-ts';
import { lastValueFrom, of } from 'rxjs';
import { edm } from '../../lib/odata/edm';
import type { ODataClientConfig } from '../../lib/odata/client-config';
import { createODataClient } from '../../lib/odata/odata-client';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { response, scriptedTransport } from '../support/scripted-transport';

const V4 = 'https://host.example/odata/v4/sales/';
const V2 = 'https://host.example/sap/opu/odata/sap/ZSALES_SRV/';

function clientWith(answer = response(204), config: Partial<ODataClientConfig> = {}) {
  const { transport, sent } = scriptedTransport([() => of(answer), () => of(answer)]);
  return { client: createODataClient({ serviceRoot: V4, transport, csrf: 'never', ...config }), sent };
}

describe('calls are cold', () => {
  it('sends nothing before subscribe and one request per subscription', async () => {
    const { client, sent } = clientWith();
    const call$ = client.action('Run').execute();
    expect(sent).toHaveLength(0);
    await lastValueFrom(call$);
    await lastValueFrom(call$);
    expect(sent).toHaveLength(2);
  });
});

describe('OData v4 operations', () => {
  it('unbound action: POST <root>/<name> with the parameters as a JSON body and Prefer: respond-async', async () => {
    const { client, sent } = clientWith();
    await lastValueFrom(
      client
        .action('SalesReportGenerate')
        .parameters({
          Year: 2024,
          Region: "O'Hara",
          Amount: edm.decimal('12.50'),
          Big: edm.int64('9007199254740993'),
          Day: edm.date('2024-01-31'),
          At: new Date('2024-01-31T10:00:00Z'),
          Nothing: null,
          Flag: true,
        })
        .execute(),
    );
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: `${V4}SalesReportGenerate`,
      headers: { Prefer: 'respond-async', 'Content-Type': 'application/json;IEEE754Compatible=true' },
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      Year: 2024,
      Region: "O'Hara",
      Amount: '12.50',
      Big: '9007199254740993',
      Day: '2024-01-31',
      At: '2024-01-31T10:00:00.000Z',
      Nothing: null,
      Flag: true,
    });
  });

  it('bound action: POST <root>/<entity>/<Namespace.Name> with the other parameters in the body', async () => {
    const { client, sent } = clientWith();
    await lastValueFrom(client.action('Sales.Approve').boundTo("Orders('42')").parameter('Comment', 'ok').execute());
    expect(sent[0]).toMatchObject({ method: 'POST', url: `${V4}Orders('42')/Sales.Approve`, body: '{"Comment":"ok"}' });
  });

  it('function: GET <root>/<name>(p=literal,...) with encoded literals and no Prefer header', async () => {
    const { client, sent } = clientWith(response(200, { value: 1 }));
    await lastValueFrom(client.function('ReportStatusSummary').parameter('Year', 2024).parameter('Region', "it's/EMEA?#").execute());
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.url).toBe(`${V4}ReportStatusSummary(Year=2024,Region=%27it%27%27s%2FEMEA%3F%23%27)`);
    expect(sent[0]?.headers['Prefer']).toBeUndefined();
    expect(decodeURIComponent(sent[0]?.url ?? '')).toBe(`${V4}ReportStatusSummary(Year=2024,Region='it''s/EMEA?#')`);
  });

  it('bound function: GET <root>/<entity>/<Namespace.Name>(...)', async () => {
    const { client, sent } = clientWith(response(200, { value: 1 }));
    await lastValueFrom(client.function('Sales.Total').boundTo("Orders('42')").parameter('Tax', true).execute());
    expect(sent[0]?.url).toBe(`${V4}Orders('42')/Sales.Total(Tax=true)`);
  });

  it('preferAsync: false sends no Prefer header', async () => {
    const { client, sent } = clientWith(response(204), { preferAsync: false });
    await lastValueFrom(client.action('Run').execute());
    expect(sent[0]?.headers['Prefer']).toBeUndefined();
  });
});

describe('SAP Gateway v2 function imports', () => {
  const v2 = (answer = response(204)) => clientWith(answer, { serviceRoot: V2, protocol: 'v2' });

  it('action: POST with the parameters as query-string literals, and an empty JSON object as the body', async () => {
    const { client, sent } = v2();
    await lastValueFrom(client.action('SalesReportGenerate').parameter('Year', 2024).parameter('Amount', edm.decimal('12.50')).execute());
    expect(sent[0]).toMatchObject({ method: 'POST', url: `${V2}SalesReportGenerate?Year=2024&Amount=12.50M` });
    // SAP CAP's v2 adapter drops a POST's query parameters unless the request is JSON (spec/integration/cap/v2-operations.spec.ts).
    expect(sent[0]?.body).toBe('{}');
    expect(sent[0]?.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('function: GET without a body or Content-Type', async () => {
    const { client, sent } = v2();
    await lastValueFrom(client.function('GetReport').parameter('Year', 2024).execute());
    expect(sent[0]).toMatchObject({ method: 'GET', url: `${V2}GetReport?Year=2024` });
    expect(sent[0]?.body).toBeUndefined();
    expect(Object.keys(sent[0]?.headers ?? {}).map((name) => name.toLowerCase())).not.toContain('content-type');
  });

  it('function: GET with literals, a quote or CR/LF staying inside its value', async () => {
    const { client, sent } = v2(response(200, { d: { GetReportStatus: 'ok' } }));
    const result = await lastValueFrom(client.function('GetReportStatus').parameter('ReportId', "4'2\r\n&x=1").execute());
    expect(sent[0]?.url).toBe(`${V2}GetReportStatus?ReportId=%274%27%272%0D%0A%26x%3D1%27`);
    expect(result.data).toBe('ok');
  });

  it('refuses boundTo on v2 (function imports are unbound)', () => {
    const { client } = v2();
    expect(() => client.action('X').boundTo("Orders('1')")).toThrow(TypeError);
  });
});

describe('builders', () => {
  it('are immutable: a configured call can be reused and extended', async () => {
    const { client, sent } = clientWith();
    const base = client.action('Run').parameter('A', 1);
    await lastValueFrom(base.parameter('B', 2).execute());
    await lastValueFrom(base.execute());
    expect(sent.map((r) => r.body)).toEqual(['{"A":1,"B":2}', '{"A":1}']);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a name with a quote', () => createODataClient({ serviceRoot: V4 }).action("Run'"), /name/],
    ['a parameter name with a slash', () => createODataClient({ serviceRoot: V4 }).action('Run').parameter('A/B', 1), /parameter name/],
    [
      'an undefined value',
      () =>
        createODataClient({ serviceRoot: V4 })
          .action('Run')
          .parameter('A', undefined as never),
      /undefined/,
    ],
    [
      'an object value',
      () =>
        createODataClient({ serviceRoot: V4 })
          .action('Run')
          .parameter('A', {} as never),
      /object/,
    ],
    ['a duplicate parameter', () => createODataClient({ serviceRoot: V4 }).action('Run').parameter('A', 1).parameter('A', 2), /already set/],
    [
      'parameters() with an array',
      () =>
        createODataClient({ serviceRoot: V4 })
          .action('Run')
          .parameters([] as never),
      /object of parameter names/,
    ],
    ['an empty binding path', () => createODataClient({ serviceRoot: V4 }).action('NS.Run').boundTo(' '), /entity path/],
    ['a binding path that climbs out', () => createODataClient({ serviceRoot: V4 }).action('NS.Run').boundTo("../Orders('1')"), /\.\./],
    ['an unqualified bound action', () => createODataClient({ serviceRoot: V4 }).action('Run').boundTo("Orders('1')"), /namespace-qualified/],
  ])('throw a TypeError at once for %s', (_, build, message) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
  });
});

describe('ActionResult', () => {
  it('describes a 202: isAsync, the absolute location, Retry-After in ms, lower-case headers', async () => {
    const { client } = clientWith(response(202, '', { location: '$monitor/1', 'retry-after': '5' }));
    const result = await lastValueFrom(client.action('Run').execute());
    expect(result.status).toBe(202);
    expect(result.isAsync()).toBe(true);
    expect(result.location()).toBe(`${V4}$monitor/1`);
    expect(result.retryAfterMs()).toBe(5000);
    expect(result.data).toBeUndefined();
    // `{ method, url }` and nothing else (the operation's name is kept apart, for asyncOp$'s result).
    expect(result.request).toStrictEqual({ method: 'POST', url: `${V4}Run` });
  });

  it('describes a synchronous answer: not async, data unwrapped from value', async () => {
    const { client } = clientWith(response(200, { '@odata.context': '$metadata#Edm.String', value: 'done' }));
    const result = await lastValueFrom(client.action('Run').execute());
    expect(result.isAsync()).toBe(false);
    expect(result.location()).toBeUndefined();
    expect(result.retryAfterMs()).toBeUndefined();
    expect(result.data).toBe('done');
    expect(result.body).toEqual({ '@odata.context': '$metadata#Edm.String', value: 'done' });
  });

  it('a 202 without Location is not async', async () => {
    const { client } = clientWith(response(202));
    expect((await lastValueFrom(client.action('Run').execute())).isAsync()).toBe(false);
  });

  it('decodes data with .returns(codec), and a mismatch is an ODataProtocolError with the PathReporter lines', async () => {
    const Report = t.type({ Id: t.string, Total: t.number });
    const good = clientWith(response(200, { d: { Id: '42', Total: 7 } }), { serviceRoot: V2, protocol: 'v2' });
    const result = await lastValueFrom(good.client.function('GetReport').returns(Report).execute());
    expect(result.data?.Total).toBe(7);
    const bad = clientWith(response(200, { d: { Id: 42 } }), { serviceRoot: V2, protocol: 'v2' });
    const failure = lastValueFrom(bad.client.function('GetReport').returns(Report).execute());
    await expect(failure).rejects.toBeInstanceOf(ODataProtocolError);
    await expect(failure).rejects.toMatchObject({ issues: expect.arrayContaining([expect.stringContaining('Id')]) });
  });

  it('a non-2xx answer errors with ODataHttpError carrying status, method, url and the v4 error', async () => {
    const { client } = clientWith(
      response(400, { error: { code: 'BadYear', message: 'Year is required', target: 'Year', details: [{ code: 'D1', message: 'more' }] } }),
    );
    const failure = lastValueFrom(client.action('Run').execute());
    await expect(failure).rejects.toBeInstanceOf(ODataHttpError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      method: 'POST',
      url: `${V4}Run`,
      code: 'BadYear',
      odataError: { message: 'Year is required', target: 'Year' },
    });
  });

  it('a non-2xx answer carries the SAP v2 error (message object, errordetails)', async () => {
    const sapError = {
      error: {
        code: '/IWBEP/CM_TEA/004',
        message: { lang: 'en', value: 'Report year not open' },
        innererror: { transactionid: 'ABC', errordetails: [{ code: 'ZRPT/001', message: 'Year 2024 locked', propertyref: '', severity: 'error', target: '' }] },
      },
    };
    const { client } = clientWith(response(500, sapError), { serviceRoot: V2, protocol: 'v2' });
    await expect(lastValueFrom(client.action('Run').execute())).rejects.toMatchObject({
      status: 500,
      odataError: {
        code: '/IWBEP/CM_TEA/004',
        message: 'Report year not open',
        details: [expect.objectContaining({ code: 'ZRPT/001', message: 'Year 2024 locked', severity: 'error' })],
      },
    });
  });

  it('an HTML error page from a proxy is an ODataHttpError without an OData error', async () => {
    const { client } = clientWith({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
    await expect(lastValueFrom(client.action('Run').execute())).rejects.toMatchObject({ status: 502, odataError: undefined, body: '<html>Bad gateway</html>' });
  });

  it('a 2xx with a body that is not JSON is an ODataProtocolError', async () => {
    const { client } = clientWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"value": ' });
    await expect(lastValueFrom(client.action('Run').execute())).rejects.toBeInstanceOf(ODataProtocolError);
  });

  it('drops __proto__ keys from bodies', async () => {
    const { client } = clientWith({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"value": {"__proto__": {"polluted": true}, "ok": 1}}',
    });
    const result = await lastValueFrom(client.action('Run').execute());
    expect(result.data).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('client.request', () => {
  it('sends a path below the service root, with a JSON body', async () => {
    const { client, sent } = clientWith();
    await lastValueFrom(client.request({ method: 'PATCH', path: "/Orders('1')", body: { Note: 'x' }, headers: { 'If-Match': '*' } }));
    expect(sent[0]).toMatchObject({
      method: 'PATCH',
      url: `${V4}Orders('1')`,
      body: '{"Note":"x"}',
      headers: { 'Content-Type': 'application/json', 'If-Match': '*', Prefer: 'respond-async' },
    });
  });

  it('sends a string body as is, and accepts an absolute url on the service origin', async () => {
    const { client, sent } = clientWith();
    await lastValueFrom(client.request({ method: 'POST', url: `${V4}$batch`, body: '--batch--', headers: { 'Content-Type': 'multipart/mixed' } }));
    expect(sent[0]).toMatchObject({ url: `${V4}$batch`, body: '--batch--' });
  });

  it('decodes with returns', async () => {
    const { client } = clientWith(response(200, { value: [1, 2] }));
    const result = await lastValueFrom(client.request({ method: 'GET', path: 'Numbers', returns: t.array(t.number) }));
    expect(result.data).toEqual([1, 2]);
    // Only `{ method, url }`: a request() call has no operation name, not even an undefined one.
    expect(result.request).toStrictEqual({ method: 'GET', url: `${V4}Numbers` });
  });

  it.each<[string, object, unknown]>([
    ['both path and url', { method: 'GET', path: 'a', url: `${V4}a` }, TypeError],
    ['neither path nor url', { method: 'GET' }, TypeError],
    ['an absolute path', { method: 'GET', path: 'https://evil.example/' }, TypeError],
    ['a protocol-relative path', { method: 'GET', path: '//evil.example/' }, TypeError],
    ['a url on another origin', { method: 'GET', url: 'https://evil.example/' }, LocationNotAllowedError],
  ])('refuses %s', (_, init, error) => {
    const { client } = clientWith();
    expect(() => client.request(init as never)).toThrow(error as never);
  });
});

describe('session cookies with your own transport (Node)', () => {
  const withCookie = response(204, '', { 'set-cookie': 'SAP_SESSIONID_ABC_100=s1; path=/\nsap-XSRF_ABC_100=x1; path=/sap' });

  it('by default leaves cookies to the transport: nothing is added', async () => {
    const { client, sent } = clientWith(withCookie, { serviceRoot: V2 });
    await lastValueFrom(client.function('A').execute());
    await lastValueFrom(client.function('B').execute());
    expect(sent.map((r) => Object.keys(r.headers).filter((name) => name.toLowerCase() === 'cookie'))).toEqual([[], []]);
  });

  it('with cookies: true keeps them in the client jar and sends them back to the service origin, as for axios', async () => {
    const { client, sent } = clientWith(withCookie, { serviceRoot: V2, cookies: true });
    await lastValueFrom(client.function('A').execute());
    await lastValueFrom(client.function('B').execute());
    const cookieOf = (request: (typeof sent)[number] | undefined) =>
      Object.entries(request?.headers ?? {}).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
    expect(cookieOf(sent[0])).toBeUndefined();
    expect(cookieOf(sent[1])).toBe('sap-XSRF_ABC_100=x1; SAP_SESSIONID_ABC_100=s1'); // longer path first (RFC 6265)
  });
});
