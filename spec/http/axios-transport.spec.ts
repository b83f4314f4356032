import axios from 'axios';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { axiosTransport } from '../../lib/http/axios-transport';
import { createODataClient } from '../../lib/odata/odata-client';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';
import { startLocalServer, until, type LocalServer } from '../support/local-server';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

describe('axiosTransport over real HTTP', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/status/500') res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":{"code":"X","message":"boom"}}');
      else if (req.url === '/big') res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(2048));
      else if (req.url === '/hang') res.writeHead(200, { 'Content-Type': 'text/plain' }).write('partial');
      else if (req.url === '/reset') req.socket.destroy();
      else if (req.url === '/cookies') res.writeHead(200, { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }).end();
      else if (req.url === '/redirect') res.writeHead(302, { Location: '/elsewhere' }).end();
      else
        res
          .writeHead(200, { 'Content-Type': 'application/json', 'X-Multi': 'v' })
          .end(JSON.stringify({ method: req.method, cookie: req.headers.cookie ?? null }));
    });
  });
  afterAll(() => server.close());

  const transport = (maxResponseBytes = 1024, timeout?: number) => axiosTransport(axios.create(), { maxResponseBytes, requestTimeout: timeout });

  it('hands every status back as a response, body as text, headers in lower case', async () => {
    const answer = await lastValueFrom(transport()({ method: 'GET', url: `${server.origin}/status/500`, headers: {} }));
    expect(answer).toEqual({
      status: 500,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      body: '{"error":{"code":"X","message":"boom"}}',
    });
  });

  it('does not follow redirects itself (the client origin-checks them)', async () => {
    const answer = await lastValueFrom(transport()({ method: 'GET', url: `${server.origin}/redirect`, headers: {} }));
    expect(answer.status).toBe(302);
    expect(answer.headers['location']).toBe('/elsewhere');
  });

  it('joins set-cookie lines with a newline', async () => {
    const answer = await lastValueFrom(transport()({ method: 'GET', url: `${server.origin}/cookies`, headers: {} }));
    expect(answer.headers['set-cookie']).toBe('a=1; Path=/\nb=2; Path=/');
  });

  it('refuses a body over maxResponseBytes with ODataProtocolError', async () => {
    await expect(lastValueFrom(transport(1024)({ method: 'GET', url: `${server.origin}/big`, headers: {} }))).rejects.toBeInstanceOf(ODataProtocolError);
  });

  it('turns a connection reset into ODataNetworkError with its code', async () => {
    const failure = lastValueFrom(transport()({ method: 'GET', url: `${server.origin}/reset`, headers: {} }));
    await expect(failure).rejects.toBeInstanceOf(ODataNetworkError);
    await expect(failure).rejects.toMatchObject({ code: 'ECONNRESET', method: 'GET' });
  });

  it("passes an interceptor's own error through as is: it is not a network error, so polls do not retry it", async () => {
    const instance = axios.create();
    const expired = new Error('session expired');
    instance.interceptors.request.use(() => Promise.reject(expired));
    const failure = lastValueFrom(axiosTransport(instance, { maxResponseBytes: 1024 })({ method: 'GET', url: `${server.origin}/echo`, headers: {} }));
    await expect(failure).rejects.toBe(expired);
  });

  it('turns a request timeout into ODataNetworkError ETIMEDOUT', async () => {
    await expect(lastValueFrom(transport(1024, 50)({ method: 'GET', url: `${server.origin}/hang`, headers: {} }))).rejects.toMatchObject({
      name: 'ODataNetworkError',
      code: 'ETIMEDOUT',
    });
  });

  it('aborts the request on unsubscribe: the server sees the socket close', async () => {
    const before = server.clientAborts.length;
    const subscription = transport()({ method: 'GET', url: `${server.origin}/hang`, headers: {} }).subscribe();
    await until(() => server.requests.some((r) => r.url === '/hang'), 'the request to arrive');
    subscription.unsubscribe();
    await until(() => server.clientAborts.length > before, 'the server to see the abort');
    expect(server.clientAborts.at(-1)).toBe('/hang');
  });

  it('keeps session cookies in Node for the service origin and sends them back', async () => {
    const client = createODataClient({ serviceRoot: `${server.origin}/`, csrf: 'never' });
    await firstValueFrom(client.request({ method: 'GET', path: 'cookies' }));
    const echo = await firstValueFrom(client.request({ method: 'GET', path: 'echo' }));
    expect(echo.data).toEqual({ method: 'GET', cookie: 'a=1; b=2' });
  });

  it('keeps no cookies when cookies: false', async () => {
    const client = createODataClient({ serviceRoot: `${server.origin}/`, csrf: 'never', cookies: false });
    await firstValueFrom(client.request({ method: 'GET', path: 'cookies' }));
    const echo = await firstValueFrom(client.request({ method: 'GET', path: 'echo' }));
    expect(echo.data).toEqual({ method: 'GET', cookie: null });
  });

  it('sends a request to another origin through a last filter: no credential or XSRF header, no auth, no browser cookies', async () => {
    const seen: { headers: Record<string, unknown>; auth: unknown; withCredentials: unknown; withXSRFToken: unknown }[] = [];
    const instance = axios.create({
      withCredentials: true,
      withXSRFToken: true,
      xsrfHeaderName: 'X-My-XSRF',
      auth: { username: 'u', password: 'p' },
      adapter: (config) => {
        const { auth, withCredentials, withXSRFToken } = config;
        seen.push({ headers: config.headers.toJSON(), auth, withCredentials, withXSRFToken });
        return Promise.resolve({ data: '', status: 204, statusText: '', headers: {}, config });
      },
    });
    instance.interceptors.request.use((config) => {
      config.headers.set('Authorization', 'Bearer t').set('Cookie', 'c=1').set('x-my-xsrf', 'x').set('X-Tenant', 'acme');
      return config;
    });
    const send = axiosTransport(instance, { maxResponseBytes: 1024, serviceOrigin: 'https://service.example' });
    await lastValueFrom(send({ method: 'GET', url: 'https://monitor.example/op/1', headers: {} }));
    await lastValueFrom(send({ method: 'GET', url: 'https://service.example/odata/Orders', headers: {} }));

    expect(seen[0]).toEqual({
      headers: expect.not.objectContaining({ Authorization: expect.anything(), Cookie: expect.anything(), 'x-my-xsrf': expect.anything() }),
      auth: undefined,
      withCredentials: false,
      withXSRFToken: false,
    });
    // Other headers an interceptor adds are its own business.
    expect(seen[0]?.headers).toMatchObject({ 'X-Tenant': 'acme' });
    // The service origin gets everything the caller's instance adds.
    expect(seen[1]).toMatchObject({
      headers: { Authorization: 'Bearer t', Cookie: 'c=1', 'x-my-xsrf': 'x' },
      auth: { username: 'u', password: 'p' },
      withCredentials: true,
      withXSRFToken: true,
    });
  });
});

