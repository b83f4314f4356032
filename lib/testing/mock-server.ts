import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AzureStore } from './azure-store.js';
import type { MockContext } from './context.js';
import { corsHeaders, originPolicy, type OriginPolicy } from './cors.js';
import { CsrfStore } from './csrf.js';
import { v4ErrorReply } from './errors.js';
import { OperationStore, type OperationInfo } from './operations.js';
import type { Reply } from './reply.js';
import { RequestLog, type LogEntry, type LoggedRequest, type RequestFilter } from './request-log.js';
import { route } from './router.js';
import type { Scenario } from './scenario.js';
import { ScenarioRegistry } from './scenario-registry.js';
import { readStaticFiles, staticFileReply, type StaticFile, type StaticFiles } from './static-files.js';

/** Options of `startMockODataServer`. */
export interface MockServerOptions {
  /** TCP port on 127.0.0.1. @default 0 (a free port) */
  readonly port?: number;
  /**
   * Origins that may read answers from a browser (`Access-Control-Allow-Origin` with credentials):
   * a list, or a predicate. @default any `http://127.0.0.1:*` or `http://localhost:*` origin
   */
  readonly corsOrigins?: readonly string[] | ((origin: string) => boolean);
  /** Named scenarios to register at start (same as calling `setScenario` for each). */
  readonly scenarios?: Readonly<Record<string, Scenario>>;
  /** Changes to the defaults (same as calling `defaultScenario`). */
  readonly defaultScenario?: Scenario;
  /**
   * Text files served with GET and HEAD on the server's own origin, by exact URL path (outside
   * the service roots): an app's page and script, which then call the services without CORS.
   * @default {}
   * @example { '/app/': { contentType: 'text/html;charset=utf-8', body: html } }
   */
  readonly staticFiles?: StaticFiles;
}

/** A running mock OData server. */
export interface MockODataServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The OData v4 service root, `${origin}/odata/v4/sales/`. */
  readonly v4Root: string;
  /** The SAP Gateway v2 service root, `${origin}/sap/opu/odata/sap/ZSALES_SRV/`. */
  readonly v2Root: string;
  /** The root of the Azure and Graph style monitors, `${origin}/azure/`. */
  readonly azureRoot: string;
  /** Every request so far (preflights included), oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** Requests whose path+query starts with a prefix (a path, or an absolute URL of this server), or that match a predicate. */
  requestsTo(pathPrefixOrPredicate: RequestFilter): LoggedRequest[];
  /** Empties the request log. */
  clearLog(): void;
  /** Registers or replaces a named scenario; throws a `TypeError` for an invalid one. */
  setScenario(name: string, scenario: Scenario): void;
  /** Changes the defaults every scenario is layered over. */
  defaultScenario(scenario: Partial<Scenario>): void;
  /** Invalidates every issued CSRF token: the next modifying v2 request gets 403 `X-CSRF-Token: Required`. */
  expireCsrfTokens(): void;
  /** The operations started so far, oldest first. */
  operations(): readonly OperationInfo[];
  /** Stops the server, destroys open connections and clears timers. Idempotent. */
  close(): Promise<void>;
}

/** Bodies above this size get 413: enough for any test, small enough to stop a runaway client. */
const MAX_BODY_BYTES = 1024 * 1024;

const PATHS = { v4: '/odata/v4/sales/', v2: '/sap/opu/odata/sap/ZSALES_SRV/', azure: '/azure/' } as const;

function checkOptions(options: MockServerOptions): void {
  const { port, corsOrigins } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new TypeError(`startMockODataServer: port must be an integer 0..65535, got ${String(port)}`);
  }
  if (corsOrigins !== undefined && typeof corsOrigins !== 'function' && !Array.isArray(corsOrigins)) {
    throw new TypeError('startMockODataServer: corsOrigins must be an array of origins or a function');
  }
}

/**
 * Starts an embedded OData server on 127.0.0.1 with an OData v4 service, a SAP Gateway v2
 * service (with CSRF) and Azure/Graph style monitors, whose long-running operations follow
 * scenarios chosen per request (`X-Mock-Scenario`, `?mock-scenario=`, `X-Mock-Scenario-Json`).
 * Node only; meant for tests.
 *
 * @example
 * const server = await startMockODataServer();
 * const res = await fetch(`${server.v4Root}SalesReportGenerate`, {
 *   method: 'POST', headers: { Prefer: 'respond-async', 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ Year: 2024 }),
 * });
 * res.status;                    // 202
 * res.headers.get('location');   // http://127.0.0.1:PORT/odata/v4/sales/$monitor/<id>
 * await server.close();
 */
