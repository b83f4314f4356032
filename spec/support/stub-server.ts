import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request as the stub saw it. */
export interface StubRequest {
  readonly method: string;
  readonly url: string;
  /** The URL without its query. */
  readonly path: string;
  /** The headers as they came (names in lower case). */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** The body as UTF-8; empty until it has been read (always read before the handler runs). */
  readonly body: string;
  /** `Date.now()` when the request arrived: for the gaps between polls. */
  readonly at: number;
  /** The client closed the socket before the response ended (an aborted request). */
  readonly abortedByClient: boolean;
}

/** A bare node:http server on 127.0.0.1 answering with a handler, for answers the embedded server never gives. */
export interface StubServer {
  readonly origin: string;
  /** Every request, in arrival order (headers copied as they came). */
  readonly requests: readonly StubRequest[];
  /** Closes the server and destroys its sockets, so that jest sees no open handle. */
  close(): Promise<void>;
}

type Recorded = { -readonly [K in keyof StubRequest]: StubRequest[K] };

/** Starts a stub; the handler runs once the request body has been read. */
export async function startStubServer(handler: (req: IncomingMessage, res: ServerResponse, seen: StubRequest) => void): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const seen: Recorded = {
      method: req.method ?? '',
      url,
      path: url.split('?')[0] ?? '',
      headers: { ...req.headers },
      body: '',
      at: Date.now(),
      abortedByClient: false,
    };
    requests.push(seen);
    res.on('close', () => {
      if (!res.writableEnded) seen.abortedByClient = true;
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.body = Buffer.concat(chunks).toString('utf8');
      handler(req, res, seen);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the stub server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
