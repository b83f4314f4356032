import { eventually, startAngularApp } from './support/angular-app';
import { HttpClient, HttpErrorResponse, HttpResponse, provideHttpClient, withFetch, withInterceptors, type HttpInterceptorFn } from '@angular/common/http';
import { createEnvironmentInjector, InjectionToken, provideZonelessChangeDetection, type ApplicationRef, type EnvironmentProviders } from '@angular/core';
import { createServer } from 'node:http';
import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { asyncOp$, isODataHttpError, ODataNetworkError, type ODataClient } from 'rxjs-odata-async';
import { ODATA_CLIENT, provideODataClient } from 'rxjs-odata-async/angular';
import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

/** An interceptor as apps write them: adds a header to every request and logs what came back. */
function tracing(log: string[]): HttpInterceptorFn {
  return (request, next) =>
    next(request.clone({ setHeaders: { 'X-Trace-Id': 'angular-spec' } })).pipe(
      tap({
        next: (event) => {
          if (event instanceof HttpResponse) log.push(`${request.method} ${new URL(request.url).pathname} ${event.status}`);
        },
        error: (error: unknown) =>
          log.push(`${request.method} ${new URL(request.url).pathname} ${error instanceof HttpErrorResponse ? error.status : 'error'}`),
      }),
    );
}

/** Sets the embedded server's scenario for the action request (an interceptor too). */
function scenario(json: object): HttpInterceptorFn {
  return (request, next) => next(request.clone({ setHeaders: { 'X-Mock-Scenario-Json': JSON.stringify(json) } }));
}

