/**
 * Answers that break on the wire, over real sockets on 127.0.0.1 (a node:net server writing raw
 * bytes): each reaches the user as ODataNetworkError (with the transport's error as `cause` and a
 * code to act on), never as axios's own error, and a poll retries it like any dropped connection.
 * A body that trickles in cannot hold a request past `requestTimeout`.
 */
import { AxiosError } from 'axios';
import { asyncOp$, createODataClient, isODataAsyncError, isODataNetworkError, ODataNetworkError, type ODataClient } from '../../lib/index';
import { settle } from '../support/settle';
import { until } from '../support/local-server';
import { rawAnswer, startRawServer, type RawRoute, type RawServer } from '../support/raw-server';

const JSON_HEAD = ['Content-Type: application/json'];

/** Writes the head and the first bytes of a 100-byte body, then `end`s the connection as given. */
const cutBody =
  (end: 'reset' | 'close'): RawRoute =>
  (socket) => {
    socket.write(rawAnswer('200 OK', [...JSON_HEAD, 'Content-Length: 100'], '{"status":'));
    setImmediate(() => (end === 'reset' ? socket.resetAndDestroy() : socket.end()));
  };

/** Each class of broken answer, the code the user sees, and the raw error axios gave (the cause). */
const BROKEN: ReadonlyArray<readonly [name: string, path: string, route: RawRoute, code: string]> = [
  ['a connection reset in the middle of the body', '/svc/reset-mid-body', cutBody('reset'), 'ECONNRESET'],
  ['a connection closed in the middle of the body', '/svc/close-mid-body', cutBody('close'), 'ECONNRESET'],
  [
    'a chunked body cut off between chunks',
    '/svc/cut-chunks',
    (socket) => {
      socket.write(rawAnswer('200 OK', [...JSON_HEAD, 'Transfer-Encoding: chunked'], '5\r\n{"a":\r\n'));
      setImmediate(() => socket.destroy());
    },
    'ECONNRESET',
  ],
  [
    'a malformed response head (a folded header line)',
    '/svc/folded',
    (socket) => socket.end(rawAnswer('200 OK', [...JSON_HEAD, 'X-Note: a', '  folded onto the next line', 'Content-Length: 2'], '{}')),
    'HPE_INVALID_HEADER_TOKEN',
  ],
  [
    'too many response headers',
    '/svc/many-headers',
    (socket) => socket.end(rawAnswer('200 OK', [...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`), 'Content-Length: 2'], '{}')),
    'HPE_HEADER_OVERFLOW',
  ],
  ['a status line that is not HTTP', '/svc/not-http', (socket) => socket.end('HTP/1.1 200 OK\r\n\r\n{}'), 'HPE_INVALID_CONSTANT'],
  [
    'a Content-Encoding: gzip that does not decode',
    '/svc/bad-gzip',
    (socket) => socket.end(rawAnswer('200 OK', [...JSON_HEAD, 'Content-Encoding: gzip', 'Content-Length: 10'], 'not gzip!!')),
    'Z_DATA_ERROR',
  ],
  [
    'a Content-Encoding: deflate that does not decode',
    '/svc/bad-deflate',
    (socket) => socket.end(rawAnswer('200 OK', [...JSON_HEAD, 'Content-Encoding: deflate', 'Content-Length: 10'], 'not zlib!!')),
    'Z_DATA_ERROR',
  ],
  [
    'a Content-Encoding: br that does not decode',
    '/svc/bad-br',
    (socket) => socket.end(rawAnswer('200 OK', [...JSON_HEAD, 'Content-Encoding: br', 'Content-Length: 10'], 'not brotli')),
    'ERR__ERROR_FORMAT_PADDING_2',
  ],
];

describe('broken answers over real sockets: ODataNetworkError, never a transport error', () => {
  let server: RawServer;
  let client: ODataClient;
  beforeAll(async () => {
    server = await startRawServer({
      ...Object.fromEntries(BROKEN.map(([, path, route]) => [path, route])),
      '/svc/Run': (socket) => socket.end(rawAnswer('202 Accepted', ['Location: /svc/monitor', 'Content-Length: 0'])),
      '/svc/Broken': cutBody('close'),
      // The first status request loses its connection mid-body; the next one answers.
      '/svc/monitor': (socket, { count }) => {
        if (count === 1) cutBody('close')(socket, { method: 'GET', path: '/svc/monitor', count });
        else socket.end(rawAnswer('200 OK', JSON_HEAD, '{"status":"Succeeded"}'));
      },
    });
    // retries: 0: each test is about one exchange (a GET without a complete answer is otherwise
    // retried, 3 times by default); asyncOp$'s own retries are its option.
    client = createODataClient({ serviceRoot: `${server.origin}/svc/`, csrf: 'never', retries: 0 });
  });
  afterAll(() => server.close());

  it.each(BROKEN)('%s: client.request() fails with ODataNetworkError, the AxiosError as cause', async (_, path, __, code) => {
    const { error } = await settle(client.request({ method: 'GET', path: path.slice('/svc/'.length) }));
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).not.toBeInstanceOf(AxiosError);
    expect(isODataAsyncError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ODataNetworkError', method: 'GET', url: `${server.origin}${path}`, code });
    expect((error as ODataNetworkError).cause).toBeInstanceOf(AxiosError);
  });

  it('an action whose answer is cut off mid-body fails with ODataNetworkError ECONNRESET', async () => {
    const { error } = await settle(client.action('Broken').execute());
    expect(error).toMatchObject({ name: 'ODataNetworkError', method: 'POST', code: 'ECONNRESET' });
    expect(isODataNetworkError(error)).toBe(true);
  });

  it('asyncOp$: an operation whose first status answer is cut off mid-body still ends Succeeded (the dropped connection is retried)', async () => {
    const before = server.requests.length;
    const { values, error, completed } = await settle(
      client
        .action('Run')
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 1 })),
    );
    expect(error).toBeUndefined();
    expect(completed).toBe(true);
    expect(values.map((u) => [u.status, u.poll])).toEqual([
      ['Running', 0],
      ['Succeeded', 1],
    ]);
    expect(server.requests.slice(before)).toEqual(['POST /svc/Run', 'GET /svc/monitor', 'GET /svc/monitor']);
    await until(() => server.openSockets() === 0, 'every socket to be released');
  });
});

describe('requestTimeout: one deadline for head and body', () => {
  let server: RawServer;
  /** Bytes of the trickling body written so far. */
  let trickled = 0;
  beforeAll(async () => {
    server = await startRawServer({
      // A 1000-byte body, one byte every 100 ms: 100 s to arrive in full. No pause is long enough for an idle timeout.
      '/svc/trickle': (socket) => {
        socket.write(rawAnswer('200 OK', [...JSON_HEAD, 'Content-Length: 1000']));
        const timer = setInterval(() => {
          trickled += 1;
          socket.write(' ');
        }, 100);
        socket.on('close', () => {
          clearInterval(timer);
        });
      },
    });
  });
  afterAll(() => server.close());

  it('a body that trickles a byte every 100 ms fails with ODataNetworkError ETIMEDOUT once the deadline passes, and the socket is released', async () => {
    const client = createODataClient({ serviceRoot: `${server.origin}/svc/`, requestTimeout: 600, retries: 0 });
    const { error } = await settle(client.request({ method: 'GET', path: 'trickle' }));
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', method: 'GET', url: `${server.origin}/svc/trickle` });
    expect((error as Error).message).toContain('requestTimeout (600 ms)');
    // The request was aborted: the server's socket closes, and its timer with it.
    await until(() => server.openSockets() === 0, 'the socket to be released');
    const stopped = trickled;
    expect(stopped).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(trickled).toBe(stopped);
  });
});
