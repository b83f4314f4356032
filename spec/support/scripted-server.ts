/**
 * A node:http server on 127.0.0.1 that answers from a script, byte for byte (status line and
 * reason phrase, header casing, chunking, bodies), and the helpers the protocol specs share.
 *
 * Importing this module registers two things for the importing spec file: every scripted
 * server a test starts is closed after that test, and tests may take up to 20 s (some wait out
 * a real Retry-After of one second, which a loaded machine stretches).
 */
import type { ServerResponse } from 'node:http';
import { asyncOp$, createODataClient, type AsyncOpOptions, type AsyncOpUpdate, type ODataClient, type ODataClientConfig } from 'rxjs-odata-async';
import { settle, type Settled } from './settle';
import { startStubServer, type StubRequest, type StubServer } from './stub-server';
import { REAL_SERVER_TIMEOUT_MS } from './timeouts';

export { settle, type Settled } from './settle';
export { until } from './local-server';
export type { StubRequest } from './stub-server';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

/** One answer of the script. */
export interface Reply {
  readonly status?: number;
  readonly reason?: string;
  readonly headers?: Record<string, string | string[]>;
  /** A string is sent as is; anything else as JSON (with an OData JSON Content-Type unless given). */
  readonly body?: unknown;
  /** Sent with chunked transfer encoding, one write per chunk. */
  readonly chunks?: readonly string[];
  /** Destroy the socket without an answer (a network error). */
  readonly destroy?: boolean;
  /** Never answer. */
  readonly hang?: boolean;
}

/** A fixed reply, or one built from the request (and the server, for its origin). */
export type Step = Reply | ((req: StubRequest, server: ScriptedServer) => Reply);

/** `"METHOD /path?query"` (matched exactly), else `"METHOD /path"`, else `"*"`: a step, or steps in order (the last repeats). */
export type Routes = Record<string, Step | Step[]>;

export interface ScriptedServer extends StubServer {
  /** The requests with this method whose path (query stripped) equals `path`. */
  hits(method: string, path: string): StubRequest[];
}

const open: StubServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** Starts a server answering `routes`; an unknown route is a 404 with an OData error naming it. */
export async function serve(routes: Routes): Promise<ScriptedServer> {
  const answered = new Map<string, number>();
  const self: { server?: ScriptedServer } = {};
  const stub = await startStubServer((req, res, seen) => {
    const key = [`${seen.method} ${seen.url}`, `${seen.method} ${seen.path}`, '*'].find((k) => k in routes);
    if (key === undefined) {
      send(res, { status: 404, body: { error: { code: 'NoRoute', message: `no route for ${seen.method} ${seen.url}` } } });
      return;
    }
    const route = routes[key] as Step | Step[];
    const steps = Array.isArray(route) ? route : [route];
    const n = answered.get(key) ?? 0;
    answered.set(key, n + 1);
    const step = steps[Math.min(n, steps.length - 1)] as Step;
    const reply = typeof step === 'function' ? step(seen, self.server as ScriptedServer) : step;
    if (reply.destroy === true) {
      req.socket.destroy();
      return;
    }
    if (reply.hang !== true) send(res, reply);
  });
  const server: ScriptedServer = {
    ...stub,
    hits: (method, path) => stub.requests.filter((r) => r.method === method && r.path === path),
  };
  self.server = server;
  open.push(server);
  return server;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  const hasHeader = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
  let payload: string | undefined;
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    if (typeof reply.body !== 'string' && !hasHeader('content-type')) headers['Content-Type'] = 'application/json;odata.metadata=minimal';
  }
  const status = reply.status ?? 200;
  if (reply.chunks) {
    res.writeHead(status, reply.reason ?? REASONS[status] ?? 'Status', headers);
    for (const chunk of reply.chunks) res.write(chunk);
    res.end();
    return;
  }
  if (payload !== undefined && !hasHeader('content-length')) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, reply.reason ?? REASONS[status] ?? 'Status', headers);
  res.end(payload);
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Waits a fixed time: only to show that nothing more happens in it. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A client of the service at `/svc/` on the server. */
export function clientFor(server: StubServer, config: Partial<ODataClientConfig> = {}): ODataClient {
  return createODataClient({ serviceRoot: `${server.origin}/svc/`, ...config });
}

