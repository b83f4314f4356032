/**
 * `npm run story:dashboard [-- --port N]`: serves the dashboard for a person, prints its URL and
 * stays up until Ctrl-C (SIGINT) or SIGTERM, then closes the server.
 */
import { startDashboardServer } from './dashboard-server.js';

function parsePort(argv: readonly string[]): number | undefined {
  const at = argv.indexOf('--port');
  if (at < 0) return undefined;
  const port = Number(argv[at + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0..65535, got ${String(argv[at + 1])}`);
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  const { server, url } = await startDashboardServer(port === undefined ? {} : { port });
  console.log(`Dashboard: ${url}`);
  console.log(`OData v4 service: ${server.v4Root}`);
  console.log('Press Ctrl-C to stop.');
  const stop = (signal: NodeJS.Signals): void => {
    console.log(`\n${signal}: closing the server`);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
