import { createServer, type AddressInfo, type Socket } from 'node:net';

/** What a route does with the socket once the request head has arrived: write raw bytes, reset, trickle… */
export type RawRoute = (socket: Socket, request: { readonly method: string; readonly path: string; readonly count: number }) => void;

/**
 * A node:net server on 127.0.0.1 that answers with raw bytes: the answers node:http cannot be made
 * to send (a folded header line, a body cut off after its head, a lying Content-Encoding).
 */
export interface RawServer {
  readonly origin: string;
  /** Request lines seen (`GET /x`), in order. */
  readonly requests: readonly string[];
  /** Sockets still open: 0 once every exchange is over on both sides. */
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * Starts a raw server. `routes` maps a path (without query) to what is written; the route also
 * gets how many times the path was requested (1 for the first), for answers that change.
 */
export async function startRawServer(routes: Readonly<Record<string, RawRoute>>): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const counts = new Map<string, number>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset of our own making, or the client leaving, is what these tests are about.
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const [method = '', target = ''] = head.slice(0, head.indexOf('\r\n')).split(' ');
      const path = target.split('?')[0] ?? '';
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      requests.push(`${method} ${path}`);
      const route = routes[path];
      if (route === undefined) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      else route(socket, { method, path, count });
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A complete raw answer: status line, header lines, blank line, body; `Connection: close` so each exchange has its socket. */
export function rawAnswer(status: string, headers: readonly string[], body: string | Buffer = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = [`HTTP/1.1 ${status}`, ...headers, 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}