describe('provideODataClient + HttpClient (withFetch) against the embedded OData server', () => {
  let server: MockODataServer;
  let app: ApplicationRef | undefined;
  let log: string[];

  beforeAll(async () => {
    server = await startMockODataServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clearLog();
    log = [];
  });
  afterEach(() => {
    app?.destroy();
    app = undefined;
  });

  async function clientWith(providers: Array<EnvironmentProviders | { provide: unknown; useValue: unknown }>): Promise<ODataClient> {
    app = await startAngularApp({ providers: [provideZonelessChangeDetection(), ...providers] });
    return app.injector.get(ODATA_CLIENT);
  }

  it('polls an operation to Succeeded, every call and poll through the interceptors', async () => {
    const client = await clientWith([
      provideHttpClient(withFetch(), withInterceptors([tracing(log), scenario({ runningPolls: 2, progress: [30, 70] })])),
      provideODataClient({ serviceRoot: server.v4Root }),
    ]);
    const updates = await lastValueFrom(
      client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 5 }), toArray()),
    );

    expect(updates.map((u) => [u.status, u.percentComplete])).toEqual([
      ['Running', undefined],
      ['Running', 30],
      ['Running', 70],
      ['Succeeded', undefined],
    ]);
    // The interceptor saw each exchange, and its header reached the server on every request.
    const monitor = updates[0]?.location ?? '';
    const poll = `GET ${new URL(monitor).pathname}`;
    expect(log).toEqual(['POST /odata/v4/sales/SalesReportGenerate 202', `${poll} 202`, `${poll} 202`, `${poll} 200`]);
    expect(server.requests.map((r) => [r.method, r.headers['x-trace-id']])).toEqual([
      ['POST', 'angular-spec'],
      ['GET', 'angular-spec'],
      ['GET', 'angular-spec'],
      ['GET', 'angular-spec'],
    ]);
    // The library's own headers went through HttpClient untouched.
    expect(server.requests[0]?.headers).toMatchObject({
      prefer: 'respond-async',
      'odata-maxversion': '4.01',
      accept: 'application/json',
      'content-type': 'application/json;IEEE754Compatible=true',
    });
    expect(server.requests[0]?.body).toBe('{"Year":2024}');
  });

  it('gives a 500 answer to the client as a response: ODataHttpError with the OData error', async () => {
    const client = await clientWith([
      provideHttpClient(
        withFetch(),
        withInterceptors([
          tracing(log),
          scenario({ sync: true, outcome: 'Failed', errorStatus: 500, error: { code: 'NO_DATA', message: 'No sales data for 1999' } }),
        ]),
      ),
      provideODataClient({ serviceRoot: server.v4Root }),
    ]);
    const error: unknown = await firstValueFrom(client.action('SalesReportGenerate').parameter('Year', 1999).execute()).catch((e: unknown) => e);

    expect(isODataHttpError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 500,
      method: 'POST',
      url: `${server.v4Root}SalesReportGenerate`,
      odataError: { code: 'NO_DATA', message: 'No sales data for 1999' },
    });
    expect(log).toEqual(['POST /odata/v4/sales/SalesReportGenerate 500']);
  });

  it('lets the library retry a 503 from a monitor (it arrives as a status, not an error)', async () => {
    const client = await clientWith([
      provideHttpClient(withFetch(), withInterceptors([scenario({ runningPolls: 1, faults: [{ at: 1, kind: '503' }] })])),
      provideODataClient({ serviceRoot: server.v4Root }),
    ]);
    const last = await lastValueFrom(
      client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 5 })),
    );

    expect(last.status).toBe('Succeeded');
    expect(server.requestsTo('/odata/v4/sales/$monitor/').map((r) => r.status)).toEqual([503, 202, 200]);
  });

  it('fails with ODataNetworkError when nothing answers (HttpClient status 0)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const { port } = address;
    await new Promise((resolve) => closed.close(resolve));

    const client = await clientWith([provideHttpClient(withFetch()), provideODataClient({ serviceRoot: `http://127.0.0.1:${port}/odata/` })]);
    const error: unknown = await firstValueFrom(client.function('Ping').execute()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).toMatchObject({ method: 'GET', url: `http://127.0.0.1:${port}/odata/Ping()`, code: 'ECONNREFUSED' });
  });

  it('aborts the request in flight when the subscriber leaves, and polls no more', async () => {
    const client = await clientWith([
      provideHttpClient(withFetch(), withInterceptors([scenario({ runningPolls: 5, faults: [{ at: 2, kind: 'slow', delayMs: 600_000 }] })])),
      provideODataClient({ serviceRoot: server.v4Root }),
    ]);
    const subscription = client
      .action('SalesReportGenerate')
      .parameter('Year', 2024)
      .execute()
      .pipe(asyncOp$(client, { pollInterval: 5 }))
      .subscribe();
    const slow = await eventually(() => {
      const request = server.requests.find((r) => r.fault === 'slow');
      expect(request).toBeDefined();
      return request;
    });
    subscription.unsubscribe();

    await eventually(() => {
      expect(slow?.aborted).toBe(true);
    });
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.length).toBe(count);
  });

  it('applies requestTimeout through the transport', async () => {
    // A server that takes every request and never answers: the deadline is the only way out, on a
    // fast machine or a loaded one (the request that times out can only be the hanging one).
    const aborted: string[] = [];
    const hanging = createServer((request) => {
      request.socket.on('close', () => aborted.push(`${request.method} ${request.url}`));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const address = hanging.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    try {
      const client = await clientWith([
        provideHttpClient(withFetch()),
        // retries: 0: a GET that timed out is retried by default, and this test counts one request.
        provideODataClient({ serviceRoot: `http://127.0.0.1:${address.port}/odata/`, requestTimeout: 50, retries: 0 }),
      ]);
      const error: unknown = await firstValueFrom(client.function('Ping').execute()).catch((e: unknown) => e);

      expect(error).toMatchObject({ name: 'ODataNetworkError', code: 'ETIMEDOUT', method: 'GET', url: `http://127.0.0.1:${address.port}/odata/Ping()` });
      // The request was cancelled, not left open: the server sees the connection close.
      await eventually(() => {
        expect(aborted).toEqual(['GET /odata/Ping()']);
      });
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('provides the client under another token, for a second service', async () => {
    const HR_CLIENT = new InjectionToken<ODataClient>('HR_CLIENT');
    app = await startAngularApp({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withFetch()),
        provideODataClient({ serviceRoot: server.v4Root }),
        provideODataClient({ serviceRoot: server.v2Root, protocol: 'v2' }, HR_CLIENT),
      ],
    });
    expect(app.injector.get(ODATA_CLIENT).serviceRoot).toBe(server.v4Root);
    expect(app.injector.get(HR_CLIENT)).toMatchObject({ serviceRoot: server.v2Root, protocol: 'v2' });
    // One client per injector.
    expect(app.injector.get(ODATA_CLIENT)).toBe(app.injector.get(ODATA_CLIENT));
  });

  describe('on the server (Node, withFetch): SAP session and XSRF cookies', () => {
    /** `name=value` pairs of a `Cookie` header or of `Set-Cookie` lines. */
    const pairs = (lines: readonly string[]) =>
      new Map(lines.map((line) => (line.split(';')[0] ?? '').trim()).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    /** Records the Set-Cookie lines of every answer, as the app's interceptor sees them. */
    const setCookies: string[] = [];
    const recordSetCookie: HttpInterceptorFn = (request, next) =>
      next(request).pipe(
        tap((event) => {
          if (event instanceof HttpResponse) setCookies.push(...(event.headers.getAll('set-cookie') ?? []));
        }),
      );
    beforeEach(() => {
      setCookies.length = 0;
    });

    const sapClient = (cookies?: boolean) =>
      clientWith([
        provideHttpClient(withFetch(), withInterceptors([recordSetCookie, scenario({ runningPolls: 1 })])),
        provideODataClient({ serviceRoot: server.v2Root, protocol: 'v2', ...(cookies === undefined ? {} : { cookies }) }),
      ]);

    it('a modifying call passes CSRF validation: the cookies of the token fetch go back with the token', async () => {
      const client = await sapClient();
      const updates = await lastValueFrom(
        client
          .action('SalesReportGenerate')
          .parameter('Year', 2024)
          .execute()
          .pipe(asyncOp$(client, { pollInterval: 5 }), toArray()),
      );
      expect(updates.map((u) => u.status)).toEqual(['Running', 'Running', 'Succeeded']);

      const [refused, fetch, retried, ...polls] = server.requests;
      expect([refused, fetch, retried].map((r) => `${r?.method} ${r?.status}`)).toEqual(['POST 403', 'GET 200', 'POST 202']);
      expect(fetch?.headers['x-csrf-token']).toBe('Fetch');
      const issued = pairs(setCookies);
      expect([...issued.keys()].sort()).toEqual(['SAP_SESSIONID_ABC_100', 'sap-XSRF_ABC_100']);
      // The retried POST carries both cookies the token is bound to; the polls the session cookie.
      const sent = pairs((retried?.headers['cookie'] ?? '').split('; '));
      expect(sent.get('SAP_SESSIONID_ABC_100')).toBe(issued.get('SAP_SESSIONID_ABC_100'));
      expect(sent.get('sap-XSRF_ABC_100')).toBe(issued.get('sap-XSRF_ABC_100'));
      expect(polls.map((r) => pairs((r.headers['cookie'] ?? '').split('; ')).get('SAP_SESSIONID_ABC_100'))).toEqual(
        polls.map(() => issued.get('SAP_SESSIONID_ABC_100')),
      );
      expect(refused?.headers['cookie']).toBeUndefined();
    });

    it('cookies: false keeps none: the token alone is refused with 403 (what SSR did before)', async () => {
      const client = await sapClient(false);
      const error: unknown = await firstValueFrom(client.action('SalesReportGenerate').parameter('Year', 2024).execute()).catch((e: unknown) => e);
      expect(isODataHttpError(error)).toBe(true);
      expect(error).toMatchObject({ status: 403 });
      expect(server.requests.map((r) => `${r.method} ${r.status} ${r.headers['cookie'] ?? 'no cookie'}`)).toEqual([
        'POST 403 no cookie',
        'GET 200 no cookie',
        'POST 403 no cookie',
      ]);
    });

    it("one jar per client: a second application (another server-side render) starts without the first one's session", async () => {
      const first = await sapClient();
      await firstValueFrom(first.action('SalesReportGenerate').parameter('Year', 2024).execute());
      app?.destroy();
      server.clearLog();
      const second = await sapClient();
      await firstValueFrom(second.action('SalesReportGenerate').parameter('Year', 2024).execute());
      expect(server.requests[0]).toMatchObject({ method: 'POST', status: 403 });
      expect(server.requests[0]?.headers['cookie']).toBeUndefined();
    });
  });

  it('refuses a bad configuration at once, with a TypeError that says what to fix', () => {
    expect(() => provideODataClient({ serviceRoot: 'sap/opu/odata/sap/ZSALES_SRV/' })).toThrow(
      /^createODataClient: serviceRoot must be an absolute http\(s\) URL/,
    );
    // @ts-expect-error: HttpClient is the transport
    expect(() => provideODataClient({ serviceRoot: server.v4Root, transport: () => undefined })).toThrow(
      new TypeError(
        'provideODataClient: HttpClient is the transport; add interceptors with provideHttpClient(withInterceptors([...])) instead of passing transport or axios',
      ),
    );
    // @ts-expect-error: HttpClient is the transport
    expect(() => provideODataClient({ serviceRoot: server.v4Root, axios: {} })).toThrow(TypeError);
  });

  it('says to add provideHttpClient() when there is no HttpClient', async () => {
    app = await startAngularApp({ providers: [provideZonelessChangeDetection()] });
    const injector = createEnvironmentInjector([provideODataClient({ serviceRoot: server.v4Root })], app.injector);
    expect(() => injector.get(ODATA_CLIENT)).toThrow(
      new TypeError('provideODataClient: no HttpClient here; add provideHttpClient() (with withFetch() on the server) to the same providers'),
    );
    expect(() => app?.injector.get(HttpClient)).toThrow(/No provider/);
    injector.destroy();
  });
});
