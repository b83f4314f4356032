import { lastValueFrom } from 'rxjs';
import * as nodeEntry from '../../lib/index';
import * as browserEntry from '../../lib/index.browser';
import { createODataClient as createForBrowser } from '../../lib/odata/odata-client.browser';
import { createODataClient } from '../../lib/odata/odata-client';
import { startMockODataServer, type MockODataServer } from '../../lib/testing/index';

/**
 * The browser entry (package.json `exports` "." condition `browser`): the same API, with a
 * createODataClient that keeps no cookie jar, because the browser keeps the cookies.
 */
describe('the browser entry and its createODataClient', () => {
  let server: MockODataServer;

  beforeAll(async () => {
    server = await startMockODataServer();
  });

  afterAll(async () => {
    await server.close();
  });

  /** The SAP function import with csrf 'always': the token fetch sets the session cookie the POST must carry. */
  const generate = (create: typeof createODataClient) =>
    lastValueFrom(create({ serviceRoot: server.v2Root, protocol: 'v2', csrf: 'always' }).action('SalesReportGenerate').parameter('Year', 2024).execute());

  it('exports what the Node entry exports, with its own createODataClient', () => {
    expect(Object.keys(browserEntry).sort()).toEqual(Object.keys(nodeEntry).sort());
    expect(browserEntry.createODataClient).toBe(createForBrowser);
    expect(nodeEntry.createODataClient).toBe(createODataClient);
    for (const name of Object.keys(nodeEntry).filter((key) => key !== 'createODataClient')) {
      expect([name, browserEntry[name as keyof typeof browserEntry]]).toEqual([name, nodeEntry[name as keyof typeof nodeEntry]]);
    }
  });

  it('in Node, axios keeps no cookies: the Node client keeps the SAP session cookie, so the POST is accepted', async () => {
    await expect(generate(createODataClient)).resolves.toMatchObject({ status: 202 });
  });

  it('the browser client keeps none (a browser would): outside a browser the server misses its session cookie', async () => {
    await expect(generate(createForBrowser)).rejects.toMatchObject({ name: 'ODataHttpError', status: 403 });
  });

  it('validates the configuration as the Node client does', () => {
    expect(() => createForBrowser({ serviceRoot: 'not a url' })).toThrow(TypeError);
  });
});
