// Starts EchoService with the OData v2 adapter on 127.0.0.1 and a free port, without a database.
// Run as a child process by spec/integration/cap/support/cap-server.ts (cwd: this folder, whose
// package.json configures CAP): a process of its own keeps CAP's global state and its many modules
// out of jest's module registry. It sends its origin to the parent over IPC, and stops when the
// parent disconnects or sends SIGTERM.
const cds = require('@sap/cds');
const express = require('express');
const cov2ap = require('@cap-js-community/odata-v2-adapter');

async function start() {
  const app = express();
  app.use(cov2ap());
  const csn = await cds.load('*');
  cds.model = cds.compile.for.nodejs(csn);
  await cds.serve('all').in(app);
  const server = app.listen(0, '127.0.0.1', () => {
    const url = `http://127.0.0.1:${server.address().port}`;
    cds.emit('listening', { server, url });
    process.send?.({ url });
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Keep-alive sockets (the client's, and the v2 adapter's proxy to its own v4 service) must not hold the exit.
    server.closeAllConnections();
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

start().catch((error) => {
  console.error(error);
  process.exit(1);
});
