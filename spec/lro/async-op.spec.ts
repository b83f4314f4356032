import * as t from 'io-ts';
import { BehaviorSubject, config, map, of, queueScheduler, type SchedulerLike, Subject, take } from 'rxjs';
import { type ActionResult, toActionResult } from '../../lib/odata/action-result';
import { asyncOp$ } from '../../lib/lro/async-op';
import type { HttpResponse } from '../../lib/http/http';
import { createODataClient } from '../../lib/odata/odata-client';
import { AsyncOpFailedError } from '../../lib/errors/async-op-failed-error';
import { AsyncOpTimeoutError } from '../../lib/errors/async-op-timeout-error';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';
import { summarize, testScheduler } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';
const running = response(202, '', { location: MONITOR });
const succeeded = response(200, { status: 'Succeeded' });

function accepted(headers: Record<string, string> = {}) {
  return toActionResult(response(202, '', { location: MONITOR, ...headers }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
}

function clientWith(script: Reply[]) {
  const { transport, sent } = scriptedTransport(script);
  return { client: createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' }), sent };
}

describe('asyncOp$', () => {
  it('emits Running from the 202, then one update per poll, and completes on Succeeded (the seed flow)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const poll1 = cold<HttpResponse>('-a|', { a: running });
      const poll2 = cold<HttpResponse>('-a|', { a: succeeded });
      const { client, sent } = clientWith([() => poll1, () => poll2]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }));
      expectObservable(result$.pipe(summarize())).toBe('a 10ms b 10ms (c|)', { a: 'Running/0', b: 'Running/1', c: 'Succeeded/2' });
      expectSubscriptions(poll1.subscriptions).toBe('10ms ^!');
      expectSubscriptions(poll2.subscriptions).toBe('21ms ^!');
      flush();
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${MONITOR}`, `GET ${MONITOR}`]);
    });
  });

  it('carries location, httpStatus, progress and the raw word on each update', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([
        () => cold('-a|', { a: response(200, { d: { Status: 'Running', PercentComplete: 40 } }) }),
        () => cold('-a|', { a: response(200, { d: { Status: 'Succeeded', PercentComplete: 100 } }) }),
      ]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 5 }));
      expectObservable(result$).toBe('a 5ms b 5ms (c|)', {
        a: expect.objectContaining({ status: 'Running', poll: 0, location: MONITOR, httpStatus: 202 }),
        b: expect.objectContaining({ status: 'Running', poll: 1, location: MONITOR, httpStatus: 200, percentComplete: 40, rawStatus: 'Running' }),
        c: expect.objectContaining({ status: 'Succeeded', poll: 2, percentComplete: 100, rawStatus: 'Succeeded' }),
      });
    });
  });

  it('emits the Failed update, then errors with AsyncOpFailedError carrying it and the server error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const failedBody = { status: 'Failed', error: { code: 'E42', message: 'Ledger locked' } };
      const { client } = clientWith([() => cold('-a|', { a: response(200, failedBody) })]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }));
      expectObservable(
        result$.pipe(summarize((e) => (e instanceof AsyncOpFailedError ? `${e.name}:${e.update.status}:${e.odataError?.code}:${e.poll}` : String(e)))),
      ).toBe('a 10ms (bc|)', { a: 'Running/0', b: 'Failed/1', c: '!AsyncOpFailedError:Failed:E42:1' });
    });
  });

  it('completes on Cancelled', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a|', { a: response(200, { status: 'Canceled' }) })]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 10ms (b|)', {
        a: 'Running/0',
        b: 'Cancelled/1',
      });
    });
  });

  it('gives up with AsyncOpTimeoutError (maxPolls) after exactly maxPolls status requests', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: running }), () => cold('-a|', { a: running }), () => cold('-a|', { a: running })]);
      const describe = (e: unknown) => (e instanceof AsyncOpTimeoutError ? `${e.reason}:${e.polls}:${e.lastUpdate?.poll}` : String(e));
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, maxPolls: 3 }), summarize(describe))).toBe(
        'a 10ms b 10ms c 10ms (de|)',
        { a: 'Running/0', b: 'Running/1', c: 'Running/2', d: 'Running/3', e: '!maxPolls:3:3' },
      );
      flush();
      expect(sent).toHaveLength(3);
    });
  });

  it('gives up with AsyncOpTimeoutError (timeout) when the total time runs out, aborting the poll in flight', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold<HttpResponse>('20ms a|', { a: running });
      const { client } = clientWith([() => cold('-a|', { a: running }), () => slow]);
      const describe = (e: unknown) => (e instanceof AsyncOpTimeoutError ? `${e.reason}:${e.polls}` : String(e));
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, timeout: 25 }), summarize(describe))).toBe(
        'a 10ms b 13ms (c|)',
        { a: 'Running/0', b: 'Running/1', c: '!timeout:2' },
      );
      expectSubscriptions(slow.subscriptions).toBe('21ms ^---!');
    });
  });

  it('counts the timeout from the 202, not from subscription (the action call has requestTimeout)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a|', { a: running }), () => cold('20ms a|', { a: running })]);
      const describe = (e: unknown) => (e instanceof AsyncOpTimeoutError ? `${e.reason}:${e.polls}` : String(e));
      expectObservable(cold('50ms a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, timeout: 25 }), summarize(describe))).toBe(
        '50ms a 10ms b 13ms (c|)',
        { a: 'Running/0', b: 'Running/1', c: '!timeout:2' },
      );
    });
  });

  it("waits for the 202's Retry-After before the first poll", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a|', { a: succeeded })]);
      expectObservable(cold('a|', { a: accepted({ 'retry-after': '3' }) }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 3000ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
    });
  });

  it('lets a Retry-After on a poll change the next delay only (seconds and HTTP-date)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // Virtual time starts at 0 = the epoch, so an HTTP-date 2 s after it is a 2 s wish at frame ~0.
      const httpDate = new Date(2000 + 10 + 1).toUTCString();
      const { client } = clientWith([
        () => cold('-a|', { a: response(202, '', { location: MONITOR, 'retry-after': '1' }) }),
        () => cold('-a|', { a: running }),
        () => cold('-a|', { a: response(202, '', { location: MONITOR, 'retry-after': httpDate }) }),
        () => cold('-a|', { a: succeeded }),
      ]);
      // polls at 10 (answer 11, wish 1 s) → 1011 (answer 1012, no wish) → 1022 (answer 1023, date ≈ 2 s) → ...
      const result$ = cold('a|', { a: accepted() }).pipe(
        asyncOp$(client, { pollInterval: 10 }),
        map((u) => u.poll),
      );
      expectObservable(result$).toBe('a 10ms b 1000ms c 10ms d 977ms (e|)', { a: 0, b: 1, c: 2, d: 3, e: 4 });
    });
  });

  it('accepts pollInterval as a function of the poll number and the last update', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const seen: Array<[number, number]> = [];
      const { client } = clientWith([() => cold('a|', { a: running }), () => cold('a|', { a: running }), () => cold('a|', { a: succeeded })]);
      const interval = (poll: number, last: { poll: number }) => {
        seen.push([poll, last.poll]);
        return poll * 10;
      };
      expectObservable(
        cold('a|', { a: accepted() }).pipe(
          asyncOp$(client, { pollInterval: interval }),
          map((u) => u.poll),
        ),
      ).toBe('a 9ms b 19ms c 29ms (d|)', { a: 0, b: 1, c: 2, d: 3 });
      flush();
      expect(seen).toEqual([
        [1, 0],
        [2, 1],
        [3, 2],
      ]);
    });
  });
});

describe('asyncOp$ under faults and teardown', () => {
  it('retries a transient failure (503 + Retry-After) without counting it as a poll', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([
        () => cold('-a|', { a: response(503, 'busy', { 'retry-after': '2' }) }),
        () => cold('-a|', { a: running }),
        () => cold('-a|', { a: succeeded }),
      ]);
      // poll 1 at 10 → 503 at 11 → retry at 2011 → Running at 2012 → poll 2 at 2022 → 2023
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, maxPolls: 2 }), summarize())).toBe('a 2011ms b 10ms (c|)', {
        a: 'Running/0',
        b: 'Running/1',
        c: 'Succeeded/2',
      });
      flush();
      expect(sent).toHaveLength(3);
    });
  });

  it('retries network errors, then gives up with the last one when retries run out', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const reset = () => cold<HttpResponse>('-#', undefined, new ODataNetworkError({ method: 'GET', url: MONITOR, code: 'ECONNRESET' }));
      const { client, sent } = clientWith([reset, reset, reset]);
      // backoff with random 0.5: 250 ms, then 500 ms
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, retries: 2 }), summarize())).toBe('a 762ms (b|)', {
        a: 'Running/0',
        b: '!ODataNetworkError',
      });
      flush();
      expect(sent).toHaveLength(3);
    });
  });

  it('treats a transport that completes without a response as a network error: retried, not waited on forever', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const { client, sent } = clientWith([() => cold<HttpResponse>('-|'), () => cold('-a|', { a: succeeded })]);
      // the empty answer at 11 ms, the retry after 250 ms, its answer 1 ms later
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 261ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
      flush();
      expect(sent).toHaveLength(2);
    });
  });

  it('completes after the terminal update even when the transport never completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a', { a: running }), () => cold('-a', { a: succeeded })]);
      expectObservable(
        client
          .action('Run')
          .execute()
          .pipe(asyncOp$(client, { pollInterval: 10 }), summarize()),
      ).toBe('-a 10ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
    });
  });

  it("takes a transport's first answer only: an abandoned operation's second answer cannot end the current one", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const second = 'https://host.example/odata/$monitor/2';
      const acceptedAt = (location: string) => toActionResult(response(202, '', { location }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      const { client } = clientWith([() => of(running, response(401, '')), () => cold('-a|', { a: succeeded })]);
      const source = cold<ActionResult>('a 14ms b|', { a: acceptedAt(MONITOR), b: acceptedAt(second) });
      expectObservable(source.pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 9ms b 4ms c 10ms (d|)', {
        a: 'Running/0',
        b: 'Running/1',
        c: 'Running/0',
        d: 'Succeeded/1',
      });
    });
  });

  it('enforces timeout on a synchronous scheduler that never yields to the deadline', () => {
    // A clock that the transport moves on by 10 ms per request; the scheduler runs everything at once.
    let now = 0;
    const scheduler: SchedulerLike = { now: () => now, schedule: queueScheduler.schedule.bind(queueScheduler) };
    const transport = () => {
      now += 10;
      return of(running);
    };
    const client = createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' });
    let last = '';
    of(accepted())
      .pipe(asyncOp$(client, { scheduler, pollInterval: 0, maxPolls: Infinity, timeout: 50 }), summarize())
      .subscribe((s) => (last = s));
    expect(last).toBe('!AsyncOpTimeoutError');
    expect(now).toBe(50);
  });

  it('sends nothing after unsubscribe and tears down the request in flight', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const inFlight = cold<HttpResponse>('10ms a|', { a: running });
      const { client, sent } = clientWith([() => inFlight]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize()), '^ 14ms !').toBe('a', { a: 'Running/0' });
      expectSubscriptions(inFlight.subscriptions).toBe('10ms ^----!');
      flush();
      expect(sent).toHaveLength(1);
    });
  });

  it('sends DELETE to the newest monitor when the subscriber leaves early and cancelOnUnsubscribe is on', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const moved = 'https://host.example/odata/$monitor/2';
      const { client, sent } = clientWith([() => cold('-a|', { a: response(202, '', { location: moved }) }), () => cold('-a|', { a: response(204) })]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, cancelOnUnsubscribe: true }), summarize()), '^ 15ms !').toBe(
        'a 10ms b',
        { a: 'Running/0', b: 'Running/1' },
      );
      flush();
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${MONITOR}`, `DELETE ${moved}`]);
    });
  });

  it('does not send DELETE when the subscriber leaves while the result of a Succeeded operation is fetched', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const done = response(200, { status: 'Succeeded', resultUrl: 'https://host.example/odata/Reports(1)' });
      const { client, sent } = clientWith([() => cold('-a|', { a: done }), () => cold('50ms a|', { a: response(200, { value: 1 }) })]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, cancelOnUnsubscribe: true, result: t.unknown }), summarize());
      expectObservable(result$, '^ 20ms !').toBe('a', { a: 'Running/0' });
      flush();
      expect(sent.map((r) => r.method)).toEqual(['GET', 'GET']);
    });
  });

  it('does not send DELETE after a terminal state', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: succeeded })]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, cancelOnUnsubscribe: true }), summarize())).toBe('a 10ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
      flush();
      expect(sent).toHaveLength(1);
    });
  });

  it('switches to a new operation when the source emits again, cancelling the previous loop', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const second = 'https://host.example/odata/$monitor/B';
      const firstPoll = cold<HttpResponse>('10ms a|', { a: running });
      const { client, sent } = clientWith([() => firstPoll, () => cold('-a|', { a: succeeded })]);
      const b = toActionResult(response(202, '', { location: second }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      const source = cold('a 14ms b|', { a: accepted(), b });
      expectObservable(
        source.pipe(
          asyncOp$(client, { pollInterval: 10 }),
          map((u) => `${u.location.slice(-1)}/${u.poll}`),
        ),
      ).toBe('a 14ms b 10ms (c|)', {
        a: '1/0',
        b: 'B/0',
        c: 'B/1',
      });
      expectSubscriptions(firstPoll.subscriptions).toBe('10ms ^----!');
      flush();
      expect(sent.map((r) => r.url)).toEqual([MONITOR, second]);
    });
  });

  it('polls the newest Location, resolving a relative one against the response that carried it', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([
        () => cold('-a|', { a: response(202, '', { location: '../$monitor/7?step=2' }) }),
        () => cold('-a|', { a: succeeded }),
      ]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 10ms b 10ms (c|)', {
        a: 'Running/0',
        b: 'Running/1',
        c: 'Succeeded/2',
      });
      flush();
      expect(sent.map((r) => r.url)).toEqual([MONITOR, 'https://host.example/odata/$monitor/7?step=2']);
    });
  });

  it('refuses a Location on another origin before any request goes there', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: response(202, '', { location: 'https://evil.example/steal' }) })]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 10ms (b|)', {
        a: 'Running/0',
        b: '!LocationNotAllowedError',
      });
      flush();
      expect(sent).toHaveLength(1);
    });
  });

  it('refuses a cross-origin Location on the 202 itself, sending nothing', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([]);
      const foreign = toActionResult(response(202, '', { location: 'https://evil.example/m' }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      expectObservable(cold('a|', { a: foreign }).pipe(asyncOp$(client), summarize())).toBe('(a|)', { a: '!LocationNotAllowedError' });
      flush();
      expect(sent).toHaveLength(0);
    });
  });

  it('errors with ODataProtocolError on a 202 without Location', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([]);
      const noLocation = toActionResult(response(202), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      expectObservable(cold('a|', { a: noLocation }).pipe(asyncOp$(client), summarize())).toBe('(a|)', { a: '!ODataProtocolError' });
    });
  });

  it('fetches and decodes the result from the resultUrl when a result codec is given', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([
        () => cold('-a|', { a: response(200, { d: { Status: 'Succeeded', ResultURL: "/odata/Reports('42')" } }) }),
        () => cold('-a|', { a: response(200, { '@odata.context': '$metadata#Reports/$entity', Id: '42', Total: 7 }) }),
      ]);
      const Report = t.exact(t.type({ Id: t.string, Total: t.number }));
      expectObservable(
        cold('a|', { a: accepted() }).pipe(
          asyncOp$(client, { pollInterval: 10, result: Report }),
          map((u) => u.result ?? u.status),
        ),
      ).toBe('a 10ms -(b|)', {
        a: 'Running',
        b: { Id: '42', Total: 7 },
      });
      flush();
      expect(sent.map((r) => r.url)).toEqual([MONITOR, "https://host.example/odata/Reports('42')"]);
    });
  });
});

