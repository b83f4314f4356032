/**
 * The Angular transport over real sockets on 127.0.0.1 (HttpClient with `withFetch()`): a body that
 * trickles in is bounded by `requestTimeout`, and a connection lost in the middle of a body is an
 * ODataNetworkError, never Angular's HttpErrorResponse.
 */
import { startAngularApp } from './support/angular-app';
import { HttpClient, HttpErrorResponse, provideHttpClient, withFetch } from '@angular/common/http';
import { provideZonelessChangeDetection, type ApplicationRef } from '@angular/core';
import { createODataClient, ODataNetworkError } from 'rxjs-odata-async';
import { httpClientTransport } from 'rxjs-odata-async/angular';
import { settle } from '../support/settle';
import { until } from '../support/local-server';
import { rawAnswer, startRawServer, type RawServer } from '../support/raw-server';

describe('httpClientTransport over real sockets (withFetch)', () => {
  let app: ApplicationRef;
  let server: RawServer;
  beforeAll(async () => {
    app = await startAngularApp({ providers: [provideZonelessChangeDetection(), provideHttpClient(withFetch())] });
    server = await startRawServer({
      // 1000 bytes, one every 100 ms.
      '/svc/trickle': (socket) => {
        socket.write(rawAnswer('200 OK', ['Content-Type: application/json', 'Content-Length: 1000']));
        const timer = setInterval(() => socket.write(' '), 100);
        socket.on('close', () => {
          clearInterval(timer);
        });
      },
      '/svc/cut': (socket) => {
        socket.write(rawAnswer('200 OK', ['Content-Type: application/json', 'Content-Length: 100'], '{"status":'));
        setImmediate(() => socket.resetAndDestroy());
      },
    });
  });
  afterAll(async () => {
    app.destroy();
    await server.close();
  });

  const client = (requestTimeout?: number) =>
    createODataClient({
      serviceRoot: `${server.origin}/svc/`,
      csrf: 'never',
      // One exchange per call: a GET that got no complete answer is otherwise retried (3 times by default).
      retries: 0,
      transport: httpClientTransport(app.injector.get(HttpClient), requestTimeout === undefined ? {} : { requestTimeout }),
    });

  it('a body that trickles a byte every 100 ms fails with ODataNetworkError ETIMEDOUT at the deadline, and the socket is released', async () => {
    const { error } = await settle(client(600).request({ method: 'GET', path: 'trickle' }));
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', method: 'GET' });
    await until(() => server.openSockets() === 0, 'the socket to be released');
  });

  it('a connection reset in the middle of the body is an ODataNetworkError, the HttpErrorResponse its cause', async () => {
    const { error } = await settle(client().request({ method: 'GET', path: 'cut' }));
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).not.toBeInstanceOf(HttpErrorResponse);
    expect((error as ODataNetworkError).cause).toBeInstanceOf(HttpErrorResponse);
  });
});
