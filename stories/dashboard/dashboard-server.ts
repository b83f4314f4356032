import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';
import { buildDashboard, DASHBOARD_PATH } from './build-page.js';

/** The embedded OData server with the dashboard on its own origin. */
export interface DashboardServer {
  readonly server: MockODataServer;
  /** The page, e.g. `http://127.0.0.1:PORT/dashboard/`. */
  readonly url: string;
}

/** Builds the dashboard and starts the embedded server that serves it and the OData services. */
export async function startDashboardServer(options: { readonly port?: number } = {}): Promise<DashboardServer> {
  const staticFiles = await buildDashboard();
  const server = await startMockODataServer({ staticFiles, ...(options.port === undefined ? {} : { port: options.port }) });
  return { server, url: server.origin + DASHBOARD_PATH };
}
