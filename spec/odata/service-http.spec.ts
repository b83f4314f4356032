import { concat, defer, EMPTY, lastValueFrom, map, of, retry, throwError, timer } from 'rxjs';
import { csrfSession } from '../../lib/odata/csrf';
import type { HttpRequest, HttpResponse } from '../../lib/http/http';
import { sessionOf } from '../../lib/odata/client-session';
import { createODataClient } from '../../lib/odata/odata-client';
import type { ODataClientConfig } from '../../lib/odata/client-config';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { testScheduler } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

const ROOT = 'https://host.example/sap/opu/odata/sap/ZSALES_SRV/';
const required = () =>
  of(response(403, { error: { code: 'CSRF', message: { lang: 'en', value: 'CSRF token validation failed' } } }, { 'x-csrf-token': 'Required' }));
const token = (value: string) => () => of(response(200, '', { 'x-csrf-token': value }));
const ok = () => of(response(204));

function clientWith(script: Reply[], config: Partial<ODataClientConfig> = {}) {
  const { transport, sent } = scriptedTransport(script);
  const client = createODataClient({ serviceRoot: ROOT, protocol: 'v2', transport, ...config });
  // The client's calls, and the session they and the polls go through: what this file tests.
  const { send, resolveUrl } = sessionOf(client);
  return { client: { action: client.action, request: client.request, send, resolveUrl }, sent };
}

const post = { method: 'POST' as const, url: `${ROOT}Run` };
const header = (request: HttpRequest | undefined, name: string) => request?.headers[name];