/** Polls without waiting between polls (as far as a timer allows). */
export const FAST: AsyncOpOptions = { pollInterval: 2 };

/** Calls the action `Run` and follows it with asyncOp$ to its end. */
export function run<R = unknown>(client: ODataClient, options: AsyncOpOptions<R> = {}): Promise<Settled<AsyncOpUpdate<R>>> {
  return settle(
    client
      .action('Run')
      .execute()
      .pipe(asyncOp$<R>(client, { pollInterval: 2, ...options })),
  );
}

/**
 * The common shape: `POST /svc/Run` is accepted with the monitor `/svc/mon`, which answers
 * `monitor`; `/svc/results/1` holds a result for status bodies that link to one.
 */
export async function pollMonitor<R = unknown>(
  monitor: Step | Step[],
  options: AsyncOpOptions<R> = {},
  config: Partial<ODataClientConfig> = {},
): Promise<{ s: ScriptedServer; r: Settled<AsyncOpUpdate<R>> }> {
  const s = await serve({ 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': monitor, 'GET /svc/results/1': ok({ d: { ID: '1', Total: '12.50' } }) });
  const r = await run<R>(clientFor(s, config), options);
  return { s, r };
}

/** `[status, poll]` of each update: the course of an operation at a glance. */
export const brief = (updates: readonly AsyncOpUpdate[]) => updates.map((u) => [u.status, u.poll]);

/** `METHOD /path` of each request, in order. */
export const calls = (server: StubServer) => server.requests.map((q) => `${q.method} ${q.path}`);

/** The path of a request, percent-decoded: the operation and its literals as the service reads them. */
export const decodedPath = (q: StubRequest) => decodeURIComponent(q.path);

/** The query of a request split on & and =, each side percent-decoded ('+' stays '+', as OData reads it). */
export function queryOf(q: StubRequest): Record<string, string> {
  const raw = q.url.split('?')[1] ?? '';
  const out: Record<string, string> = {};
  for (const part of raw.split('&').filter(Boolean)) {
    const i = part.indexOf('=');
    out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
  }
  return out;
}

/** 202 Accepted with a monitor Location, as a v4 service answers `Prefer: respond-async`. */
export const accepted = (location: string, extra: Record<string, string> = {}): Reply => ({
  status: 202,
  headers: { Location: location, 'Preference-Applied': 'respond-async', ...extra },
});

/** 202 from a monitor that is still running (and names where to ask next). */
export const running = (location: string, extra: Record<string, string> = {}): Reply => ({ status: 202, headers: { Location: location, ...extra } });

export const ok = (body: unknown, headers: Record<string, string> = {}): Reply => ({ status: 200, body, headers });

/** A 200 whose body is a whole HTTP response (the OData 4.0 completion form). */
export const httpEnvelope = (body: string, headers: Record<string, string> = {}): Reply => ({
  status: 200,
  headers: { 'Content-Type': 'application/http', ...headers },
  body,
});

/** The text of an HTTP response: status line, header lines, blank line, body (CRLF throughout). */
export function envelope(statusLine: string, headers: string[], body: string): string {
  return `${statusLine}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

/** An OData v4 JSON error with every field. */
export const V4_ERROR = {
  error: {
    code: 'SalesReport.Invalid',
    message: 'Year must be 2000 or later',
    target: 'Year',
    details: [{ code: 'Range', message: 'Year out of range', target: 'Year' }],
    innererror: { trace: 'abc' },
  },
};

/** A SAP Gateway v2 error: message as `{lang,value}`, details in `innererror.errordetails`. */
export const SAP_ERROR = {
  error: {
    code: '/IWBEP/CM_TEA/004',
    message: { lang: 'en', value: 'Resource not found for segment' },
    innererror: {
      transactionid: '4C2FE5F6A1B20160E10080000A1D0F5C',
      errordetails: [
        { code: 'ZSALES/001', message: 'Year is mandatory', propertyref: 'Year', severity: 'error', target: '' },
        { code: 'ZSALES/002', message: { lang: 'en', value: 'Region unknown' }, propertyref: '', severity: 'warning', target: 'Region' },
      ],
    },
  },
};
