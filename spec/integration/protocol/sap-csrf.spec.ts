/**
 * SAP Gateway's CSRF protection: a modifying request refused with 403 `X-CSRF-Token: Required`
 * makes the client fetch a token (with the session cookies that come with it) from the service
 * root and retry once; the token and cookies stay with the service's origin.
 */
import { lastValueFrom } from 'rxjs';
import { AsyncOpStatus, ODataHttpError, createAsyncPoller, createODataClient, type ODataClient } from 'rxjs-odata-async';
import { FAST, accepted, calls, clientFor, ok, serve, settle, type Reply, type Routes, type StubRequest } from '../../support/scripted-server';

const REQUIRED: Reply = {
  status: 403,
  headers: { 'X-CSRF-Token': 'Required' },
  body: { error: { code: '/IWFND/CM_BEC/026', message: { lang: 'en', value: 'CSRF token validation failed' } } },
};

/** The answer to a token fetch: the token, the session cookie and SAP's XSRF cookie. */
const FETCHED = (token: string, session = 'sess1'): Reply => ({
  status: 200,
  headers: {
    'X-CSRF-Token': token,
    'Set-Cookie': [`SAP_SESSIONID_ABC_100=${session}; path=/; HttpOnly`, `sap-XSRF_ABC_100=${token}-xsrf; path=/svc/`],
  },
  body: { d: { EntitySets: [] } },
});

/** A token fetch answered with the token `current()` holds now, and a session cookie. */
const fetchesToken = (current: () => string): Reply => ({
  status: 200,
  headers: { 'X-CSRF-Token': current(), 'Set-Cookie': ['SAP_SESSIONID_ABC_100=s; path=/'] },
});

/** `reply` if the request carries the token `current()` holds now, else 403 Required (without a body). */
const withToken =
  (current: () => string, reply: Reply) =>
  (q: StubRequest): Reply =>
    q.headers['x-csrf-token'] === current() ? reply : { status: 403, headers: { 'X-CSRF-Token': 'Required' } };

/** A SAP-like server: a modifying request needs the current token and both cookies. */
async function sapServer(extra: Routes = {}) {
  let current = 'tok-1';
  const fetches: StubRequest[] = [];
  const guard =
    (reply: Reply) =>
    (q: StubRequest): Reply => {
      const cookie = q.headers['cookie'] ?? '';
      return q.headers['x-csrf-token'] === current && cookie.includes('SAP_SESSIONID_ABC_100=') && cookie.includes('sap-XSRF_ABC_100=') ? reply : REQUIRED;
    };
  const fetchRoot = (q: StubRequest): Reply => {
    fetches.push(q);
    return q.headers['x-csrf-token']?.toString().toLowerCase() === 'fetch' ? FETCHED(current) : ok({ d: {} });
  };
  const s = await serve({
    'GET /svc/': fetchRoot,
    'HEAD /svc/': fetchRoot,
    'GET /svc': { status: 301, headers: { Location: '/svc/' } },
    'HEAD /svc': { status: 301, headers: { Location: '/svc/' } },
    'POST /svc/Run': guard(accepted('/svc/mon')),
    'GET /svc/mon': ok({ d: { Status: 'Running' } }),
    'DELETE /svc/mon': guard({ status: 204 }),
    ...extra,
  });
  return { s, fetches, expire: (next: string) => (current = next) };
}

/** Cancels the operation that `Run` started on `client`. */
async function runThenCancel(client: ODataClient) {
  const result = await lastValueFrom(client.action('Run').execute());
  return settle(createAsyncPoller(client, result.location()!, FAST).cancel());
}

