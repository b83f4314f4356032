import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A bare node:http server on 127.0.0.1 answering with a handler, for answers the embedded server never gives. */
export interface StubServer {
  readonly origin: string;
  /** Every request, in arrival order (headers copied as they came). */
  readonly requests: Array<{ readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string | string[] | undefined>> }>;
  /** Closes the server and destroys its sockets, so that jest sees no open handle. */
  close(): Promise<void>;
}

/** Starts a stub; the handler runs once the request body has been read. */
export async function startStubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubServer> {
  const requests: StubServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    req.resume();
    req.on('end', () => {
      handler(req, res);
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
