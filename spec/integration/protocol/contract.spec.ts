/**
 * What every call promises, checked over the wire: nothing is sent before subscribe, leaving
 * aborts what is in flight, limits on size and time hold, hostile bodies do no harm, and
 * invalid options fail at once.
 */
import { BehaviorSubject, lastValueFrom } from 'rxjs';
import {
  AsyncOpFailedError,
  AsyncOpStatus,
  ODataNetworkError,
  ODataProtocolError,
  asyncOp$,
  createAsyncPoller,
  createODataClient,
  type ActionResult,
  type AsyncOpOptions,
  type AsyncOpUpdate,
} from 'rxjs-odata-async';
import { FAST, accepted, clientFor, ok, pause, pollMonitor, running, serve, settle, until, type Reply } from '../../support/scripted-server';

/** Calls `Run` on a server answering `reply`, with a 1 KiB limit on response bodies. */
async function callWithLimit(reply: Reply) {
  const s = await serve({ 'POST /svc/Run': reply });
  return settle(clientFor(s, { maxResponseBytes: 1024 }).action('Run').execute());
}

describe('the contract of a call, over the wire', () => {
  describe('cold and cancellable', () => {
    it('calls are cold: nothing is sent before subscribe', async () => {
      const s = await serve({ '*': ok({}) });
      const client = clientFor(s);
      const call = client.action('Run').execute().pipe(asyncOp$(client, FAST));
      await pause(20);
      expect(s.requests).toHaveLength(0);
      await lastValueFrom(call);
      expect(s.requests).toHaveLength(1);
    });

    it('unsubscribing from the action call aborts its request in flight', async () => {
      const s = await serve({ 'POST /svc/Run': { hang: true } });
      const sub = clientFor(s)
        .action('Run')
        .execute()
        .subscribe({ error: () => undefined });
      await until(() => s.requests.length === 1, 'the POST');
      sub.unsubscribe();
      await until(() => s.requests[0]!.abortedByClient, 'the abort');
    });

    it('unsubscribing aborts the status request in flight, and nothing is sent afterwards', async () => {
      const s = await serve({ 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': { hang: true } });
      const client = clientFor(s);
      const sub = client
        .action('Run')
        .execute()
        .pipe(asyncOp$(client, FAST))
        .subscribe({ error: () => undefined });
      await until(() => s.hits('GET', '/svc/mon').length === 1, 'the poll');
      sub.unsubscribe();
      await until(() => s.hits('GET', '/svc/mon')[0]!.abortedByClient, 'the abort');
      await pause(30);
      expect(s.requests).toHaveLength(2);
    });

    it('a new ActionResult from the source switches to it: the previous loop stops polling', async () => {
      const s = await serve({
        'GET /svc/mon/1': running('/svc/mon/1'),
        'GET /svc/mon/2': [running('/svc/mon/2'), ok({ status: 'Succeeded' })],
      });
      const client = clientFor(s);
      const r1 = await lastValueFrom(client.request({ method: 'GET', url: `${s.origin}/svc/mon/1` }));
      const r2Source = client.request({ method: 'GET', url: `${s.origin}/svc/mon/2` });
      const src = new BehaviorSubject<ActionResult>(r1);
      const updates: AsyncOpUpdate[] = [];
      let done = false;
      const sub = src
        .pipe(asyncOp$(client, { pollInterval: 5, maxPolls: Infinity }))
        .subscribe({ next: (u) => updates.push(u), complete: () => (done = true) });
      await until(() => s.hits('GET', '/svc/mon/1').length >= 3, 'polls of the first');
      const r2 = await lastValueFrom(r2Source);
      const before = s.hits('GET', '/svc/mon/1').length;
      src.next(r2);
      src.complete();
      await until(() => done, 'the second to finish');
      sub.unsubscribe();
      await pause(20);
      expect(s.hits('GET', '/svc/mon/1').length).toBeLessThanOrEqual(before + 1);
      expect(updates.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
    });
  });

  describe('the poller', () => {
    it('status$ is shared: two subscribers, one poll loop', async () => {
      const s = await serve({ 'GET /svc/mon': [running('/svc/mon'), running('/svc/mon'), ok({ status: 'Succeeded' })] });
      const poller = createAsyncPoller(clientFor(s), `${s.origin}/svc/mon`, FAST);
      const [a, b] = await Promise.all([settle(poller.status$), settle(poller.status$)]);
      expect(a.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
      expect(b.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(3);
    });

    it('wait() resolves with the terminal update, and rejects on Failed', async () => {
      const s = await serve({ 'GET /svc/ok': ok({ status: 'Succeeded' }), 'GET /svc/bad': ok({ status: 'Failed', error: { code: 'E', message: 'bad' } }) });
      const client = clientFor(s);
      await expect(createAsyncPoller(client, `${s.origin}/svc/ok`, FAST).wait()).resolves.toMatchObject({ status: AsyncOpStatus.Succeeded });
      await expect(createAsyncPoller(client, `${s.origin}/svc/bad`, FAST).wait()).rejects.toBeInstanceOf(AsyncOpFailedError);
    });
  });

  describe('limits and hostile answers', () => {
    it('a body larger than maxResponseBytes is an ODataProtocolError', async () => {
      const r = await callWithLimit(ok({ big: 'x'.repeat(5000) }));
      expect(r.error).toBeInstanceOf(ODataProtocolError);
    });

    it('a chunked body (no Content-Length) larger than maxResponseBytes is an ODataProtocolError', async () => {
      const r = await callWithLimit({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        chunks: ['{"big":"', ...Array(50).fill('x'.repeat(100)), '"}'],
      });
      expect(r.error).toBeInstanceOf(ODataProtocolError);
    });

    it('requestTimeout: a request that gets no answer in time is an ODataNetworkError with code ETIMEDOUT', async () => {
      const s = await serve({ 'POST /svc/Run': { hang: true } });
      const r = await settle(clientFor(s, { requestTimeout: 50 }).action('Run').execute());
      expect(r.error).toBeInstanceOf(ODataNetworkError);
      expect((r.error as ODataNetworkError).code).toBe('ETIMEDOUT');
    });

    it('a status body with __proto__ and constructor keys does not pollute objects', async () => {
      const { r } = await pollMonitor({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{"__proto__":{"polluted":"yes"},"status":"succeeded","constructor":{"prototype":{"polluted2":"yes"}}}',
      });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['polluted2']).toBeUndefined();
    });

    it('a poll body declared JSON that is not JSON is an ODataProtocolError', async () => {
      const { r } = await pollMonitor({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status": "succ' }, { retries: 0 });
      expect(r.error).toBeInstanceOf(ODataProtocolError);
    });
  });

  it('invalid options throw a TypeError when the operator is created; so does a bad client config', async () => {
    const s = await serve({});
    const client = clientFor(s);
    expect(() => asyncOp$(client, { pollInterval: -1 })).toThrow(TypeError);
    expect(() => asyncOp$(client, { maxPolls: 0 })).toThrow(TypeError);
    expect(() => asyncOp$(client, { bogus: 1 } as unknown as AsyncOpOptions)).toThrow(TypeError);
    expect(() => createODataClient({ serviceRoot: 'not a url' })).toThrow(TypeError);
    expect(() => createODataClient({ serviceRoot: `${s.origin}/svc/`, protocol: 'v3' as 'v4' })).toThrow(TypeError);
  });
});
