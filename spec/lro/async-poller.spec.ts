import { BehaviorSubject, EMPTY, map, NEVER, Observable, of, queueScheduler, take } from 'rxjs';
import { createAsyncPoller } from '../../lib/lro/async-poller';
import type { HttpRequest, HttpResponse } from '../../lib/http/http';
import { createODataClient } from '../../lib/odata/odata-client';
import { AsyncOpFailedError } from '../../lib/errors/async-op-failed-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { summarize, testScheduler } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';
const running = response(202, '', { location: MONITOR });
const succeeded = response(200, { status: 'Succeeded' });

function clientWith(script: Reply[]) {
  const { transport, sent } = scriptedTransport(script);
  return { client: createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' }), sent };
}

describe('createAsyncPoller', () => {
  it('shares one poll loop between two subscribers: one request per tick', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: running }), () => cold('-a|', { a: running }), () => cold('-a|', { a: succeeded })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10 });
      const values = { a: 'Running/1', b: 'Running/2', c: 'Succeeded/3' };
      // first poll at once (no 202 to start from), then every 10 ms after an answer
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 10ms b 10ms (c|)', values);
      expectObservable(poller.status$.pipe(summarize()), '^').toBe('-a 10ms b 10ms (c|)', values);
      flush();
      expect(sent).toHaveLength(3);
    });
  });

  it('replays the last update to a late subscriber, without a new request', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: running }), () => cold('-a|', { a: succeeded })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10 });
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 10ms (b|)', { a: 'Running/1', b: 'Succeeded/2' });
      expectObservable(poller.status$.pipe(summarize()), '5ms ^').toBe('5ms a 6ms (b|)', { a: 'Running/1', b: 'Succeeded/2' });
      expectObservable(poller.status$.pipe(summarize()), '30ms ^').toBe('30ms (b|)', { b: 'Succeeded/2' });
      flush();
      expect(sent).toHaveLength(2);
    });
  });

  it('stops polling when the last subscriber leaves', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: running })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10 });
      expectObservable(poller.status$.pipe(map((u) => u.poll)), '^ 5ms !').toBe('-a', { a: 1 });
      expectObservable(poller.status$.pipe(map((u) => u.poll)), '^ 7ms !').toBe('-a', { a: 1 });
      flush();
      expect(sent).toHaveLength(1);
    });
  });

  it('continues the count, the wait and the last update when a new subscriber restarts it', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const slowDown = response(202, '', { location: MONITOR, 'retry-after': '1' });
      const { client, sent } = clientWith([() => cold('-a|', { a: slowDown }), () => cold('-a|', { a: running })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, maxPolls: 2 });
      const describe = (e: unknown) => (e instanceof Error ? `${e.name}:${(e as { polls?: number }).polls}` : String(e));
      expectObservable(poller.status$.pipe(summarize(describe)), '^ 5ms !').toBe('-a', { a: 'Running/1' });
      // Back after the first left: the last update at once, the 1 s wait honoured, then poll 2 and maxPolls.
      expectObservable(poller.status$.pipe(summarize(describe)), '10ms ^').toBe('10ms a 1000ms (bc|)', {
        a: 'Running/1',
        b: 'Running/2',
        c: '!AsyncOpTimeoutError:2',
      });
      flush();
      expect(sent).toHaveLength(2);
    });
  });

  it('refuses a monitor on another origin at creation', () => {
    const { client } = clientWith([]);
    expect(() => createAsyncPoller(client, 'https://evil.example/monitor')).toThrow(LocationNotAllowedError);
    expect(() => createAsyncPoller(client, 'javascript:alert(1)')).toThrow(LocationNotAllowedError);
    expect(() => createAsyncPoller(client, 42 as never)).toThrow(TypeError);
  });

  it('resolves a relative monitor against the service root', () => {
    const { client } = clientWith([]);
    expect(createAsyncPoller(client, '$monitor/9').location).toBe('https://host.example/odata/$monitor/9');
  });
});