describe('asyncOp$ results and redirects', () => {
  it('retries a transient failure of the result fetch like a poll', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([
        () => cold('-a|', { a: response(200, { status: 'succeeded', resourceLocation: '/odata/Results(1)' }) }),
        () => cold('-a|', { a: response(503, '', { 'retry-after': '1' }) }),
        () => cold('-a|', { a: response(200, { value: 7 }) }),
      ]);
      expectObservable(
        cold('a|', { a: accepted() }).pipe(
          asyncOp$(client, { pollInterval: 10, result: t.number }),
          map((u) => u.result ?? u.status),
        ),
      ).toBe('a 10ms -- 1000ms (b|)', { a: 'Running', b: 7 });
      flush();
      expect(sent).toHaveLength(3);
    });
  });

  it('gives up on the result fetch with its last ODataHttpError when the retries run out, without counting polls', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const busy = () => cold('-a|', { a: response(503, { error: { code: 'Busy', message: 'try later' } }, { 'retry-after': '1' }) });
      const { client, sent } = clientWith([
        () => cold('-a|', { a: response(200, { status: 'succeeded', resourceLocation: '/odata/Results(1)' }) }),
        busy,
        busy,
      ]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, retries: 1, maxPolls: 1, result: t.number }));
      // poll 1 at 10 → Succeeded at 11 → result GET → 503 at 12 → retry at 1012 → 503 at 1013.
      expectObservable(result$.pipe(summarize((e) => (e instanceof ODataHttpError ? `${e.status} ${e.url}` : String(e))))).toBe('a 1012ms (b|)', {
        a: 'Running/0',
        b: '!503 https://host.example/odata/Results(1)',
      });
      flush();
      expect(sent.map((r) => r.url)).toEqual([MONITOR, 'https://host.example/odata/Results(1)', 'https://host.example/odata/Results(1)']);
    });
  });

  it('errors with ODataProtocolError when the fetched result does not match the codec', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([
        () => cold('-a|', { a: response(200, { status: 'succeeded', resourceLocation: '/odata/Results(1)' }) }),
        () => cold('-a|', { a: response(200, { value: 'seven' }) }),
      ]);
      const result$ = cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, result: t.number }), summarize());
      expectObservable(result$).toBe('a 10ms -(b|)', { a: 'Running/0', b: '!ODataProtocolError' });
    });
  });

  it('unwraps a SAP v2 result named after the operation (d.<Name>) with the result codec', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { transport } = scriptedTransport([]);
      const client = createODataClient({ serviceRoot: 'https://host.example/sap/', protocol: 'v2', transport, csrf: 'never' });
      const sync = toActionResult(response(200, { d: { Generate: { Id: 1 } } }), { method: 'POST', url: 'https://host.example/sap/Generate' }, 'v2', {
        operationName: 'Generate',
      });
      expectObservable(
        cold('a|', { a: sync }).pipe(
          asyncOp$(client, { result: t.type({ Id: t.number }) }),
          map((u) => u.result),
        ),
      ).toBe('a|', { a: { Id: 1 } });
    });
  });

  it('unwraps d.<Name> also for an ActionResult copied on its way in (the name comes from the URL)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { transport } = scriptedTransport([]);
      const client = createODataClient({ serviceRoot: 'https://host.example/sap/', protocol: 'v2', transport, csrf: 'never' });
      const url = 'https://host.example/sap/Generate?Year=2024';
      const sync = toActionResult(response(200, { d: { Generate: { Id: 1 } } }), { method: 'POST', url }, 'v2', { operationName: 'Generate' });
      expectObservable(
        cold('a|', { a: sync }).pipe(
          map((result) => ({ ...result })),
          asyncOp$(client, { result: t.type({ Id: t.number }) }),
          map((u) => u.result),
        ),
      ).toBe('a|', { a: { Id: 1 } });
    });
  });

  it("caps the 202's Retry-After with the maxRetryAfter option, not a fixed cap", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('a|', { a: succeeded })]);
      const result$ = cold('a|', { a: accepted({ 'retry-after': '600' }) }).pipe(
        asyncOp$(client, { maxRetryAfter: 900_000 }),
        map((u) => u.retryAfterMs ?? u.status),
      );
      expectObservable(result$).toBe('a 599999ms (b|)', { a: 600_000, b: 'Succeeded' });
    });
  });

  it('with cancelOnUnsubscribe, a switch to a new operation cancels the abandoned one', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([() => cold('-a|', { a: response(204) }), () => cold('-a|', { a: response(204) })]);
      const b = toActionResult(response(202, '', { location: 'https://host.example/odata/$monitor/B' }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      expectObservable(
        cold('a 4ms b|', { a: accepted(), b }).pipe(asyncOp$(client, { pollInterval: 10, cancelOnUnsubscribe: true }), summarize()),
        '^ 7ms !',
      ).toBe('a 4ms b', {
        a: 'Running/0',
        b: 'Running/0',
      });
      flush();
      expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${MONITOR}`, 'DELETE https://host.example/odata/$monitor/B']);
    });
  });

  it('resolves a relative Location against the URL that answered after a redirect', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([
        () => cold('a|', { a: response(307, '', { location: 'https://host.example/other/$monitor/1' }) }),
        () => cold('-a|', { a: response(202, '', { location: 'next' }) }),
        () => cold('-a|', { a: succeeded }),
      ]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10 }), summarize())).toBe('a 10ms b 10ms (c|)', {
        a: 'Running/0',
        b: 'Running/1',
        c: 'Succeeded/2',
      });
      flush();
      expect(sent.map((r) => r.url)).toEqual([MONITOR, 'https://host.example/other/$monitor/1', 'https://host.example/other/$monitor/next']);
    });
  });
});

describe('asyncOp$ on a synchronous scheduler', () => {
  it('runs the whole loop inside subscribe() with queueScheduler and a synchronous transport', () => {
    const { client, sent } = clientWith([() => of(running), () => of(running), () => of(succeeded)]);
    const seen: string[] = [];
    of(accepted())
      .pipe(asyncOp$(client, { pollInterval: 0, scheduler: queueScheduler }))
      .subscribe({ next: (u) => seen.push(`${u.status}/${u.poll}`), complete: () => seen.push('|') });
    expect(seen).toEqual(['Running/0', 'Running/1', 'Running/2', 'Succeeded/3', '|']);
    expect(sent).toHaveLength(3);
  });
});

describe('asyncOp$ with pauseWhenHidden', () => {
  it('holds a poll that falls due while hidden and sends it at once when visible: none lost, none doubled', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const visible$ = new BehaviorSubject(true);
      cold('5ms a 24ms b').subscribe((v) => {
        visible$.next(v === 'b');
      });
      const { client, sent } = clientWith([() => cold('-a|', { a: running }), () => cold('-a|', { a: succeeded })]);
      // due at 10 while hidden (5..30) → sent at 30, answered at 31; next due at 41, answered at 42
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, pauseWhenHidden: visible$ }), summarize())).toBe(
        'a 30ms b 10ms (c|)',
        {
          a: 'Running/0',
          b: 'Running/1',
          c: 'Succeeded/2',
        },
      );
      flush();
      expect(sent).toHaveLength(2);
    });
  });

  it('lets a request already in flight finish when the page hides', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const visible$ = new BehaviorSubject(true);
      cold('12ms a').subscribe(() => {
        visible$.next(false);
      });
      const inFlight = cold<HttpResponse>('5ms a|', { a: succeeded });
      const { client } = clientWith([() => inFlight]);
      expectObservable(cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, pauseWhenHidden: visible$ }), summarize())).toBe('a 14ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
      expectSubscriptions(inFlight.subscriptions).toBe('10ms ^----!');
    });
  });

  it('does not pause while visible', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([() => cold('-a|', { a: succeeded })]);
      expectObservable(
        cold('a|', { a: accepted() }).pipe(asyncOp$(client, { pollInterval: 10, pauseWhenHidden: new BehaviorSubject(true) }), summarize()),
      ).toBe('a 10ms (b|)', {
        a: 'Running/0',
        b: 'Succeeded/1',
      });
    });
  });
});

describe('asyncOp$ options', () => {
  it.each([
    [{ pollInterval: -1 }, /pollInterval/],
    [{ pollInterval: Number.NaN }, /pollInterval/],
    [{ maxPolls: 0 }, /maxPolls/],
    [{ timeout: -5 }, /timeout/],
    [{ retries: -1 }, /retries/],
    [{ statusMap: { SCHEDULED: 'Later' } }, /statusMap/],
  ])('throws a TypeError at creation for %p', (options, message) => {
    const { client } = clientWith([]);
    expect(() => asyncOp$(client, options as never)).toThrow(TypeError);
    expect(() => asyncOp$(client, options as never)).toThrow(message);
  });
});

describe('asyncOp$ with a synchronous answer', () => {
  it('emits one Succeeded update with poll 0 and completes, sending nothing', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { client, sent } = clientWith([]);
      const sync = toActionResult(response(200, { value: 42 }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      expectObservable(cold('a|', { a: sync }).pipe(asyncOp$(client))).toBe('a|', {
        a: expect.objectContaining({ status: 'Succeeded', poll: 0, httpStatus: 200, location: `${ROOT}Run`, body: { value: 42 } }),
      });
      flush();
      expect(sent).toHaveLength(0);
    });
  });

  it('decodes the result with the result codec', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = clientWith([]);
      const sync = toActionResult(response(200, { value: 42 }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
      expectObservable(
        cold('a|', { a: sync }).pipe(
          asyncOp$(client, { result: t.number }),
          map((u) => u.result),
        ),
      ).toBe('a|', { a: 42 });
    });
  });
});

// A subscriber may act inside its own callbacks: start the next job from the last update, or
// leave (take(1)) while a synchronous source is still emitting.
describe('asyncOp$ when the subscriber acts inside its callbacks', () => {
  const SECOND = 'https://host.example/odata/$monitor/2';
  const acceptedAt = (location: string) => toActionResult(response(202, '', { location }), { method: 'POST', url: `${ROOT}Run` }, 'v4');
  const tag = (u: { status: string; poll: number; location: string }) => `${u.location.endsWith('2') ? 2 : 1}:${u.status}/${u.poll}`;

  it.each(['Succeeded', 'Failed'])('a job started from the %s update of the previous one runs to its end', (word) => {
    testScheduler().run(({ cold, flush }) => {
      const { client, sent } = clientWith([
        () => cold<HttpResponse>('-a|', { a: response(200, { status: word }) }),
        () => cold<HttpResponse>('-a|', { a: response(200, { status: 'Running' }) }),
        () => cold<HttpResponse>('-a|', { a: succeeded }),
      ]);
      const jobs = new Subject<ActionResult>();
      const log: string[] = [];
      jobs.pipe(asyncOp$(client, { pollInterval: 10 })).subscribe({
        next: (u) => {
          log.push(tag(u));
          if (u.location === MONITOR && u.status === word) jobs.next(acceptedAt(SECOND));
        },
        error: (e: unknown) => log.push(`error ${(e as Error).name}`),
        complete: () => log.push('complete'),
      });
      jobs.next(acceptedAt(MONITOR));
      flush();
      // The stream stays open: the source (jobs) has not completed.
      expect(log).toEqual([`1:Running/0`, `1:${word}/1`, '2:Running/0', '2:Running/1', '2:Succeeded/2']);
      expect(sent).toHaveLength(3);
    });
  });

  it('a job started from the Succeeded of a synchronous (200) result runs to its end', () => {
    testScheduler().run(({ cold, flush }) => {
      const { client, sent } = clientWith([() => cold<HttpResponse>('-a|', { a: succeeded })]);
      const jobs = new Subject<ActionResult>();
      const log: string[] = [];
      jobs.pipe(asyncOp$(client, { pollInterval: 10 })).subscribe({
        next: (u) => {
          log.push(`${u.status}/${u.poll}`);
          if (u.httpStatus === 200 && u.poll === 0) jobs.next(acceptedAt(SECOND));
        },
        complete: () => log.push('complete'),
      });
      jobs.next(toActionResult(response(200, {}), { method: 'POST', url: `${ROOT}Now` }, 'v4'));
      flush();
      expect(log).toEqual(['Succeeded/0', 'Running/0', 'Succeeded/1']);
      expect(sent).toHaveLength(1);
    });
  });

  it('take(1) on a synchronous source starts no second operation (and cancels only the first)', () => {
    const { client, sent } = clientWith([() => of(response(204)), () => of(response(204))]);
    const updates: string[] = [];
    of(acceptedAt(MONITOR), acceptedAt(SECOND))
      .pipe(asyncOp$(client, { cancelOnUnsubscribe: true }), take(1))
      .subscribe((u) => updates.push(tag(u)));
    expect(updates).toEqual(['1:Running/0']);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${MONITOR}`]);
  });

  it('take(1) on a synchronous scheduler and transport sends no poll afterwards', () => {
    const { client, sent } = clientWith(Array.from({ length: 5 }, () => () => of(running)));
    of(accepted())
      .pipe(asyncOp$(client, { scheduler: queueScheduler, pollInterval: 0, maxPolls: 5 }), take(1))
      .subscribe();
    expect(sent).toHaveLength(0);
  });

  it('an answer that cannot be read errors the stream instead of going unhandled', () => {
    const unhandled: unknown[] = [];
    config.onUnhandledError = (e) => unhandled.push(e);
    try {
      // A transport outside its contract: a header that is not a string.
      const broken = { status: 202, headers: { 'retry-after': 5 as unknown as string }, body: '' };
      const { client } = clientWith([() => of(broken)]);
      const log: string[] = [];
      of(accepted())
        .pipe(asyncOp$(client, { scheduler: queueScheduler, pollInterval: 0 }))
        .subscribe({ next: (u) => log.push(`${u.status}/${u.poll}`), error: (e: unknown) => log.push(`error ${(e as Error).name}`) });
      expect(log).toEqual(['Running/0', 'error TypeError']);
      expect(unhandled).toEqual([]);
    } finally {
      config.onUnhandledError = null;
    }
  });

  it('a transport that answers but never completes is let go as soon as it answers', () => {
    testScheduler().run(({ cold, expectSubscriptions, flush }) => {
      const poll1 = cold<HttpResponse>('-a', { a: running });
      const poll2 = cold<HttpResponse>('-a', { a: running });
      const { client } = clientWith([() => poll1, () => poll2]);
      const subscription = cold('a', { a: accepted() })
        .pipe(asyncOp$(client, { pollInterval: 10 }))
        .subscribe();
      cold('30ms a').subscribe(() => {
        subscription.unsubscribe();
      });
      flush();
      expectSubscriptions(poll1.subscriptions).toBe('10ms ^!');
      expectSubscriptions(poll2.subscriptions).toBe('21ms ^!');
    });
  });
});
