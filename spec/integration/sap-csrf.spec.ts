/**
 * PROTOCOL.md "SAP CSRF", items 1–4, end to end against the embedded SAP Gateway v2 service,
 * which accepts a modifying request only with a valid token AND the session cookie it was issued for.
 */
import { lastValueFrom } from 'rxjs';
import { AsyncOpStatus, ODataHttpError, asyncOp$, type AsyncOpUpdate } from '../../lib/index';
import { expectInstance, summary, testClient, until, useMockServer, type TestClient, type TestClientOptions, type WireResponse } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const server = useMockServer();
const V2 = '/sap/opu/odata/sap/ZSALES_SRV/';
const ROOT_WITHOUT_SLASH = V2.slice(0, -1);
const ACTION = `${V2}SalesReportGenerate?Year=2024`;

const v2 = (options?: TestClientOptions): TestClient => testClient(server(), server().v2Root, { protocol: 'v2', ...options });
const generate = (c: TestClient) => c.client.action('SalesReportGenerate').parameter('Year', 2024).execute();

/** The token fetches a client received, in order. */
function fetches(c: TestClient): WireResponse[] {
  return c.wire.responses.filter((r) => r.method === 'GET' && r.url === server().v2Root);
}

/** `name=value` of each Set-Cookie line of a response. */
function setCookies(response: WireResponse | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of (response?.headers['set-cookie'] ?? '').split('\n')) {
    const pair = line.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

function cookiesSent(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

function neverTheRootWithoutSlash(c: TestClient): void {
  expect(c.log().filter((r) => r.url === ROOT_WITHOUT_SLASH || r.url.startsWith(`${ROOT_WITHOUT_SLASH}?`))).toEqual([]);
}

describe('SAP CSRF (PROTOCOL items 1–4)', () => {
  describe('SAP CSRF #1: fetch with GET <root>/ and X-CSRF-Token: Fetch; the answer has the token and the cookies', () => {
    it("SAP CSRF #1: csrf 'always' fetches first: GET <v2Root> with X-CSRF-Token: Fetch answers the token, SAP_SESSIONID_* and sap-XSRF_* cookies", async () => {
      const c = v2({ csrf: 'always', preferAsync: false });
      const result = await lastValueFrom(generate(c));
      expect(result.status).toBe(200);
      const log = await c.done();
      expect(summary(log)).toEqual([`GET ${V2} 200`, `POST ${ACTION} 200`]);
      expect(log[0]?.headers['x-csrf-token']).toBe('Fetch');
      const [fetched] = fetches(c);
      const token = fetched?.headers['x-csrf-token'] ?? '';
      expect(token).toMatch(/^[\w-]{16,}$/);
      const cookies = setCookies(fetched);
      expect([...cookies.keys()].sort()).toEqual(['SAP_SESSIONID_ABC_100', 'sap-XSRF_ABC_100']);
      expect(log[1]?.headers['x-csrf-token']).toBe(token);
      neverTheRootWithoutSlash(c);
    });

    it("SAP CSRF #1: csrf 'auto': a first modifying request without a token gets 403 X-CSRF-Token: Required, then one fetch, then the retry with the token", async () => {
      const c = v2({ preferAsync: false });
      const result = await lastValueFrom(generate(c));
      expect(result.status).toBe(200);
      const log = await c.done();
      expect(summary(log)).toEqual([`POST ${ACTION} 403`, `GET ${V2} 200`, `POST ${ACTION} 200`]);
      expect(log[0]?.headers['x-csrf-token']).toBeUndefined();
      expect(c.wire.responses[0]?.headers['x-csrf-token']).toBe('Required');
      expect(log[1]?.headers['x-csrf-token']).toBe('Fetch');
      expect(log[2]?.headers['x-csrf-token']).toBe(fetches(c)[0]?.headers['x-csrf-token']);
      neverTheRootWithoutSlash(c);
    });
  });

  describe('SAP CSRF #2: every non-GET request sends the token and the session cookies', () => {
    it('SAP CSRF #2: the function import POST and the cancel DELETE (cancelOnUnsubscribe) carry the token and both SAP cookies; polls carry the cookies', async () => {
      const c = v2({ csrf: 'always', scenario: 'never' });
      const updates: AsyncOpUpdate[] = [];
      const subscription = generate(c)
        .pipe(asyncOp$(c.client, { pollInterval: 5, cancelOnUnsubscribe: true }))
        .subscribe({
          next: (u) => {
            updates.push(u);
            // Leave right after the second poll's answer, before a third request is due.
            if (u.poll === 2) subscription.unsubscribe();
          },
        });
      await until(() => c.log().some((r) => r.method === 'DELETE' && r.status !== undefined), 'the cancel DELETE to be answered');
      const log = await c.done();
      const monitor = updates[0]?.location ?? '';
      const monitorPath = monitor.slice(server().origin.length);
      expect(monitorPath).toMatch(/^\/sap\/opu\/odata\/sap\/ZSALES_SRV\/OperationStatusSet\('\w+'\)$/);
      expect(updates.map((u) => [u.status, u.poll])).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Running, 1],
        [AsyncOpStatus.Running, 2],
      ]);
      expect(summary(log)).toEqual([`GET ${V2} 200`, `POST ${ACTION} 202`, `GET ${monitorPath} 200`, `GET ${monitorPath} 200`, `DELETE ${monitorPath} 204`]);

      const [fetched] = fetches(c);
      const token = fetched?.headers['x-csrf-token'];
      const issued = setCookies(fetched);
      for (const modifying of [log[1], log[4]]) {
        expect(modifying?.headers['x-csrf-token']).toBe(token);
        const sent = cookiesSent(modifying?.headers['cookie']);
        expect(sent.get('SAP_SESSIONID_ABC_100')).toBe(issued.get('SAP_SESSIONID_ABC_100'));
        expect(sent.get('sap-XSRF_ABC_100')).toBe(issued.get('sap-XSRF_ABC_100'));
      }
      for (const poll of [log[2], log[3]]) {
        expect(poll?.headers['x-csrf-token']).toBeUndefined();
        expect(cookiesSent(poll?.headers['cookie']).get('SAP_SESSIONID_ABC_100')).toBe(issued.get('SAP_SESSIONID_ABC_100'));
      }
      expect(
        server()
          .operations()
          .find((o) => o.monitorUrl === monitor)?.state,
      ).toBe('Cancelled');
    });

    it('SAP CSRF #2: token and cookies are kept by the client: a second call needs no second fetch', async () => {
      const c = v2({ csrf: 'always', preferAsync: false });
      await lastValueFrom(generate(c));
      await lastValueFrom(generate(c));
      const log = await c.done();
      expect(summary(log)).toEqual([`GET ${V2} 200`, `POST ${ACTION} 200`, `POST ${ACTION} 200`]);
      expect(log[2]?.headers['x-csrf-token']).toBe(log[1]?.headers['x-csrf-token']);
      expect(log[2]?.headers['cookie']).toBe(log[1]?.headers['cookie']);
    });
  });

  describe('SAP CSRF #3: missing, invalid or expired token → 403 Required: refetch once, retry once, then fail', () => {
    it('SAP CSRF #3: an expired token (expireCsrfTokens) → 403 Required → one refetch in the same session → one retry that succeeds', async () => {
      const c = v2({ csrf: 'always', preferAsync: false });
      await lastValueFrom(generate(c));
      const firstToken = fetches(c)[0]?.headers['x-csrf-token'];
      const session = setCookies(fetches(c)[0]).get('SAP_SESSIONID_ABC_100');
      server().expireCsrfTokens();

      const result = await lastValueFrom(generate(c));
      expect(result.status).toBe(200);
      const log = await c.done();
      expect(summary(log)).toEqual([`GET ${V2} 200`, `POST ${ACTION} 200`, `POST ${ACTION} 403`, `GET ${V2} 200`, `POST ${ACTION} 200`]);
      const secondToken = fetches(c)[1]?.headers['x-csrf-token'];
      expect(secondToken).not.toBe(firstToken);
      expect(log[2]?.headers['x-csrf-token']).toBe(firstToken);
      expect(log[3]?.headers['x-csrf-token']).toBe('Fetch');
      expect(log[4]?.headers['x-csrf-token']).toBe(secondToken);
      // The refetch kept the session: the token is bound to the same session cookie.
      expect(cookiesSent(log[3]?.headers['cookie']).get('SAP_SESSIONID_ABC_100')).toBe(session);
      expect(cookiesSent(log[4]?.headers['cookie']).get('SAP_SESSIONID_ABC_100')).toBe(session);
      neverTheRootWithoutSlash(c);
    });

    it('SAP CSRF #3: refused again after the refetch → the call fails with ODataHttpError 403, no second refetch or retry', async () => {
      let expireOnFetch = false;
      const c = v2({
        csrf: 'always',
        preferAsync: false,
        // Expire the fresh token the moment it arrives, so that the one retry is refused too.
        onResponse: (r) => {
          if (expireOnFetch && r.method === 'GET' && r.url === server().v2Root) server().expireCsrfTokens();
        },
      });
      await lastValueFrom(generate(c));
      server().expireCsrfTokens();
      expireOnFetch = true;

      const error = await lastValueFrom(generate(c)).then(
        () => undefined,
        (e: unknown) => e,
      );
      const http = expectInstance(error, ODataHttpError);
      expect(http.status).toBe(403);
      expect(http.method).toBe('POST');
      expect(http.headers['x-csrf-token']).toBe('Required');
      expect(http.odataError).toMatchObject({ code: '/IWFND/CM_BEC/026', message: 'CSRF token validation failed' });
      const log = await c.done();
      expect(summary(log)).toEqual([`GET ${V2} 200`, `POST ${ACTION} 200`, `POST ${ACTION} 403`, `GET ${V2} 200`, `POST ${ACTION} 403`]);
      expect(log[4]?.headers['x-csrf-token']).toBe(fetches(c)[1]?.headers['x-csrf-token']);
    });

    it('SAP CSRF #3: two calls refused at once share one refetch (refetch once)', async () => {
      const c = v2({ csrf: 'always', preferAsync: false });
      await lastValueFrom(generate(c));
      server().expireCsrfTokens();
      const [a, b] = await Promise.all([lastValueFrom(generate(c)), lastValueFrom(generate(c))]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const log = (await c.done()).slice(2);
      expect(log.filter((r) => r.method === 'GET')).toHaveLength(1);
      expect(
        log
          .filter((r) => r.method === 'POST')
          .map((r) => r.status)
          .sort(),
      ).toEqual([200, 200, 403, 403]);
      expect(log).toHaveLength(5);
    });
  });

  describe('SAP CSRF #4: fetch on the service root with its trailing slash', () => {
    it('SAP CSRF #4: a serviceRoot written without its slash still fetches on <root>/; the root without slash is never requested', async () => {
      const c = testClient(server(), server().v2Root.slice(0, -1), { protocol: 'v2', preferAsync: false });
      expect(c.client.serviceRoot).toBe(server().v2Root);
      await lastValueFrom(generate(c));
      expect(summary(await c.done())).toEqual([`POST ${ACTION} 403`, `GET ${V2} 200`, `POST ${ACTION} 200`]);
      neverTheRootWithoutSlash(c);
    });

    it('SAP CSRF #4: why: the root without its slash is a 301 to the root with it (the redirect a fetch must not depend on)', async () => {
      const c = v2();
      const result = await lastValueFrom(c.client.request({ method: 'GET', url: `${server().origin}${ROOT_WITHOUT_SLASH}` }));
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ EntitySets: ['Reports', 'OperationStatusSet'] });
      expect(summary(await c.done())).toEqual([`GET ${ROOT_WITHOUT_SLASH} 301`, `GET ${V2} 200`]);
      expect(c.wire.responses[0]?.headers['location']).toBe(server().v2Root);
    });
  });
});
