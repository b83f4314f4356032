import { lastValueFrom, of, toArray } from 'rxjs';
import { createAsyncPoller } from '../../lib/lro/async-poller';
import { createODataClient } from '../../lib/odata/odata-client';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';
import { summarize, testScheduler } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';

function pollerWith(script: Reply[]) {
  const { transport, sent } = scriptedTransport(script);
  const client = createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' });
  return { poller: createAsyncPoller(client, MONITOR, { pollInterval: 10 }), sent };
}

describe('poller.cancel()', () => {
  it('DELETE answered 204: one Cancelled update, and status$ ends with it, polling no more', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { poller, sent } = pollerWith([() => cold('-a|', { a: response(202, '', { location: MONITOR }) }), () => cold('-a|', { a: response(204) })]);
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 4ms (b|)', { a: 'Running/1', b: 'Cancelled/1' });
      cold('-----a').subscribe(() => poller.cancel().subscribe());
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE']);
    });
  });

  it('sends no poll while its DELETE is on the way, so no 404 can overtake the Cancelled', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { poller, sent } = pollerWith([() => cold('-a|', { a: response(202, '', { location: MONITOR }) }), () => cold('20ms a|', { a: response(204) })]);
      // poll 1 answered at 1; the DELETE goes at 5 and is answered at 25, past poll 2's due time (11)
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 23ms (b|)', { a: 'Running/1', b: 'Cancelled/1' });
      cold('-----a').subscribe(() => poller.cancel().subscribe());
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE']);
    });
  });

  it('lets polling go on when the service refuses to cancel', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { poller, sent } = pollerWith([
        () => cold('-a|', { a: response(202, '', { location: MONITOR }) }),
        () => cold('10ms a|', { a: response(405, '', { allow: 'GET' }) }),
        () => cold('-a|', { a: response(200, { status: 'Succeeded' }) }),
      ]);
      // the poll due at 11 waits for the refusal at 15, then goes at once
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 14ms (b|)', { a: 'Running/1', b: 'Succeeded/2' });
      cold('-----a').subscribe(() => poller.cancel().subscribe({ error: () => undefined }));
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE', 'GET']);
    });
  });

  it('is cold and answers 200/204 with Cancelled', async () => {
    const { poller, sent } = pollerWith([() => of(response(204))]);
    const cancel$ = poller.cancel();
    expect(sent).toHaveLength(0);
    await expect(lastValueFrom(cancel$)).resolves.toMatchObject({ status: 'Cancelled', httpStatus: 204, location: MONITOR });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${MONITOR}`]);
  });

  it('follows a 202 (an asynchronous cancel) at its own Location until it ends, then Cancelled', async () => {
    const cancelMonitor = 'https://host.example/odata/$monitor/cancel-1';
    const { poller, sent } = pollerWith([
      () => of(response(202, '', { location: cancelMonitor, 'retry-after': '0' })),
      () => of(response(202, '', { location: cancelMonitor })),
      () => of(response(200, '', { asyncresult: '204' })),
    ]);
    const updates = await lastValueFrom(poller.cancel().pipe(summarize(), toArray()));
    expect(updates).toEqual(['Running/0', 'Running/1', 'Cancelled/2']);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${MONITOR}`, `GET ${cancelMonitor}`, `GET ${cancelMonitor}`]);
  });

  it('405: ODataHttpError saying the service cannot cancel', async () => {
    const { poller } = pollerWith([() => of(response(405, '', { allow: 'GET' }))]);
    const failure = lastValueFrom(poller.cancel());
    await expect(failure).rejects.toBeInstanceOf(ODataHttpError);
    await expect(failure).rejects.toThrow(`DELETE ${MONITOR} answered 405: the service cannot cancel this operation (Allow: GET)`);
  });

  it('another refusal: ODataHttpError with the server error', async () => {
    const { poller } = pollerWith([() => of(response(404, { error: { code: 'Gone', message: 'no such monitor' } }))]);
    await expect(lastValueFrom(poller.cancel())).rejects.toMatchObject({ name: 'ODataHttpError', status: 404, odataError: { code: 'Gone' } });
  });

  it('a 202 without Location: ODataProtocolError', async () => {
    const { poller } = pollerWith([() => of(response(202))]);
    await expect(lastValueFrom(poller.cancel())).rejects.toBeInstanceOf(ODataProtocolError);
  });
});

describe('poller.cancel() whose cancellation fails', () => {
  it('errors cancel() alone: status$ goes on polling the operation, which is not recorded as Failed', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const CANCEL_MONITOR = 'https://host.example/odata/$cancel/1';
      const { poller, sent } = pollerWith([
        () => cold('-a|', { a: response(202, '', { location: MONITOR }) }),
        () => cold('-a|', { a: response(202, '', { location: CANCEL_MONITOR }) }),
        () => cold('-a|', { a: response(404) }), // the cancellation's monitor is gone: the cancel failed
        () => cold('-a|', { a: response(200, { status: 'Succeeded' }) }),
      ]);
      let cancelError: unknown;
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 16ms (b|)', { a: 'Running/1', b: 'Succeeded/2' });
      cold('-----a').subscribe(() => poller.cancel().subscribe({ error: (e: unknown) => (cancelError = e) }));
      flush();
      expect(cancelError).toBeDefined();
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${MONITOR}`, `DELETE ${MONITOR}`, `GET ${CANCEL_MONITOR}`, `GET ${MONITOR}`]);
    });
  });
});

describe('two cancel() calls at once', () => {
  it('keep polling paused until both DELETEs have been answered', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { poller, sent } = pollerWith([
        () => cold('-a|', { a: response(202, '', { location: MONITOR }) }),
        () => cold('-a|', { a: response(405, '', { allow: 'GET' }) }), // the first cancel is refused at 6
        () => cold('20ms a|', { a: response(204) }), // the second answers at 26, past poll 2's due time (11)
      ]);
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 24ms (b|)', { a: 'Running/1', b: 'Cancelled/1' });
      cold('-----a').subscribe(() => poller.cancel().subscribe({ error: () => undefined }));
      cold('------a').subscribe(() => poller.cancel().subscribe());
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE', 'DELETE']);
    });
  });
});
