/**
 * OData v4 asynchronous requests against a scripted server: asking for asynchronous processing,
 * the synchronous answers a service may give instead, the 202 Accepted and the monitor that
 * keeps answering 202 while the operation runs.
 */
import { lastValueFrom } from 'rxjs';
import { AsyncOpStatus, ODataProtocolError, asyncOp$ } from 'rxjs-odata-async';
import { FAST, accepted, brief, calls, clientFor, ok, pollMonitor, run, running, serve, settle } from '../../support/scripted-server';

describe('OData v4 asynchronous requests', () => {
  describe('asking for asynchronous processing', () => {
    it('a modifying action call sends Prefer: respond-async by default', async () => {
      const s = await serve({ 'POST /svc/Run': ok({ ok: true }) });
      await lastValueFrom(clientFor(s).action('Run').execute());
      expect(s.requests[0]?.headers['prefer']).toBe('respond-async');
    });

    it('a function call (GET) does not ask for respond-async', async () => {
      const s = await serve({ '*': ok({ value: 1 }) });
      await lastValueFrom(clientFor(s).function('Fn').execute());
      expect(s.requests[0]?.method).toBe('GET');
      expect(s.requests[0]?.headers['prefer']).toBeUndefined();
    });

    it('preferAsync: false sends no Prefer header', async () => {
      const s = await serve({ 'POST /svc/Run': ok({ ok: true }) });
      await lastValueFrom(clientFor(s, { preferAsync: false }).action('Run').execute());
      expect(s.requests[0]?.headers['prefer']).toBeUndefined();
    });

    it.each(['Prefer', 'prefer', 'PREFER'])(
      'a per-request "%s: respond-async, wait=10" is sent once, as given, and a synchronous 200 is Succeeded',
      async (name) => {
        const s = await serve({ 'POST /svc/Run': ok({ Rows: 1 }) });
        const client = clientFor(s);
        const r = await settle(
          client.request({ method: 'POST', path: 'Run', body: {}, headers: { [name]: 'respond-async, wait=10' } }).pipe(asyncOp$(client, FAST)),
        );
        expect(r.error).toBeUndefined();
        expect(brief(r.values)).toEqual([[AsyncOpStatus.Succeeded, 0]]);
        expect(s.requests[0]?.headers['prefer']).toBe('respond-async, wait=10');
      },
    );
  });

  describe('a service that answers at once despite Prefer', () => {
    it('a 200 is one Succeeded update (poll 0) and no status request', async () => {
      const s = await serve({ 'POST /svc/Run': ok({ Rows: 3 }) });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
      expect(brief(r.values)).toEqual([[AsyncOpStatus.Succeeded, 0]]);
      expect(r.values[0]?.httpStatus).toBe(200);
      expect(s.requests).toHaveLength(1);
    });

    it('a 201 is Succeeded (poll 0)', async () => {
      const s = await serve({ 'POST /svc/Run': { status: 201, body: { ID: 7 }, headers: { Location: '/svc/Orders(7)' } } });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(brief(r.values)).toEqual([[AsyncOpStatus.Succeeded, 0]]);
      expect(s.requests).toHaveLength(1);
    });

    it('a 204 without a body is Succeeded (poll 0)', async () => {
      const s = await serve({ 'POST /svc/Run': { status: 204 } });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(brief(r.values)).toEqual([[AsyncOpStatus.Succeeded, 0]]);
      expect(r.values[0]?.httpStatus).toBe(204);
      expect(s.requests).toHaveLength(1);
    });
  });

  describe('202 Accepted with a Location', () => {
    it('the ActionResult of a 202 is async, with an absolute location, retryAfterMs, the status body in body and no data', async () => {
      const s = await serve({
        'POST /svc/Run': (_req, st) => ({
          status: 202,
          headers: { Location: `${st.origin}/svc/$monitor/1`, 'Retry-After': '3', 'Preference-Applied': 'respond-async' },
          body: { status: 'Running' },
        }),
      });
      const result = await lastValueFrom(clientFor(s).action('Run').execute());
      expect(result.status).toBe(202);
      expect(result.isAsync()).toBe(true);
      expect(result.location()).toBe(`${s.origin}/svc/$monitor/1`);
      expect(result.retryAfterMs()).toBe(3000);
      expect(result.headers['preference-applied']).toBe('respond-async');
      expect(result.data).toBeUndefined();
      expect(result.body).toEqual({ status: 'Running' });
      expect(result.request).toEqual({ method: 'POST', url: `${s.origin}/svc/Run` });
    });

    it('asyncOp$ emits Running (poll 0, from the 202) at once, then polls the Location', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/$monitor/1', { 'Retry-After': '0' }),
        'GET /svc/$monitor/1': [running('/svc/$monitor/1'), ok({ Rows: 3 }, { AsyncResult: '200' })],
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
      expect(brief(r.values)).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Running, 1],
        [AsyncOpStatus.Succeeded, 2],
      ]);
      expect(r.values[0]?.httpStatus).toBe(202);
      expect(r.values[0]?.location).toBe(`${s.origin}/svc/$monitor/1`);
      expect(calls(s)).toEqual(['POST /svc/Run', 'GET /svc/$monitor/1', 'GET /svc/$monitor/1']);
    });

    it('header names in any case (LOCATION, RETRY-AFTER, asyncresult) are read', async () => {
      const s = await serve({
        'POST /svc/Run': { status: 202, headers: { LOCATION: '/svc/mon', 'RETRY-AFTER': '0', 'preference-applied': 'respond-async' } },
        'GET /svc/mon': ok({ x: 1 }, { asyncresult: '200' }),
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(brief(r.values)).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Succeeded, 1],
      ]);
    });

    it('a non-standard reason phrase (202 Accepted For Processing) changes nothing', async () => {
      const s = await serve({
        'POST /svc/Run': { ...accepted('/svc/mon'), reason: 'Accepted For Processing' },
        'GET /svc/mon': { status: 200, reason: 'Fine Thanks', body: { x: 1 }, headers: { AsyncResult: '200' } },
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(brief(r.values).map(([st]) => st)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
    });

    it('a 202 without a Location is an ODataProtocolError: there is nothing to poll', async () => {
      const s = await serve({ 'POST /svc/Run': { status: 202, headers: { 'Preference-Applied': 'respond-async' } } });
      const r = await run(clientFor(s));
      expect(r.error).toBeInstanceOf(ODataProtocolError);
      expect(s.requests).toHaveLength(1);
    });

    it('a 202 with a text/plain body is kept as text', async () => {
      const s = await serve({
        'POST /svc/Run': { ...accepted('/svc/mon'), headers: { Location: '/svc/mon', 'Content-Type': 'text/plain' }, body: 'Request accepted' },
        'GET /svc/mon': ok({ x: 1 }, { AsyncResult: '200' }),
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(r.values[0]?.body).toBe('Request accepted');
    });
  });

  describe('a monitor that is still running', () => {
    it('each running poll may name a new Location: the next poll goes to the newest (relative or absolute)', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/mon/a'),
        'GET /svc/mon/a': running('/svc/mon/b'),
        'GET /svc/mon/b': (_q, st) => running(`${st.origin}/svc/mon/c`),
        'GET /svc/mon/c': ok({ done: true }, { AsyncResult: '200' }),
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(calls(s)).toEqual(['POST /svc/Run', 'GET /svc/mon/a', 'GET /svc/mon/b', 'GET /svc/mon/c']);
      expect(r.values.map((u) => u.location)).toEqual([`${s.origin}/svc/mon/a`, `${s.origin}/svc/mon/a`, `${s.origin}/svc/mon/b`, `${s.origin}/svc/mon/c`]);
    });

    it('a 202 with a running status body still moves to its new Location', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/mon/1'),
        'GET /svc/mon/1': { ...running('/svc/mon/2'), body: { status: 'running' } },
        'GET /svc/mon/2': { ...running('/svc/mon/2'), body: { status: 'succeeded' } },
      });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(s.requests.map((q) => q.path)).toEqual(['/svc/Run', '/svc/mon/1', '/svc/mon/2']);
      expect(brief(r.values).map(([st]) => st)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
    });

    it('a running 202 without a Location keeps polling the same monitor', async () => {
      const { s, r } = await pollMonitor([{ status: 202 }, ok({ x: 1 }, { AsyncResult: '200' })]);
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });
  });
});
