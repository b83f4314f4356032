/**
 * Credentials reach the service origin only: configured headers, the SAP CSRF token, the
 * session cookies, and also what the caller's own axios instance carries by default
 * (`defaults.headers.common.Authorization`, `defaults.auth`, what its interceptors add, …). A host in `allowedOrigins`
 * may be polled, but it is a stranger to the service's credentials. Locations, result URLs,
 * redirects and resume tokens on other origins are refused before any request goes there.
 *
 * Everything over real HTTP: the embedded server as the service, a second one as an allowed
 * monitor host, and stub servers for redirects.
 */
import axios, { type AxiosInstance } from 'axios';
import { lastValueFrom, toArray } from 'rxjs';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { asyncOp$, createAsyncPoller, createODataClient, resumeAsyncPoller, type ODataClientConfig } from '../../lib/index';
import { startMockODataServer, type LoggedRequest, type MockODataServer } from '../../lib/testing/index';
import { settle, startStub, type StubServer } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-csrf-token'] as const;

function credentialsIn(requests: readonly LoggedRequest[]): string[] {
  return requests.flatMap((r) =>
    CREDENTIAL_HEADERS.filter((name) => r.headers[name] !== undefined).map((name) => `${r.method} ${r.url}: ${name}: ${r.headers[name]}`),
  );
}

/** Starts an operation on `server` directly (not through the client) and returns its monitor URL. */
async function monitorOn(server: MockODataServer): Promise<string> {
  const res = await fetch(`${server.v4Root}SalesReportGenerate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Prefer: 'respond-async', 'X-Mock-Scenario': 'fast' },
    body: JSON.stringify({ Year: 2024 }),
  });
  const location = res.headers.get('location');
  if (res.status !== 202 || location === null) throw new Error(`expected a 202 with a Location, got ${res.status}`);
  return location;
}

describe('credentials reach the service origin only', () => {
  let service: MockODataServer;
  let monitorHost: MockODataServer;
  beforeAll(async () => {
    [service, monitorHost] = await Promise.all([startMockODataServer(), startMockODataServer()]);
  });
  afterAll(async () => {
    await Promise.all([service.close(), monitorHost.close()]);
  });
  beforeEach(() => {
    service.clearLog();
    monitorHost.clearLog();
  });

  async function pollElsewhere(config: Omit<ODataClientConfig, 'serviceRoot'>): Promise<void> {
    const client = createODataClient({ serviceRoot: service.v4Root, allowedOrigins: [monitorHost.origin], ...config });
    // A call to the service, then a monitor on the allowed host: same client, same session.
    await lastValueFrom(client.request({ method: 'GET', path: 'Orders' }));
    const done = await createAsyncPoller(client, await monitorOn(monitorHost), { pollInterval: 0 }).wait();
    expect(done.status).toBe('Succeeded');
  }

  it("keeps the axios instance's default credential headers (Authorization, Proxy-Authorization, Cookie, X-CSRF-Token) from an allowedOrigins host", async () => {
    const instance: AxiosInstance = axios.create();
    instance.defaults.headers.common['Authorization'] = 'Bearer service-secret';
    instance.defaults.headers.common['Proxy-Authorization'] = 'Basic cHJveHk6c2VjcmV0';
    instance.defaults.headers.common['Cookie'] = 'SAP_SESSIONID_ABC_100=from-defaults';
    instance.defaults.headers.common['X-CSRF-Token'] = 'token-from-defaults';
    instance.defaults.headers.get['Authorization'] = 'Bearer service-secret-get';
    await pollElsewhere({ axios: instance });

    expect(credentialsIn(monitorHost.requests)).toEqual([]);
    // The service still gets them: the instance is the caller's way to authenticate there.
    expect(service.requests[0]?.headers['authorization']).toBe('Bearer service-secret-get');
    expect(service.requests[0]?.headers['x-csrf-token']).toBe('token-from-defaults');
  });

  it("keeps what the axios instance's interceptors add (a token on every request) from an allowedOrigins host", async () => {
    const instance = axios.create();
    instance.interceptors.request.use((config) => {
      config.headers.set('Authorization', 'Bearer from-interceptor');
      config.headers.set('X-CSRF-Token', 'token-from-interceptor');
      config.auth = { username: 'user', password: 'interceptor-password' };
      return config;
    });
    await pollElsewhere({ axios: instance });

    expect(credentialsIn(monitorHost.requests)).toEqual([]);
    // The service still gets what the interceptor adds: it is the caller's way to authenticate there.
    expect(service.requests[0]?.headers['x-csrf-token']).toBe('token-from-interceptor');
    expect(service.requests[0]?.headers['authorization']).toMatch(/^(Bearer from-interceptor|Basic )/);
  });

  it("keeps the axios instance's basic auth (defaults.auth) from an allowedOrigins host", async () => {
    const instance = axios.create({ auth: { username: 'user', password: 'service-password' } });
    await pollElsewhere({ axios: instance });

    expect(credentialsIn(monitorHost.requests)).toEqual([]);
    expect(service.requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('user:service-password').toString('base64')}`);
  });

  it('keeps configured headers from an allowedOrigins host', async () => {
    await pollElsewhere({ headers: { Authorization: 'Bearer configured', 'X-Tenant': 'acme' } });

    expect(credentialsIn(monitorHost.requests)).toEqual([]);
    expect(monitorHost.requests.some((r) => r.headers['x-tenant'] !== undefined)).toBe(false);
    expect(service.requests[0]?.headers['authorization']).toBe('Bearer configured');
  });

  it('keeps the SAP CSRF token and the session cookies from an allowedOrigins host', async () => {
    const client = createODataClient({
      serviceRoot: service.v2Root,
      protocol: 'v2',
      allowedOrigins: [monitorHost.origin],
      headers: { 'X-Mock-Scenario': 'fast' },
    });
    const updates = await lastValueFrom(
      client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 0 }), toArray()),
    );
    expect(updates.at(-1)?.status).toBe('Succeeded');
    // The POST carried the fetched token and the cookies the service set with it.
    const post = service.requests.filter((r) => r.method === 'POST').at(-1);
    expect(post?.headers['x-csrf-token']).toBeDefined();
    expect(post?.headers['cookie']).toMatch(/SAP_SESSIONID_ABC_100=.*sap-XSRF_ABC_100=|sap-XSRF_ABC_100=.*SAP_SESSIONID_ABC_100=/);

    await createAsyncPoller(client, await monitorOn(monitorHost), { pollInterval: 0 }).wait();
    await lastValueFrom(
      client.request({ method: 'POST', url: `${monitorHost.v4Root}SalesReportGenerate`, body: { Year: 2024 }, headers: { 'X-Mock-Scenario': 'sync' } }),
    );
    expect(monitorHost.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(credentialsIn(monitorHost.requests)).toEqual([]);
  });
});