describe('axiosTransport: the abort signal of each request', () => {
  /** An instance whose adapter records each request's signal and answers when told to. */
  function recordingInstance() {
    const signals: unknown[] = [];
    const answers: Array<() => void> = [];
    const instance = axios.create({
      adapter: (config) => {
        signals.push(config.signal);
        return new Promise((resolve) => {
          answers.push(() => {
            resolve({ data: '', status: 204, statusText: '', headers: {}, config });
          });
        });
      },
    });
    return { instance, signals, answers };
  }
  const request = { method: 'GET', url: 'https://service.example/odata/$monitor/1', headers: {} } as const;
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('gives requests in flight signals of their own, lends a settled one to a later request, and never an aborted one', async () => {
    const { instance, signals, answers } = recordingInstance();
    const send = axiosTransport(instance, { maxResponseBytes: 1024 });
    const a = send(request).subscribe();
    const b = send(request).subscribe();
    await flush();
    expect(signals).toHaveLength(2);
    expect(signals[1]).not.toBe(signals[0]);

    b.unsubscribe();
    expect(signals[1]).toMatchObject({ aborted: true });
    answers[0]?.();
    answers[1]?.();
    await flush();

    const c = send(request).subscribe();
    const d = send(request).subscribe();
    await flush();
    // a settled: its signal serves c; b's was aborted, so d gets a new one.
    expect(signals[2]).toBe(signals[0]);
    expect(signals[3]).not.toBe(signals[1]);
    expect(signals[3]).not.toBe(signals[0]);
    expect(signals[3]).toMatchObject({ aborted: false });

    // Leaving a request that has its answer aborts nothing: not c, which holds a's signal now.
    a.unsubscribe();
    expect(signals[2]).toMatchObject({ aborted: false });
    c.unsubscribe();
    d.unsubscribe();
    expect(signals[2]).toMatchObject({ aborted: true });
  });

  it("lends a failed request's signal to a later request once it has settled, not before", async () => {
    const signals: unknown[] = [];
    let fail: (error: Error) => void = () => undefined;
    const instance = axios.create({
      adapter: (config) => {
        signals.push(config.signal);
        return new Promise((_, reject) => {
          fail = reject;
        });
      },
    });
    const send = axiosTransport(instance, { maxResponseBytes: 1024 });
    const errors: unknown[] = [];
    send(request).subscribe({ error: (error: unknown) => errors.push(error) });
    await flush();
    send(request).subscribe({ error: (error: unknown) => errors.push(error) });
    await flush();
    expect(signals[1]).not.toBe(signals[0]);
    fail(new Error('adapter broke'));
    await flush();
    send(request).subscribe();
    await flush();
    expect(errors).toHaveLength(1);
    // The failed request settled (not aborted): its signal serves the next one.
    expect(signals[2]).toBe(signals[1]);
  });
});

describe('axiosTransport: what an axios instance hands back', () => {
  it('fails the call, naming the cause, when a response interceptor returns response.data', async () => {
    const instance = axios.create({
      adapter: (config) => Promise.resolve({ data: '', status: 204, statusText: 'No Content', headers: {}, config, request: {} }),
    });
    instance.interceptors.response.use((r) => r.data as never);
    const client = createODataClient({ serviceRoot: 'https://host.example/odata/', axios: instance, csrf: 'never' });
    await expect(lastValueFrom(client.request({ method: 'GET', path: 'Orders' }))).rejects.toThrow(
      /answered "" instead of a response; its response interceptors must return the response itself \(not response\.data\)/,
    );
  });
});