describe('CSRF handling', () => {
  it("'auto': on 403 Required, fetches a token from the service root (with its slash) and retries once", async () => {
    const { client, sent } = clientWith([required, token('T1'), ok]);
    await expect(lastValueFrom(client.send(post))).resolves.toMatchObject({ status: 204 });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${ROOT}Run`, `GET ${ROOT}`, `POST ${ROOT}Run`]);
    expect(header(sent[0], 'X-CSRF-Token')).toBeUndefined();
    expect(header(sent[1], 'X-CSRF-Token')).toBe('Fetch');
    expect(header(sent[2], 'X-CSRF-Token')).toBe('T1');
  });

  it("'auto': reuses the token for later modifying requests, and refetches when it expires", async () => {
    const { client, sent } = clientWith([required, token('T1'), ok, ok, required, token('T2'), ok]);
    await lastValueFrom(client.send(post));
    await lastValueFrom(client.send(post));
    await lastValueFrom(client.send(post));
    expect(sent.map((r) => header(r, 'X-CSRF-Token') ?? '-')).toEqual(['-', 'Fetch', 'T1', 'T1', 'T1', 'Fetch', 'T2']);
  });

  it('fails with ODataHttpError when the retry is refused again (refetch once, retry once)', async () => {
    const { client, sent } = clientWith([required, token('T1'), required]);
    const call = lastValueFrom(client.request({ method: 'POST', path: 'Run' }));
    await expect(call).rejects.toBeInstanceOf(ODataHttpError);
    await expect(call).rejects.toMatchObject({
      status: 403,
      method: 'POST',
      url: `${ROOT}Run`,
      odataError: { code: 'CSRF', message: 'CSRF token validation failed' },
    });
    expect(sent).toHaveLength(3);
  });

  it('fails with ODataHttpError when the fetch hands out no token', async () => {
    const { client } = clientWith([required, () => of(response(200))]);
    await expect(lastValueFrom(client.send(post))).rejects.toThrow(/without a CSRF token/);
  });

  it("'always': fetches before the first modifying request", async () => {
    const { client, sent } = clientWith([token('T1'), ok, ok], { csrf: 'always' });
    await lastValueFrom(client.send(post));
    await lastValueFrom(client.send(post));
    expect(sent.map((r) => header(r, 'X-CSRF-Token'))).toEqual(['Fetch', 'T1', 'T1']);
  });

  it("'always': when the token it fetched first is refused, fetches a fresh one and retries once", async () => {
    // The server rotated the token between the fetch and the POST: retrying with the refused
    // token would fail again, so the retry must carry a new one.
    const { client, sent } = clientWith([token('T1'), required, token('T2'), ok], { csrf: 'always' });
    await expect(lastValueFrom(client.send(post))).resolves.toMatchObject({ status: 204 });
    expect(sent.map((r) => header(r, 'X-CSRF-Token'))).toEqual(['Fetch', 'T1', 'Fetch', 'T2']);
  });

  it("'never': sends no token and does not retry a 403", async () => {
    const { client, sent } = clientWith([required], { csrf: 'never' });
    await expect(lastValueFrom(client.send(post))).resolves.toMatchObject({ status: 403 });
    expect(sent).toHaveLength(1);
  });

  it('sends no token with GET', async () => {
    const { client, sent } = clientWith([ok], { csrf: 'always' });
    await lastValueFrom(client.send({ method: 'GET', url: `${ROOT}Reports` }));
    expect(header(sent[0], 'X-CSRF-Token')).toBeUndefined();
  });

  it('shares one token fetch between concurrent requests', async () => {
    const { client, sent } = clientWith([token('T1'), ok, ok], { csrf: 'always' });
    await Promise.all([lastValueFrom(client.send(post)), lastValueFrom(client.send(post))]);
    expect(sent.map((r) => header(r, 'X-CSRF-Token'))).toEqual(['Fetch', 'T1', 'T1']);
  });
});

describe('CSRF: one fetch at a time', () => {
  it('a request that retries at once after a failed fetch starts the fetch that later requests join', () => {
    testScheduler().run(({ cold, flush }) => {
      const failLater = () => cold<HttpResponse>('--#', undefined, new ODataNetworkError({ method: 'GET', url: ROOT, code: 'ECONNRESET' }));
      const tokenLater = (value: string) => () => cold('-----a|', { a: response(200, '', { 'x-csrf-token': value }) });
      const { client, sent } = clientWith([failLater, tokenLater('T2'), ok, ok], { csrf: 'always' });
      // The fetch fails at 2 and retry(1) fetches again at once; the request at 4 joins that fetch.
      client.send(post).pipe(retry(1)).subscribe();
      cold('----b|').subscribe(() => client.send(post).subscribe());
      flush();
      expect(sent.map((r) => `${r.method} ${header(r, 'X-CSRF-Token')}`)).toEqual(['GET Fetch', 'GET Fetch', 'POST T2', 'POST T2']);
    });
  });

  it("'auto': a request made while another's fetch is under way goes out without a token, and is not failed by that fetch", () => {
    testScheduler().run(({ cold, flush }) => {
      const reset = new ODataNetworkError({ method: 'GET', url: ROOT, code: 'ECONNRESET' });
      const { client, sent } = clientWith([required, () => cold<HttpResponse>('---#', undefined, reset), ok]);
      const outcomes: string[] = [];
      const record = (name: string) => ({
        next: (r: HttpResponse) => outcomes.push(`${name} ${r.status}`),
        error: (e: unknown) => outcomes.push(`${name} ${e instanceof Error ? e.name : String(e)}`),
      });
      // A is refused and fetches; B, made at 1, was never refused; the fetch fails at 3.
      client.send(post).subscribe(record('A'));
      cold('-b|').subscribe(() => client.send(post).subscribe(record('B')));
      flush();
      expect(outcomes.sort()).toEqual(['A ODataNetworkError', 'B 204']);
      expect(sent.map((r) => `${r.method} ${header(r, 'X-CSRF-Token') ?? '-'}`)).toEqual(['POST -', 'GET Fetch', 'POST -']);
    });
  });

  it("'auto': such a request, refused after that fetch failed, fetches its own token and retries once", () => {
    testScheduler().run(({ cold, flush }) => {
      const reset = new ODataNetworkError({ method: 'GET', url: ROOT, code: 'ECONNRESET' });
      const refusedLater = () => cold('----r|', { r: response(403, '', { 'x-csrf-token': 'Required' }) });
      const { client, sent } = clientWith([required, () => cold<HttpResponse>('---#', undefined, reset), refusedLater, token('T2'), ok]);
      let answered: number | undefined;
      client.send(post).subscribe({ error: () => undefined });
      cold('-b|').subscribe(() => client.send(post).subscribe((r) => (answered = r.status)));
      flush();
      expect(answered).toBe(204);
      expect(sent.map((r) => `${r.method} ${header(r, 'X-CSRF-Token') ?? '-'}`)).toEqual(['POST -', 'GET Fetch', 'POST -', 'GET Fetch', 'POST T2']);
    });
  });

  it('each subscription to one call carries the token current when it subscribes', async () => {
    const { transport, sent } = scriptedTransport([required, token('T1'), ok, ok]);
    const call = csrfSession('auto', ROOT, (request) => defer(() => transport(request)))({ ...post, headers: {} });
    await lastValueFrom(call);
    await lastValueFrom(call);
    expect(sent.map((r) => header(r, 'X-CSRF-Token') ?? '-')).toEqual(['-', 'Fetch', 'T1', 'T1']);
  });
});

describe('CSRF and other origins', () => {
  it('handles CSRF only for the service origin: a 403 Required elsewhere fetches no token', async () => {
    const { client, sent } = clientWith([required], { allowedOrigins: ['https://mon.example'] });
    await expect(lastValueFrom(client.send({ method: 'POST', url: 'https://mon.example/x' }))).resolves.toMatchObject({ status: 403 });
    expect(sent).toHaveLength(1);
  });

  it('retries with the token another request fetched meanwhile instead of fetching again', () => {
    testScheduler().run(({ cold, flush }) => {
      const requiredLater = (frames: string) => () => cold(frames, { a: response(403, '', { 'x-csrf-token': 'Required' }) });
      const { client, sent } = clientWith([token('T1'), ok, requiredLater('-a|'), requiredLater('-----a|'), token('T2'), ok, ok], { csrf: 'always' });
      client.send(post).subscribe();
      // Both requests go out with T1; the first 403 fetches T2, the second retries with it.
      client.send(post).subscribe();
      client.send(post).subscribe();
      flush();
      expect(sent.map((r) => header(r, 'X-CSRF-Token'))).toEqual(['Fetch', 'T1', 'T1', 'T1', 'Fetch', 'T2', 'T2']);
    });
  });
});

describe('headers and origins', () => {
  it("ignores a transport's error after its answer: a redirect hop goes on", async () => {
    const { client, sent } = clientWith([
      () =>
        concat(
          of(response(302, '', { location: `${ROOT}moved` })),
          throwError(() => new Error('late')),
        ),
      () => timer(5).pipe(map(() => response(200, 'ok'))),
    ]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).resolves.toMatchObject({ status: 200, body: 'ok' });
    expect(sent).toHaveLength(2);
  });

  it('fails with ODataNetworkError when the transport completes without a response', async () => {
    const { client } = clientWith([() => EMPTY]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).rejects.toMatchObject({
      name: 'ODataNetworkError',
      message: `GET ${ROOT}a: the transport completed without a response`,
    });
  });

  it('keeps per-call credentials from a redirect to another allowed origin', async () => {
    const { client, sent } = clientWith([() => of(response(302, '', { location: 'https://mon.example/m' })), ok], { allowedOrigins: ['https://mon.example'] });
    await lastValueFrom(
      client.send({ method: 'GET', url: `${ROOT}a`, headers: { Authorization: 'Bearer x', 'x-csrf-token': 'T', cookie: 'a=1', 'X-Trace': '1' } }),
    );
    expect(sent[0]?.headers).toMatchObject({ Authorization: 'Bearer x', 'x-csrf-token': 'T', cookie: 'a=1' });
    expect(sent[1]?.headers).toEqual({ Accept: 'application/json', 'X-Trace': '1' });
  });

  it('reports the answering URL after a redirect, for resolving relative Locations', async () => {
    const { client } = clientWith([() => of(response(302, '', { location: '/sap/opu/odata/sap/ZSALES_SRV/moved/' })), ok]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).resolves.toMatchObject({ url: `${ROOT}moved/` });
  });

  it('refuses a response that a browser-style transport says came from another origin', async () => {
    const { client } = clientWith([() => of({ ...response(200), url: 'https://evil.example/after-redirect' })]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).rejects.toBeInstanceOf(LocationNotAllowedError);
  });

  it('counts the size limit in UTF-8 bytes', async () => {
    const { client } = clientWith([() => of(response(200, '€'.repeat(40))), () => of(response(200, '€'.repeat(30)))], { maxResponseBytes: 100 });
    // 40 × 3 bytes = 120 > 100, though only 40 characters
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).rejects.toBeInstanceOf(ODataProtocolError);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).resolves.toMatchObject({ status: 200 });
  });

  it('sends configured headers and Accept to the service origin only', async () => {
    const { client, sent } = clientWith([ok, ok], { headers: { Authorization: 'Bearer x', 'sap-client': '100' }, allowedOrigins: ['https://mon.example'] });
    await lastValueFrom(client.send({ method: 'GET', url: `${ROOT}Reports` }));
    await lastValueFrom(client.send({ method: 'GET', url: 'https://mon.example/m/1' }));
    expect(sent[0]?.headers).toMatchObject({ Accept: 'application/json', Authorization: 'Bearer x', 'sap-client': '100' });
    expect(sent[1]?.headers).toEqual({ Accept: 'application/json' });
  });

  it('refuses a URL on another origin before sending', async () => {
    const { client, sent } = clientWith([]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: 'https://evil.example/x' }))).rejects.toBeInstanceOf(LocationNotAllowedError);
    expect(sent).toHaveLength(0);
  });

  it('follows a GET redirect on the service origin, and refuses one to another origin', async () => {
    const { client, sent } = clientWith([
      () => of(response(302, '', { location: '/sap/opu/odata/sap/ZSALES_SRV/moved' })),
      ok,
      () => of(response(301, '', { location: 'https://evil.example/' })),
    ]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}a` }))).resolves.toMatchObject({ status: 204 });
    expect(sent.map((r) => r.url)).toEqual([`${ROOT}a`, `${ROOT}moved`]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}b` }))).rejects.toBeInstanceOf(LocationNotAllowedError);
    expect(sent).toHaveLength(3);
  });

  it('gives up after 5 redirects', async () => {
    const loop = () => of(response(302, '', { location: `${ROOT}loop` }));
    const { client } = clientWith([loop, loop, loop, loop, loop, loop]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}loop` }))).rejects.toThrow(/more than 5 redirects/);
  });

  it('does not follow redirects of modifying requests', async () => {
    const { client, sent } = clientWith([() => of(response(307, '', { location: `${ROOT}x` }))], { csrf: 'never' });
    await expect(lastValueFrom(client.send(post))).resolves.toMatchObject({ status: 307 });
    expect(sent).toHaveLength(1);
  });

  it('follows redirects of GET and HEAD only, not of OPTIONS', async () => {
    const moved = () => of(response(302, '', { location: `${ROOT}moved` }));
    const { client, sent } = clientWith([moved, ok, moved]);
    await expect(lastValueFrom(client.send({ method: 'HEAD', url: `${ROOT}a` }))).resolves.toMatchObject({ status: 204 });
    // OPTIONS is not an HttpMethod, but JavaScript can pass it.
    await expect(lastValueFrom(client.send({ method: 'OPTIONS' as never, url: `${ROOT}b` }))).resolves.toMatchObject({ status: 302 });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`HEAD ${ROOT}a`, `HEAD ${ROOT}moved`, `OPTIONS ${ROOT}b`]);
  });

  it('refuses a body over maxResponseBytes even when the transport let it through', async () => {
    const { client } = clientWith([() => of(response(200, 'x'.repeat(101)))], { maxResponseBytes: 100 });
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}big` }))).rejects.toBeInstanceOf(ODataProtocolError);
  });

  it('passes transport errors through', async () => {
    const { client } = clientWith([() => throwError(() => new Error('boom'))]);
    await expect(lastValueFrom(client.send({ method: 'GET', url: `${ROOT}x` }))).rejects.toThrow('boom');
  });
});

describe('a custom transport that answers with header names as they came', () => {
  it('reads them in lower case: the 202 is async, its Location and Retry-After are found', async () => {
    const { client } = clientWith([() => of({ status: 202, headers: { Location: `${ROOT}$monitor/1`, 'Retry-After': '7', 'X-Trace': 'a' }, body: '' })]);
    const result = await lastValueFrom(client.action('Run').execute());
    expect(result.isAsync()).toBe(true);
    expect(result.location()).toBe(`${ROOT}$monitor/1`);
    expect(result.retryAfterMs()).toBe(7000);
    expect(result.headers).toEqual({ location: `${ROOT}$monitor/1`, 'retry-after': '7', 'x-trace': 'a' });
  });

  it('joins names that differ only in case, as repeated headers are joined', async () => {
    const headers = { 'Set-Cookie': 'a=1', 'set-cookie': 'b=2', 'X-Tag': 'x', 'x-tag': 'y' };
    const { client } = clientWith([() => of({ status: 200, headers, body: '' })]);
    const result = await lastValueFrom(client.request({ method: 'GET', path: 'Orders' }));
    expect(result.headers).toEqual({ 'set-cookie': 'a=1\nb=2', 'x-tag': 'x, y' });
  });
});