describe('other origins are refused before any request goes there', () => {
  let service: MockODataServer;
  let stranger: MockODataServer;
  let redirector: StubServer;
  beforeAll(async () => {
    [service, stranger] = await Promise.all([startMockODataServer(), startMockODataServer()]);
    // A "service" whose monitor redirects: to the stranger, to a monitor host it allows, or to itself.
    redirector = await startStub((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (target !== null) {
        res.writeHead(302, { Location: target }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'Succeeded' }));
    });
  });
  afterAll(async () => {
    await Promise.all([service.close(), stranger.close(), redirector.close()]);
  });

  it('refuses a 202 Location on another origin (LocationNotAllowedError), sending nothing there', async () => {
    const client = createODataClient({
      serviceRoot: service.v4Root,
      headers: { Authorization: 'Bearer s', 'X-Mock-Scenario-Json': JSON.stringify({ foreignLocation: `${stranger.v4Root}$monitor/x` }) },
    });
    const run = await settle(
      client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 0 })),
    );
    expect(run.error).toBeInstanceOf(LocationNotAllowedError);
    expect((run.error as Error).message).toContain(`its origin ${stranger.origin} is not allowed`);
    expect(stranger.requests).toEqual([]);
  });

  it('refuses a redirect of a status request to another origin, sending nothing there', async () => {
    const client = createODataClient({ serviceRoot: `${redirector.origin}/odata/`, headers: { Authorization: 'Bearer s' } });
    const monitor = `${redirector.origin}/odata/$monitor/1?to=${encodeURIComponent(`${stranger.v4Root}$monitor/1`)}`;
    const run = await settle(createAsyncPoller(client, monitor, { pollInterval: 0 }).status$);
    expect(run.error).toBeInstanceOf(LocationNotAllowedError);
    expect(stranger.requests).toEqual([]);
  });

  it('follows a redirect to an allowedOrigins host without the credentials', async () => {
    const client = createODataClient({
      serviceRoot: `${redirector.origin}/odata/`,
      allowedOrigins: [stranger.origin],
      headers: { Authorization: 'Bearer s', Cookie: 'session=1' },
    });
    const monitor = await monitorOn(stranger);
    const done = await createAsyncPoller(client, `${redirector.origin}/odata/$monitor/1?to=${encodeURIComponent(monitor)}`, { pollInterval: 0 }).wait();
    expect(done.status).toBe('Succeeded');
    expect(redirector.requests[redirector.requests.length - 1]?.headers['authorization']).toBe('Bearer s');
    expect(credentialsIn(stranger.requests)).toEqual([]);
  });

  it('refuses a resume token whose monitor is on another origin, and a token that was altered', () => {
    const before = stranger.requests.length;
    const trusting = createODataClient({ serviceRoot: service.v4Root, allowedOrigins: [stranger.origin] });
    const token = createAsyncPoller(trusting, `${stranger.v4Root}$monitor/x`).serialize();
    const client = createODataClient({ serviceRoot: service.v4Root });
    expect(() => resumeAsyncPoller(client, token)).toThrow(LocationNotAllowedError);
    const own = createAsyncPoller(client, `${service.v4Root}$monitor/x`).serialize();
    expect(() => resumeAsyncPoller(client, { ...own, location: `${stranger.v4Root}$monitor/x` })).toThrow(/altered or truncated/);
    expect(stranger.requests.length).toBe(before);
  });
});