export async function startMockODataServer(options: MockServerOptions = {}): Promise<MockODataServer> {
  checkOptions(options);
  const staticFiles = readStaticFiles(options.staticFiles, Object.values(PATHS));
  const scenarios = new ScenarioRegistry();
  for (const [name, scenario] of Object.entries(options.scenarios ?? {})) scenarios.set(name, scenario);
  if (options.defaultScenario !== undefined) scenarios.changeDefaults(options.defaultScenario);
  const allowOrigin = originPolicy(options.corsOrigins);

  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startMockODataServer: the server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;

  const log = new RequestLog(origin);
  const ctx: MockContext = {
    origin,
    paths: PATHS,
    operations: new OperationStore(),
    scenarios,
    csrf: new CsrfStore(),
    azure: new AzureStore(),
    now: () => Date.now(),
  };
  const timers = new Set<NodeJS.Timeout>();
  let closing: Promise<void> | undefined;
  const schedule = (ms: number, fn: () => void): void => {
    if (closing !== undefined) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  server.on('request', (req, res) => {
    void serve(req, res, { ctx, log, allowOrigin, schedule, staticFiles });
  });

  return {
    origin,
    v4Root: origin + PATHS.v4,
    v2Root: origin + PATHS.v2,
    azureRoot: origin + PATHS.azure,
    get requests() {
      return log.all();
    },
    requestsTo: (filter) => log.matching(filter),
    clearLog: () => {
      log.clear();
    },
    setScenario: (name, scenario) => {
      scenarios.set(name, scenario);
    },
    defaultScenario: (scenario) => {
      scenarios.changeDefaults(scenario);
    },
    expireCsrfTokens: () => {
      ctx.csrf.expireAll();
    },
    operations: () => ctx.operations.info(origin),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => {
          resolve();
        });
        // server.close only stops accepting: keep-alive and pending connections would hold it open.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

interface ServeDeps {
  readonly ctx: MockContext;
  readonly log: RequestLog;
  readonly allowOrigin: OriginPolicy;
  readonly schedule: (ms: number, fn: () => void) => void;
  readonly staticFiles: ReadonlyMap<string, StaticFile>;
}

type BodyRead = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'too-large' } | { readonly kind: 'aborted' };

function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: unknown) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > MAX_BODY_BYTES) resolve({ kind: 'too-large' });
      else chunks.push(buffer);
    });
    // The first settlement wins: 'close' after 'end' changes nothing.
    req.on('end', () => {
      resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => {
      resolve({ kind: 'aborted' });
    });
    req.on('close', () => {
      resolve({ kind: 'aborted' });
    });
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  // From rawHeaders rather than req.headers: Node drops some repeated headers and a header named
  // __proto__ there. fromEntries defines own properties, so __proto__ stays a plain header.
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return Object.fromEntries(headers);
}

function internalError(error: unknown): Reply {
  const message = error instanceof Error ? error.message : String(error);
  return v4ErrorReply(500, 'InternalServerError', `The mock server failed: ${message}`);
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: ServeDeps): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const headers = headerRecord(req);
  const entry: LogEntry = deps.log.start(method, url, headers, Date.now());
  let clientGone = false;
  // The server broke the exchange on purpose (a reset, raw bytes): the client did not abandon it.
  let brokenByServer = false;
  res.on('finish', () => {
    entry.status = res.statusCode;
  });
  res.on('close', () => {
    clientGone = true;
    if (!res.writableFinished && !brokenByServer) entry.aborted = true;
  });

  const write = (reply: Reply): void => {
    if (clientGone || res.headersSent) return;
    if (reply.fault !== undefined) entry.fault = reply.fault;
    switch (reply.kind) {
      case 'reset':
        brokenByServer = true;
        req.socket.destroy();
        return;
      case 'raw': {
        brokenByServer = true;
        // Past the ServerResponse, straight to the socket: these are bytes Node's writer never sends.
        const { socket } = req;
        socket.write(Buffer.from(reply.bytes, 'latin1'), () => {
          if (reply.then === 'end') socket.end();
          else socket.resetAndDestroy();
        });
        return;
      }
      case 'delay':
        // Checked before `then` runs: an answer nobody receives must not advance the operation.
        deps.schedule(reply.ms, () => {
          if (!clientGone) write(attempt(reply.then));
        });
        return;
      case 'http': {
        const all = { ...corsHeaders(headers['origin'], deps.allowOrigin), ...reply.headers };
        try {
          for (const [name, value] of Object.entries(all)) res.setHeader(name, value);
        } catch (error) {
          // A header Node refuses (CR/LF from a scenario's text): a 500, never a crashed server.
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          write(internalError(error));
          return;
        }
        res.statusCode = reply.status;
        res.end(reply.body);
      }
    }
  };

  const body = await readBody(req);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    write(v4ErrorReply(413, 'PayloadTooLarge', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`, { headers: { Connection: 'close' } }));
    return;
  }
  entry.body = body.text;
  write(attempt(() => staticFileReply(deps.staticFiles, method, url) ?? route({ method, url, headers, body: body.text }, deps.ctx)));
}

// Whatever a handler throws becomes a 500: one broken request must never stop the server.
function attempt(handler: () => Reply): Reply {
  try {
    return handler();
  } catch (error) {
    return internalError(error);
  }
}