describe('AsyncPoller.wait', () => {
  const realTime = (script: Reply[]) => {
    // wait() is a Promise API: run it on real (tiny) delays against synchronous replies.
    const { client, sent } = clientWith(script);
    return { client, sent };
  };

  it('resolves with the terminal update', async () => {
    const { of } = await import('rxjs');
    const { client } = realTime([() => of(running), () => of(succeeded)]);
    const done = await createAsyncPoller(client, MONITOR, { pollInterval: 0 }).wait();
    expect(done).toMatchObject({ status: 'Succeeded', poll: 2 });
  });

  it('rejects with AsyncOpFailedError when the operation fails', async () => {
    const { of } = await import('rxjs');
    const { client } = realTime([() => of<HttpResponse>(response(200, { status: 'Failed', error: { code: 'X', message: 'no' } }))]);
    await expect(createAsyncPoller(client, MONITOR, { pollInterval: 0 }).wait()).rejects.toBeInstanceOf(AsyncOpFailedError);
  });

  it('rejects with the abort reason and stops polling when the signal aborts', async () => {
    const { NEVER } = await import('rxjs');
    let requested!: () => void;
    const firstRequest = new Promise<void>((resolve) => (requested = resolve));
    const { client, sent } = realTime([
      () => {
        requested();
        return NEVER;
      },
    ]);
    const controller = new AbortController();
    const waiting = createAsyncPoller(client, MONITOR, { pollInterval: 0 }).wait({ signal: controller.signal });
    await firstRequest;
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
    expect(sent).toHaveLength(1);
  });

  it('leaves no abort listener behind when the stream has already ended', async () => {
    const { of } = await import('rxjs');
    const { client } = realTime([() => of(succeeded)]);
    const poller = createAsyncPoller(client, MONITOR, { pollInterval: 0 });
    await poller.wait();
    const controller = new AbortController();
    const added = jest.spyOn(controller.signal, 'addEventListener');
    const removed = jest.spyOn(controller.signal, 'removeEventListener');
    await expect(poller.wait({ signal: controller.signal })).resolves.toMatchObject({ status: 'Succeeded' });
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('rejects at once for an already aborted signal, sending nothing', async () => {
    const { client, sent } = realTime([]);
    await expect(createAsyncPoller(client, MONITOR).wait({ signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(sent).toHaveLength(0);
  });
});

describe('createAsyncPoller: cancel() with cancelOnUnsubscribe', () => {
  it('sends one DELETE: the stream that cancel() ended does not cancel again on its way out', () => {
    testScheduler().run(({ cold, flush }) => {
      // A third answer is ready, so that a second DELETE would be seen.
      const answers = [response(200, { status: 'Running' }), response(204), response(204)];
      const { client, sent } = clientWith(answers.map((a) => () => cold<HttpResponse>('-a|', { a })));
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, cancelOnUnsubscribe: true });
      const log: string[] = [];
      poller.status$.pipe(summarize()).subscribe({ next: (u) => log.push(u), complete: () => log.push('complete') });
      cold('5ms a').subscribe(() => poller.cancel().subscribe());
      flush();
      expect(log).toEqual(['Running/1', 'Cancelled/1', 'complete']);
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE']);
    });
  });
});

describe('createAsyncPoller: cancelOnUnsubscribe when the last subscriber leaves', () => {
  it('records the cancellation: the next subscriber gets Cancelled, not a gone monitor', () => {
    testScheduler().run(({ cold, flush }) => {
      const answers = [response(200, { status: 'Running' }), response(204)];
      const { client, sent } = clientWith(answers.map((a) => () => cold<HttpResponse>('-a|', { a })));
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, cancelOnUnsubscribe: true });
      const first = poller.status$.subscribe();
      cold('5ms a').subscribe(() => {
        first.unsubscribe();
      });
      const log: string[] = [];
      cold('10ms a').subscribe(() => poller.status$.pipe(summarize()).subscribe({ next: (u) => log.push(u), complete: () => log.push('complete') }));
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'DELETE']);
      expect(log).toEqual(['Cancelled/1', 'complete']);
    });
  });
});

