import { startAngularApp } from './support/angular-app';
import { HttpClient, HttpErrorResponse, HttpHeaders, HttpResponse, provideHttpClient, withInterceptors, type HttpInterceptorFn } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, type ApplicationRef } from '@angular/core';
import { EMPTY, firstValueFrom, map, throwError } from 'rxjs';
import { ODataNetworkError, type HttpResponse as ODataHttpResponse, type Transport } from 'rxjs-odata-async';
import { httpClientTransport } from 'rxjs-odata-async/angular';

const URL_ = 'https://host/odata/v4/sales/SalesReportGenerate';

describe('httpClientTransport (HttpClient with the testing backend)', () => {
  let app: ApplicationRef;
  let backend: HttpTestingController;
  let transport: Transport;
  /** What the interceptor below does in the current test; by default it only records. */
  let intercept: HttpInterceptorFn | undefined;
  let seen: string[];

  beforeEach(async () => {
    seen = [];
    intercept = undefined;
    const interceptor: HttpInterceptorFn = (request, next) => {
      seen.push(`${request.method} ${request.url}`);
      return intercept ? intercept(request, next) : next(request);
    };
    app = await startAngularApp({
      providers: [provideZonelessChangeDetection(), provideHttpClient(withInterceptors([interceptor])), provideHttpClientTesting()],
    });
    backend = app.injector.get(HttpTestingController);
    transport = httpClientTransport(app.injector.get(HttpClient));
  });

  afterEach(() => {
    backend.verify();
    app.destroy();
  });

  const send = (body?: string) =>
    transport({ method: 'POST', url: URL_, headers: { 'Content-Type': 'application/json', Prefer: 'respond-async' }, ...(body === undefined ? {} : { body }) });

  it('is cold, and sends method, URL, headers and body as text through the interceptors', async () => {
    const response$ = send('{"Year":2024}');
    backend.expectNone(URL_);
    expect(seen).toEqual([]);

    const answer = firstValueFrom(response$);
    const request = backend.expectOne(URL_);
    expect(seen).toEqual([`POST ${URL_}`]);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toBe('{"Year":2024}');
    expect(request.request.headers.get('Prefer')).toBe('respond-async');
    expect(request.request.headers.get('Content-Type')).toBe('application/json');
    expect(request.request.responseType).toBe('text');
    expect(request.request.transferCache).toBe(false);

    request.flush('', { status: 202, statusText: 'Accepted', headers: { Location: 'https://host/odata/v4/sales/$monitor/1', 'Retry-After': '1' } });
    await expect(answer).resolves.toEqual({ status: 202, headers: { location: 'https://host/odata/v4/sales/$monitor/1', 'retry-after': '1' }, body: '' });
  });

  it('lower-cases header names, joins repeated headers with ", " and Set-Cookie lines with "\\n"', async () => {
    const answer = firstValueFrom(transport({ method: 'GET', url: URL_, headers: {} }));
    backend.expectOne(URL_).flush('{"value":[]}', {
      status: 200,
      statusText: 'OK',
      headers: new HttpHeaders({ 'OData-Version': '4.0', Vary: ['Accept', 'Origin'], 'Set-Cookie': ['a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'b=2'] }),
    });
    await expect(answer).resolves.toEqual({
      status: 200,
      headers: { 'odata-version': '4.0', vary: 'Accept, Origin', 'set-cookie': 'a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT\nb=2' },
      body: '{"value":[]}',
    });
  });

  it('sends no body when there is none', async () => {
    const answer = firstValueFrom(transport({ method: 'GET', url: URL_, headers: {} }));
    const request = backend.expectOne(URL_);
    expect(request.request.body).toBeNull();
    request.flush(null, { status: 204, statusText: 'No Content' });
    await expect(answer).resolves.toEqual({ status: 204, headers: {}, body: '' });
  });

  it.each([
    [500, 'Internal Server Error', '{"error":{"code":"BOOM","message":"It broke"}}'],
    [404, 'Not Found', '{"error":{"code":"404","message":"No such thing"}}'],
    [403, 'Forbidden', ''],
  ])('turns an HTTP %i (an HttpErrorResponse) into a response: every status is an answer', async (status, statusText, body) => {
    const answer = firstValueFrom(send());
    backend.expectOne(URL_).flush(body, { status, statusText, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'Required' } });
    await expect(answer).resolves.toEqual({ status, headers: { 'content-type': 'application/json', 'x-csrf-token': 'Required' }, body });
  });

  it('cancels the HttpClient request on unsubscribe', () => {
    const subscription = send().subscribe();
    const request = backend.expectOne(URL_);
    expect(request.cancelled).toBe(false);
    subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
  });

  it('reports the URL that answered when it differs from the one requested (a redirect was followed)', async () => {
    intercept = (request, next) =>
      next(request).pipe(map((event) => (event instanceof HttpResponse ? event.clone({ url: 'https://host/odata/v4/sales/moved' }) : event)));
    const answer = firstValueFrom(transport({ method: 'GET', url: URL_, headers: {} }));
    backend.expectOne(URL_).flush('{}', { status: 200, statusText: 'OK' });
    await expect(answer).resolves.toEqual({ status: 200, headers: {}, body: '{}', url: 'https://host/odata/v4/sales/moved' });
  });

  it('reports an answering URL it cannot read, for the client to refuse', async () => {
    intercept = (request, next) => next(request).pipe(map((event) => (event instanceof HttpResponse ? event.clone({ url: 'not a url' }) : event)));
    const answer = firstValueFrom(transport({ method: 'GET', url: URL_, headers: {} }));
    backend.expectOne(URL_).flush('{}', { status: 200, statusText: 'OK' });
    await expect(answer).resolves.toMatchObject({ status: 200, url: 'not a url' });
  });

  it('makes status 0 (no answer) an ODataNetworkError with the platform code and the HttpErrorResponse as cause', async () => {
    const cause = new HttpErrorResponse({ status: 0, url: URL_, error: new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) });
    intercept = () => throwError(() => cause);
    const error: unknown = await firstValueFrom(send()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).toMatchObject({ name: 'ODataNetworkError', method: 'POST', url: URL_, code: 'ECONNRESET', cause });

    intercept = () => throwError(() => new HttpErrorResponse({ status: 0, url: URL_, error: 'offline' }));
    await expect(firstValueFrom(send())).rejects.toMatchObject({ name: 'ODataNetworkError', code: undefined, message: `POST ${URL_} got no answer` });
  });

  it('makes an answer whose body could not be read an ODataNetworkError, not a response', async () => {
    intercept = () => throwError(() => new HttpErrorResponse({ status: 200, url: URL_, error: new TypeError('terminated') }));
    await expect(firstValueFrom(send())).rejects.toBeInstanceOf(ODataNetworkError);
  });

  it("keeps an object body of an interceptor's HttpErrorResponse as JSON, and an unserializable one as empty", async () => {
    intercept = () => throwError(() => new HttpErrorResponse({ status: 401, url: URL_, error: { error: { code: 'AUTH', message: 'Log in again' } } }));
    await expect(firstValueFrom(send())).resolves.toEqual({ status: 401, headers: {}, body: '{"error":{"code":"AUTH","message":"Log in again"}}' });

    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    intercept = () => throwError(() => new HttpErrorResponse({ status: 500, url: URL_, error: circular }));
    await expect(firstValueFrom(send())).resolves.toMatchObject({ status: 500, body: '' });
  });

  it("passes an interceptor's own error as it is", async () => {
    const own = new Error('session expired: log in again');
    intercept = () => throwError(() => own);
    await expect(firstValueFrom(send())).rejects.toBe(own);
  });

  it('fails with ODataNetworkError when HttpClient completes without a response', async () => {
    intercept = () => EMPTY;
    await expect(firstValueFrom(send())).rejects.toMatchObject({ name: 'ODataNetworkError', message: `POST ${URL_}: HttpClient completed without a response` });
  });

  describe('requestTimeout', () => {
    afterEach(() => jest.useRealTimers());

    it('gives a request up after requestTimeout ms: ODataNetworkError ETIMEDOUT, the request cancelled', async () => {
      jest.useFakeTimers();
      const timed = httpClientTransport(app.injector.get(HttpClient), { requestTimeout: 1000 });
      const results: Array<ODataHttpResponse | unknown> = [];
      timed({ method: 'GET', url: URL_, headers: {} }).subscribe({ next: (r) => results.push(r), error: (e: unknown) => results.push(e) });
      const request = backend.expectOne(URL_);
      jest.advanceTimersByTime(999);
      expect(results).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(request.cancelled).toBe(true);
      expect(results).toEqual([expect.objectContaining({ name: 'ODataNetworkError', code: 'ETIMEDOUT', method: 'GET', url: URL_ })]);
    });

    it('lets an answer within the time through', async () => {
      const timed = httpClientTransport(app.injector.get(HttpClient), { requestTimeout: 60_000 });
      const answer = firstValueFrom(timed({ method: 'GET', url: URL_, headers: {} }));
      backend.expectOne(URL_).flush('{}', { status: 200, statusText: 'OK' });
      await expect(answer).resolves.toMatchObject({ status: 200, body: '{}' });
    });
  });

  it('refuses what is not an HttpClient, and a bad requestTimeout, with a TypeError that says what to pass', () => {
    const http = app.injector.get(HttpClient);
    // @ts-expect-error: a JavaScript caller may pass anything
    expect(() => httpClientTransport(undefined)).toThrow(
      new TypeError("httpClientTransport: pass Angular's HttpClient, e.g. httpClientTransport(inject(HttpClient))"),
    );
    // @ts-expect-error: a JavaScript caller may pass anything
    expect(() => httpClientTransport({ get: () => EMPTY })).toThrow(TypeError);
    // Above 2^31−1 a timer fires after 1 ms: every request would time out at once.
    for (const requestTimeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 3e9]) {
      expect(() => httpClientTransport(http, { requestTimeout })).toThrow(
        `httpClientTransport: requestTimeout must be a positive number of ms, at most 2147483647 (2^31−1, the longest timer), got ${String(requestTimeout)}`,
      );
    }
    expect(() => httpClientTransport(http, { requestTimeout: 2 ** 31 - 1 })).not.toThrow();
  });
});
