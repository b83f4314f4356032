// The embedded mock OData server in a child process of its own, for bench/leak-cycles.ts: its
// request log, operations and sockets stay out of the heap and the handles being measured.
// Started with fork(); sends { v4Root } once listening; 'clear' empties its log; 'close' ends it.
import { startMockODataServer } from '../../lib/testing/index.js';

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('bench/support/leak-server.ts runs as a child process (fork) only');
  const server = await startMockODataServer();
  process.on('message', (message: unknown) => {
    if (message === 'clear') server.clearLog();
    if (message === 'close') void server.close().then(() => process.exit(0));
  });
  // The parent going away ends the child too.
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ v4Root: server.v4Root });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