describe('SAP CSRF', () => {
  describe('fetching a token when the service asks for one', () => {
    it('a 403 X-CSRF-Token: Required leads to GET|HEAD <root>/ with Fetch, then a retry with the token and both cookies', async () => {
      const { s, fetches } = await sapServer();
      const result = await lastValueFrom(clientFor(s, { protocol: 'v2' }).action('Run').execute());
      expect(result.status).toBe(202);
      expect(fetches).toHaveLength(1);
      expect(['GET', 'HEAD']).toContain(fetches[0]!.method);
      expect(fetches[0]!.path).toBe('/svc/');
      expect(String(fetches[0]!.headers['x-csrf-token']).toLowerCase()).toBe('fetch');
      const posts = s.hits('POST', '/svc/Run');
      expect(posts).toHaveLength(2);
      expect(posts[1]!.headers['x-csrf-token']).toBe('tok-1');
      expect(String(posts[1]!.headers['cookie'])).toContain('SAP_SESSIONID_ABC_100=sess1');
      expect(String(posts[1]!.headers['cookie'])).toContain('sap-XSRF_ABC_100=tok-1-xsrf');
    });

    it('the next modifying request reuses the token and cookies without a second fetch', async () => {
      const { s, fetches } = await sapServer();
      const client = clientFor(s, { protocol: 'v2' });
      await lastValueFrom(client.action('Run').execute());
      await lastValueFrom(client.action('Run').execute());
      expect(fetches).toHaveLength(1);
      const posts = s.hits('POST', '/svc/Run');
      expect(posts).toHaveLength(3);
      expect(posts[2]!.headers['x-csrf-token']).toBe('tok-1');
    });

    it('the cancel DELETE on a monitor carries the token and the session cookies', async () => {
      const { s } = await sapServer();
      const r = await runThenCancel(clientFor(s, { protocol: 'v2' }));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      const del = s.hits('DELETE', '/svc/mon');
      expect(del.at(-1)!.headers['x-csrf-token']).toBe('tok-1');
      expect(String(del.at(-1)!.headers['cookie'])).toContain('SAP_SESSIONID_ABC_100=');
    });

    it('a serviceRoot configured without its slash still fetches on the root with its slash', async () => {
      const { s, fetches } = await sapServer();
      const client = createODataClient({ serviceRoot: `${s.origin}/svc`, protocol: 'v2' });
      const result = await lastValueFrom(client.action('Run').execute());
      expect(result.status).toBe(202);
      expect(fetches.map((f) => f.path)).toEqual(['/svc/']);
      expect(s.requests.filter((q) => q.path === '/svc')).toHaveLength(0);
    });
  });

  describe('a token that is refused', () => {
    it('an expired token is fetched again once and the request retried once, with success', async () => {
      const { s, fetches, expire } = await sapServer();
      const client = clientFor(s, { protocol: 'v2' });
      await lastValueFrom(client.action('Run').execute());
      expire('tok-2');
      const result = await lastValueFrom(client.action('Run').execute());
      expect(result.status).toBe(202);
      expect(fetches).toHaveLength(2);
      const posts = s.hits('POST', '/svc/Run');
      expect(posts.map((p) => p.headers['x-csrf-token'])).toEqual([undefined, 'tok-1', 'tok-1', 'tok-2']);
    });

    it('a cancel DELETE whose token has expired is retried once with a fresh token, and is Cancelled', async () => {
      let current = 'tok-1';
      const s = await serve({
        'GET /svc/': () => fetchesToken(() => current),
        'HEAD /svc/': () => fetchesToken(() => current),
        'POST /svc/Run': withToken(() => current, accepted('/svc/mon')),
        'DELETE /svc/mon': withToken(() => current, { status: 204 }),
      });
      const client = clientFor(s, { protocol: 'v2' });
      const result = await lastValueFrom(client.action('Run').execute());
      current = 'tok-2';
      const r = await settle(createAsyncPoller(client, result.location()!, FAST).cancel());
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Cancelled);
      expect(s.hits('DELETE', '/svc/mon').map((q) => q.headers['x-csrf-token'])).toEqual(['tok-1', 'tok-2']);
    });

    it('a token that is always refused gives one fetch, one retry, then an ODataHttpError 403', async () => {
      const s = await serve({ 'POST /svc/Run': REQUIRED, 'GET /svc/': FETCHED('tok-x'), 'HEAD /svc/': FETCHED('tok-x') });
      const r = await settle(clientFor(s, { protocol: 'v2' }).action('Run').execute());
      expect(r.error).toBeInstanceOf(ODataHttpError);
      expect((r.error as ODataHttpError).status).toBe(403);
      expect(s.hits('POST', '/svc/Run')).toHaveLength(2);
      expect(s.requests.filter((q) => q.path === '/svc/')).toHaveLength(1);
    });

    it('a 403 without X-CSRF-Token: Required is not about the token: no fetch, an ODataHttpError 403', async () => {
      const s = await serve({
        'POST /svc/Run': { status: 403, body: { error: { code: 'AUTH', message: { lang: 'en', value: 'No authorization' } } } },
        'GET /svc/': FETCHED('t'),
      });
      const r = await settle(clientFor(s, { protocol: 'v2' }).action('Run').execute());
      expect((r.error as ODataHttpError).status).toBe(403);
      expect((r.error as ODataHttpError).odataError?.message).toBe('No authorization');
      expect(s.requests.filter((q) => q.path === '/svc/')).toHaveLength(0);
    });
  });

  describe("the csrf option: 'always' and 'never'", () => {
    it("'always' fetches the token before the first modifying request", async () => {
      const { s, fetches } = await sapServer();
      await lastValueFrom(clientFor(s, { protocol: 'v2', csrf: 'always' }).action('Run').execute());
      expect(fetches).toHaveLength(1);
      expect(calls(s)).toEqual([`${fetches[0]!.method} /svc/`, 'POST /svc/Run']);
    });

    it("'always': a pre-fetched token refused with 403 Required is replaced by a fresh fetch, and the request retried once with it", async () => {
      // The server rotated its token between the fetch and the POST (session expired, load balancer
      // switched): resending the refused token would fail again; a new fetch gives one that works.
      const tokens = ['tok-1', 'tok-2'];
      let issued = 0;
      const fetched = (): Reply => fetchesToken(() => tokens[Math.min(issued++, 1)]!);
      const s = await serve({
        'GET /svc/': fetched,
        'HEAD /svc/': fetched,
        'POST /svc/Run': withToken(() => 'tok-2', ok({ d: { Run: true } })),
      });
      const r = await settle(clientFor(s, { protocol: 'v2', csrf: 'always' }).action('Run').execute());
      expect(s.requests.map((q) => `${q.method} ${q.path} ${String(q.headers['x-csrf-token'])}`)).toEqual([
        'GET /svc/ Fetch',
        'POST /svc/Run tok-1',
        'GET /svc/ Fetch',
        'POST /svc/Run tok-2',
      ]);
      expect(r.error).toBeUndefined();
    });

    it("'never' fetches no token; the 403 is an ODataHttpError", async () => {
      const { s, fetches } = await sapServer();
      const r = await settle(clientFor(s, { protocol: 'v2', csrf: 'never' }).action('Run').execute());
      expect((r.error as ODataHttpError).status).toBe(403);
      expect(fetches).toHaveLength(0);
    });
  });

  describe('the token and cookies stay where they belong', () => {
    it('the session cookie of a token fetch with a narrower path is not sent outside that path', async () => {
      const s = await serve({
        'POST /svc/Run': [REQUIRED, ok({ d: {} })],
        'GET /svc/': { status: 200, headers: { 'X-CSRF-Token': 't1', 'Set-Cookie': ['SAP_SESSIONID_ABC_100=s; path=/svc/; HttpOnly'] } },
        'GET /elsewhere': ok({}),
      });
      const client = clientFor(s, { protocol: 'v2' });
      await lastValueFrom(client.action('Run').execute());
      await lastValueFrom(client.request({ method: 'GET', url: `${s.origin}/elsewhere` }));
      expect(s.hits('POST', '/svc/Run')[1]!.headers['cookie']).toContain('SAP_SESSIONID_ABC_100=s');
      expect(s.hits('GET', '/elsewhere')[0]!.headers['cookie']).toBeUndefined();
    });

    it('a monitor on another allowed origin that answers 403 Required never gets our token or cookies', async () => {
      const other = await serve({ 'DELETE /mon': { status: 403, headers: { 'X-CSRF-Token': 'Required' } } });
      const s = await serve({
        'GET /svc/': { status: 200, headers: { 'X-CSRF-Token': 'secret-token', 'Set-Cookie': ['SAP_SESSIONID_ABC_100=s; path=/'] } },
        'POST /svc/Run': withToken(() => 'secret-token', accepted(`${other.origin}/mon`)),
      });
      const r = await runThenCancel(clientFor(s, { protocol: 'v2', allowedOrigins: [other.origin] }));
      expect(r.error).toBeInstanceOf(ODataHttpError);
      for (const q of other.requests) {
        expect(q.headers['x-csrf-token']).toBeUndefined();
        expect(q.headers['cookie']).toBeUndefined();
      }
    });
  });
});
