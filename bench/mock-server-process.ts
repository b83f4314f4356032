// The embedded mock OData server in a child process of its own, so that its CPU, heap and event
// loop stay out of the client's measurements. Driven over the IPC channel by bench/server.ts.
import type { Scenario } from '../lib/testing/index.js';
import { builtTesting } from './built-lib.js';

/** A command from the parent, with the id its answer carries. */
interface Command {
  readonly id: number;
  readonly cmd: 'count' | 'operations' | 'clear' | 'close' | 'sample' | 'cpu';
  /** For `count`: a path prefix, and optionally the method. */
  readonly prefix?: string;
  readonly method?: string;
}

function isCommand(value: unknown): value is Command {
  return typeof value === 'object' && value !== null && 'id' in value && 'cmd' in value;
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('bench/mock-server-process.ts runs as a child process (fork) only');
  const scenarios: Record<string, Scenario> = JSON.parse(process.env['BENCH_SCENARIOS'] ?? '{}') as Record<string, Scenario>;
  // Bundled, like the client's library: the server answers faster than from tsx-transpiled files.
  const server = await builtTesting().startMockODataServer({ scenarios });
  const reply = (id: number, result: unknown): void => {
    send({ id, result });
  };
  // The parent went away (finished, or crashed): do not outlive it.
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
  process.on('message', (message: unknown) => {
    if (!isCommand(message)) return;
    const { id } = message;
    switch (message.cmd) {
      case 'count':
        reply(id, server.requestsTo((r) => r.url.startsWith(message.prefix ?? '') && (message.method === undefined || r.method === message.method)).length);
        return;
      case 'sample': {
        // One logged request, to compare what two clients sent.
        const found = server.requestsTo((r) => r.url.startsWith(message.prefix ?? '') && (message.method === undefined || r.method === message.method));
        const first = found[0];
        reply(id, first === undefined ? null : { method: first.method, url: first.url, headers: first.headers, body: first.body });
        return;
      }
      case 'operations':
        reply(
          id,
          server.operations().map((op) => ({ id: op.id, state: op.state, polls: op.polls, createdAt: op.createdAt, monitorUrl: op.monitorUrl })),
        );
        return;
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        reply(id, (user + system) / 1000);
        return;
      }
      case 'clear':
        server.clearLog();
        reply(id, true);
        return;
      case 'close':
        void server.close().then(() => {
          reply(id, true);
          process.removeAllListeners('disconnect');
          process.disconnect();
        });
        return;
    }
  });
  send({ ready: { origin: server.origin, v4Root: server.v4Root, v2Root: server.v2Root, azureRoot: server.azureRoot } });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
