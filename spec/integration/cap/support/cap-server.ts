/**
 * Starts the CAP service of `../app` (SAP CAP `@sap/cds` 9 with `@cap-js-community/odata-v2-adapter`,
 * no database) in a child process on 127.0.0.1 and a free port, for one spec file: `beforeAll`
 * starts it, `afterAll` stops it and waits for the process to exit, so that jest sees no open handle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';

const APP = join(__dirname, '..', 'app');
/** CAP loads and compiles its model at start: about half a second; a busy machine gets twenty times that. */
const START_TIMEOUT_MS = 20_000;
/** The last output of the server, shown when it fails to start (its log is noise otherwise). */
const KEPT_OUTPUT = 20_000;

/** A running CAP server. */
export interface CapServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The OData v4 root of EchoService: `<origin>/odata/v4/echo/`. */
  readonly v4Root: string;
  /** The OData v2 root of the same service, through the v2 adapter: `<origin>/odata/v2/echo/`. */
  readonly v2Root: string;
}

function start(): Promise<{ child: ChildProcess; origin: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
    };
    const child = fork(join(APP, 'server.js'), [], { cwd: APP, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the CAP server ${why}; its output:\n${output}`));
    };
    const timer = setTimeout(() => {
      fail(`did not start within ${START_TIMEOUT_MS} ms`);
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      fail(`exited with code ${String(code)}`);
    });
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const url = typeof message === 'object' && message !== null && 'url' in message ? message.url : undefined;
      if (typeof url === 'string') resolve({ child, origin: url });
      else fail(`sent ${JSON.stringify(message)} instead of its URL`);
    });
  });
}

/** Stops the child and resolves once it has exited (its pipes and IPC channel closed with it). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts one CAP server for the enclosing `describe` and stops it afterwards; the getter throws before it runs. */
export function useCapServer(): () => CapServer {
  let running: { child: ChildProcess; server: CapServer } | undefined;
  beforeAll(async () => {
    const { child, origin } = await start();
    running = { child, server: { origin, v4Root: `${origin}/odata/v4/echo/`, v2Root: `${origin}/odata/v2/echo/` } };
  }, START_TIMEOUT_MS + 1000);
  afterAll(async () => {
    if (running) await stop(running.child);
  });
  return () => {
    if (!running) throw new Error('the CAP server is not running');
    return running.server;
  };
}

/** How CAP handed one parameter value to the handler: its JS type and its exact text (hex for a Buffer). */
const Echoed = t.intersection([t.type({ type: t.string }), t.partial({ value: t.string })]);
/** How CAP handed one parameter value to the handler: its JS type and its exact text (hex for a Buffer). */
export type Echoed = t.TypeOf<typeof Echoed>;
const Echo = t.record(t.string, Echoed);

/** Reads an echo handler's answer: each parameter CAP parsed, described; an `Error` for anything else. */
export function echoed(data: string | undefined): Record<string, Echoed> {
  const decoded = Echo.decode(JSON.parse(data ?? 'null'));
  if (isLeft(decoded)) throw new Error(`not an echo: ${String(data)}`);
  return decoded.right;
}
