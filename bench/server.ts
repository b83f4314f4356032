// Parent side of bench/mock-server-process.ts: forks the mock server and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Scenario } from '../lib/testing/index.js';
import { BENCH_DIR } from './paths.js';

/** A server operation as the child reports it. */
export interface ServerOperation {
  readonly id: string;
  readonly state: string;
  readonly polls: number;
  readonly createdAt: number;
  readonly monitorUrl: string;
}

/** A logged request as the child reports it. */
export interface SampledRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The mock OData server running in a child process. */
export interface ChildServer {
  readonly origin: string;
  readonly v4Root: string;
  readonly pid: number | undefined;
  /** Requests logged whose path+query starts with `prefix` (and with `method`, when given). */
  count(prefix: string, method?: string): Promise<number>;
  /** The first logged request matching, or null. */
  sample(prefix: string, method?: string): Promise<SampledRequest | null>;
  operations(): Promise<ServerOperation[]>;
  /** CPU time (user + system) the server process has used so far, ms. */
  cpuMs(): Promise<number>;
  clearLog(): Promise<void>;
  close(): Promise<void>;
}

interface Ready {
  readonly ready: { readonly origin: string; readonly v4Root: string };
}

interface Answer {
  readonly id: number;
  readonly result: unknown;
}

const isReady = (m: unknown): m is Ready => typeof m === 'object' && m !== null && 'ready' in m;
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && 'id' in m && 'result' in m;

/** Forks the mock server with named scenarios; resolves once it listens. */
export function startChildServer(scenarios: Readonly<Record<string, Scenario>> = {}): Promise<ChildServer> {
  const child: ChildProcess = fork(join(BENCH_DIR, 'mock-server-process.ts'), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    env: { ...process.env, BENCH_SCENARIOS: JSON.stringify(scenarios) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  const call = (cmd: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, cmd, ...extra });
    });

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`the mock server process exited with ${String(code)} before it was ready`));
    });
    child.on('message', (message: unknown) => {
      if (isAnswer(message)) {
        const done = pending.get(message.id);
        pending.delete(message.id);
        done?.(message.result);
        return;
      }
      if (!isReady(message)) return;
      child.removeAllListeners('exit');
      resolve({
        origin: message.ready.origin,
        v4Root: message.ready.v4Root,
        pid: child.pid,
        count: async (prefix, method) => Number(await call('count', { prefix, method })),
        sample: async (prefix, method) => (await call('sample', { prefix, method })) as SampledRequest | null,
        operations: async () => (await call('operations')) as ServerOperation[],
        cpuMs: async () => Number(await call('cpu')),
        clearLog: async () => {
          await call('clear');
        },
        close: async () => {
          if (child.exitCode !== null || !child.connected) return;
          const exited = new Promise<void>((done) => {
            child.once('exit', () => {
              done();
            });
          });
          await call('close');
          await exited;
        },
      });
    });
  });
}