describe('createAsyncPoller: it ends, whatever its inputs do', () => {
  it.each([
    ['EMPTY', EMPTY],
    ['of(false)', of(false)],
  ])('status$ errors (a TypeError naming pauseWhenHidden) when it is %s: the page will never show', (_, visible$: Observable<boolean>) => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a|', { a: succeeded })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, pauseWhenHidden: visible$ });
      expectObservable(poller.status$.pipe(summarize())).toBe('(a|)', { a: '!TypeError' });
    });
  });

  it.each([
    ['true (outside a browser: visible for good)', true],
    ['of(true)', of(true)],
  ])('with pauseWhenHidden %s, a poll that falls due during cancel() waits for it, and status$ ends Cancelled', (_, pauseWhenHidden) => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold<HttpResponse>('-a|', { a: running }), () => cold<HttpResponse>('20ms a|', { a: response(204) })]);
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, pauseWhenHidden });
      cold('5ms a').subscribe(() => poller.cancel().subscribe({ error: () => undefined }));
      // poll 1 answers at 1; poll 2 falls due at 11, while the DELETE (5 to 25) is on its way
      expectObservable(poller.status$.pipe(summarize())).toBe('-a 23ms (b|)', { a: 'Running/1', b: 'Cancelled/1' });
    });
  });

  it('status$ errors when a hidden pauseWhenHidden subject completes later', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([]);
      const visible$ = new BehaviorSubject(false);
      cold('30ms a').subscribe(() => {
        visible$.complete();
      });
      const poller = createAsyncPoller(client, MONITOR, { pollInterval: 10, pauseWhenHidden: visible$ });
      expectObservable(poller.status$.pipe(summarize())).toBe('30ms (a|)', { a: '!TypeError' });
    });
  });

  it('wait({ signal }) rejects with the reason when the signal fires while the first poll is being sent', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const transport = (): Observable<HttpResponse> => {
      controller.abort(reason);
      return NEVER;
    };
    const client = createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' });
    const poller = createAsyncPoller(client, MONITOR, { scheduler: queueScheduler, pollInterval: 0 });
    await expect(poller.wait({ signal: controller.signal })).rejects.toBe(reason);
  });

  it('a subscriber that leaves inside next() on a synchronous scheduler stops the polling there', () => {
    const { client, sent } = clientWith(Array.from({ length: 5 }, () => () => of(running)));
    createAsyncPoller(client, MONITOR, { scheduler: queueScheduler, pollInterval: 0, maxPolls: 5 }).status$.pipe(take(1)).subscribe();
    expect(sent).toHaveLength(1);
  });

  describe('on a scheduler that runs a 0 ms wait at once', () => {
    /** A transport whose GETs stay in flight until answered by hand; it logs what it sends and what is torn down unanswered. */
    function pendingTransport() {
      const log: string[] = [];
      const answers: ((answer: HttpResponse) => void)[] = [];
      const transport = (request: HttpRequest) =>
        new Observable<HttpResponse>((subscriber) => {
          log.push(`send ${request.method}`);
          if (request.method === 'DELETE') {
            subscriber.next(response(204));
            subscriber.complete();
            return undefined;
          }
          let answered = false;
          answers.push((answer) => {
            answered = true;
            subscriber.next(answer);
            subscriber.complete();
          });
          return () => {
            if (!answered) log.push(`abort ${request.method}`);
          };
        });
      return { client: createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' }), log, answers };
    }

    it('leaving aborts the status request in flight', () => {
      const { client, log } = pendingTransport();
      createAsyncPoller(client, MONITOR, { scheduler: queueScheduler, pollInterval: 0 }).status$.subscribe().unsubscribe();
      expect(log).toEqual(['send GET', 'abort GET']);
    });

    it('with cancelOnUnsubscribe, the operation stays Cancelled: the GET is aborted before the DELETE', () => {
      const { client, log, answers } = pendingTransport();
      const poller = createAsyncPoller(client, MONITOR, { scheduler: queueScheduler, pollInterval: 0, cancelOnUnsubscribe: true });
      poller.status$.subscribe().unsubscribe();
      expect(log).toEqual(['send GET', 'abort GET', 'send DELETE']);
      answers[0]?.(running);
      const seen: string[] = [];
      poller.status$.pipe(take(1)).subscribe((update) => seen.push(update.status));
      expect(seen).toEqual(['Cancelled']);
    });
  });

  it('cancel() completes after Cancelled even when the transport never completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a', { a: response(204) })]);
      expectObservable(createAsyncPoller(client, MONITOR, { pollInterval: 10 }).cancel().pipe(summarize())).toBe('-(a|)', { a: 'Cancelled/0' });
    });
  });
});
