/**
 * Where the library polls: a relative Location is resolved against the URL of the response that
 * carried it, and nothing is sent to an origin other than the service's unless allowed (and then
 * without the service's credentials).
 */
import { lastValueFrom, of } from 'rxjs';
import { AsyncOpStatus, LocationNotAllowedError, asyncOp$, createAsyncPoller } from 'rxjs-odata-async';
import { FAST, accepted, clientFor, ok, pause, run, running, serve, settle, type Routes } from '../../support/scripted-server';

/** A second server that answers everything: it must never be reached. */
const bystander = () => serve({ '*': ok({ status: 'succeeded' }) });

/** Runs `Run` on a server answering `routes`; the run must be refused with LocationNotAllowedError. */
async function expectRefused(routes: Routes) {
  const s = await serve(routes);
  const r = await run(clientFor(s));
  expect(r.error).toBeInstanceOf(LocationNotAllowedError);
  return s;
}

describe('Location resolution and origins', () => {
  describe('a relative Location is resolved against the response that carried it', () => {
    it("a relative Location on the action's 202 resolves against the action URL", async () => {
      const s = await serve({ 'POST /svc/Run': accepted('Monitor(1)'), 'GET /svc/Monitor(1)': ok({ x: 1 }, { AsyncResult: '200' }) });
      const client = clientFor(s);
      const result = await lastValueFrom(client.action('Run').execute());
      expect(result.location()).toBe(`${s.origin}/svc/Monitor(1)`);
      const r = await settle(of(result).pipe(asyncOp$(client, FAST)));
      expect(r.error).toBeUndefined();
      expect(s.hits('GET', '/svc/Monitor(1)')).toHaveLength(1);
    });

    it("relative Locations from a monitor resolve against that monitor's URL, not the service root", async () => {
      const s = await serve({
        'POST /svc/Run': accepted('jobs/1/status'),
        'GET /svc/jobs/1/status': running('next'),
        'GET /svc/jobs/1/next': running('../2/status'),
        'GET /svc/jobs/2/status': running('/other/monitor?id=2'),
        'GET /other/monitor': ok({ x: 1 }, { AsyncResult: '200' }),
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(s.requests.map((q) => q.url)).toEqual(['/svc/Run', '/svc/jobs/1/status', '/svc/jobs/1/next', '/svc/jobs/2/status', '/other/monitor?id=2']);
    });

    it('after a redirect, a relative Location resolves against the final (redirected) URL', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/a/mon'),
        'GET /svc/a/mon': { status: 307, headers: { Location: '/svc/b/mon' } },
        'GET /svc/b/mon': running('next'),
        'GET /svc/b/next': ok({ x: 1 }, { AsyncResult: '200' }),
        'GET /svc/a/next': { status: 404 },
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(s.requests.map((q) => q.path)).toEqual(['/svc/Run', '/svc/a/mon', '/svc/b/mon', '/svc/b/next']);
    });

    it('an absolute Location whose scheme and host are in upper case is the same origin', async () => {
      const s = await serve({
        'POST /svc/Run': (_q, st) => accepted(`HTTP://127.0.0.1:${new URL(st.origin).port}/svc/mon`),
        'GET /svc/mon': ok({ status: 'Succeeded' }),
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });
  });

  describe('another origin is refused and never reached', () => {
    it("a Location on another origin is refused (LocationNotAllowedError), even with the caller's Authorization", async () => {
      const other = await bystander();
      const s = await serve({ 'POST /svc/Run': accepted(`${other.origin}/svc/mon`) });
      const client = clientFor(s, { headers: { Authorization: 'Basic c2VjcmV0' } });
      const r = await run(client);
      expect(r.error).toBeInstanceOf(LocationNotAllowedError);
      await pause(20);
      expect(other.requests).toHaveLength(0);
    });

    it('a poll that moves the Location to another origin is refused', async () => {
      const other = await bystander();
      await expectRefused({ 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': running(`${other.origin}/steal`) });
      await pause(20);
      expect(other.requests).toHaveLength(0);
    });

    it('a protocol-relative Location (//other-host:port/x) is refused', async () => {
      const other = await bystander();
      await expectRefused({ 'POST /svc/Run': accepted(`//${other.origin.slice('http://'.length)}/mon`) });
      expect(other.requests).toHaveLength(0);
    });

    it('a monitor redirect to another origin is refused', async () => {
      const other = await bystander();
      await expectRefused({ 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': () => ({ status: 302, headers: { Location: `${other.origin}/mon` } }) });
      await pause(20);
      expect(other.requests).toHaveLength(0);
    });

    it('a non-http(s) Location is refused', async () => {
      await expectRefused({ 'POST /svc/Run': accepted('ftp://127.0.0.1/mon') });
    });

    it('the same host over https is another origin: refused', async () => {
      await expectRefused({ 'POST /svc/Run': (_q, st) => accepted(`${st.origin.replace('http:', 'https:')}/svc/mon`) });
    });

    it('localhost and 127.0.0.1 are different origins: refused', async () => {
      const s = await expectRefused({ 'POST /svc/Run': (_q, st) => accepted(`${st.origin.replace('127.0.0.1', 'localhost')}/svc/mon`) });
      expect(s.hits('GET', '/svc/mon')).toHaveLength(0);
    });

    it('createAsyncPoller with a monitor URL on another origin throws LocationNotAllowedError at once', async () => {
      const s = await serve({});
      expect(() => createAsyncPoller(clientFor(s), 'http://127.0.0.2:1/mon')).toThrow(LocationNotAllowedError);
    });
  });

  it('an allowed other origin is polled without the credentials, CSRF token, cookies or custom headers of the service', async () => {
    const other = await serve({ 'GET /mon': ok({ status: 'succeeded' }) });
    const s = await serve({
      'POST /svc/Run': [{ status: 403, headers: { 'X-CSRF-Token': 'Required' } }, accepted(`${other.origin}/mon`)],
      'GET /svc/': {
        status: 200,
        headers: { 'X-CSRF-Token': 'tok-1', 'Set-Cookie': ['SAP_SESSIONID_ABC_100=sess; Path=/; HttpOnly', 'sap-XSRF_ABC_100=xsrf; Path=/'] },
      },
    });
    const client = clientFor(s, { allowedOrigins: [other.origin], headers: { Authorization: 'Basic c2VjcmV0', 'X-Custom': 'mine' } });
    const r = await run(client);
    expect(r.error).toBeUndefined();
    expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
    const poll = other.requests[0]!;
    expect(poll.headers['authorization']).toBeUndefined();
    expect(poll.headers['cookie']).toBeUndefined();
    expect(poll.headers['x-csrf-token']).toBeUndefined();
    expect(poll.headers['x-custom']).toBeUndefined();
  });
});
