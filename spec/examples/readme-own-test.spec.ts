// The README's "Testing your own code" example, verbatim: it must keep working as users copy it.
import { lastValueFrom, toArray } from 'rxjs';
import { asyncOp$, createODataClient } from 'rxjs-odata-async';
import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';

describe('my report service', () => {
  let server: MockODataServer;
  beforeAll(async () => {
    server = await startMockODataServer(); // 127.0.0.1, a free port
  });
  afterAll(() => server.close());

  it('generates the 2024 report', async () => {
    const client = createODataClient({ serviceRoot: server.v2Root, protocol: 'v2', headers: { 'X-Mock-Scenario': 'slow-progress' } });
    const updates = await lastValueFrom(
      client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 10 }), toArray()),
    );
    expect(updates.map((u) => u.status)).toEqual(['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Succeeded']);
    expect(updates.at(-1)?.percentComplete).toBe(100);
    expect(server.requests.filter((r) => r.url.includes('OperationStatusSet')).length).toBe(6);
  });
});
