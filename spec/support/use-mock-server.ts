import { startMockODataServer, type MockODataServer, type MockServerOptions } from '../../lib/testing/index';

/** Starts one embedded server for the enclosing `describe` (`beforeAll`) and closes it afterwards. */
export function useMockServer(options?: MockServerOptions): () => MockODataServer {
  let server: MockODataServer | undefined;
  beforeAll(async () => {
    server = await startMockODataServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error('the mock server is not running');
    return server;
  };
}
