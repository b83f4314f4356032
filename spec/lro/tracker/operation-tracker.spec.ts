import { distinctUntilChanged, EMPTY, filter, map, type Observable, queueScheduler } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import * as t from 'io-ts';
import type { ActionResult } from '../../../lib/odata/action-result';
import type { ODataClient } from '../../../lib/odata/odata-client';
import { createODataClient } from '../../../lib/odata/odata-client';
import { createAsyncPoller } from '../../../lib/lro/async-poller';
import { createOperationTracker, type OperationTracker } from '../../../lib/lro/tracker/operation-tracker';
import type { TrackedOperation } from '../../../lib/lro/tracker/tracked-operation';
import { sharedCoordination, soloCoordination } from '../../../lib/lro/tracker/tracker-coordination';
import { makeRecord, readRecord, recordText } from '../../../lib/lro/tracker/tracker-record';
import type { TrackerWarning } from '../../../lib/lro/tracker/tracker-warning';
import { FakeChannelHub, FakeLocks, FakeStorage, fakeService, ROOT } from '../../support/fake-tabs';
import { testScheduler } from '../../support/marbles';

const TICK = 10;
const PREFIX = 'rxjs-odata-async/tracker/op/';

/** Starts an operation (the fake service answers at once) and returns its 202. */
function start(client: ODataClient): ActionResult {
  let result: ActionResult | undefined;
  client.request({ method: 'POST', path: 'Start' }).subscribe((r) => (result = r));
  if (result === undefined) throw new Error('the fake service did not answer synchronously');
  return result;
}

/** `Running/2*` per operation (`*`: polled in this tab), one string per list, repeats dropped. */
function summary<M>(operations$: Observable<readonly TrackedOperation<M>[]>): Observable<string> {
  return operations$.pipe(
    map((ops) => ops.map((op) => `${op.state}/${op.poll}${op.polledHere ? '*' : ''}`).join(' ') || '-'),
    distinctUntilChanged(),
  );
}

/** The tracker's list now. */
function current<M>(tracker: OperationTracker<M>): readonly TrackedOperation<M>[] {
  let list: readonly TrackedOperation<M>[] = [];
  tracker.operations$.subscribe((ops) => (list = ops)).unsubscribe();
  return list;
}

describe('createOperationTracker, one tab', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = testScheduler();
  });

  it('lists a tracked 202 with each poll, one per tick, until it ends; finished ones stay', () => {
    scheduler.run(({ expectObservable }) => {
      const service = fakeService(scheduler, 3);
      const tracker = createOperationTracker(service.client(), { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      scheduler.schedule(() => tracker.track(start(service.client()), { title: 'Sales 2024' }), 2);
      expectObservable(summary(tracker.operations$)).toBe('a 1ms b 9ms c 9ms d 9ms e', {
        a: '-',
        b: 'Running/0*',
        c: 'Running/1*',
        d: 'Running/2*',
        e: 'Succeeded/3',
      });
      scheduler.schedule(() => {
        expect(service.seen).toEqual(['POST 1@2', 'GET 1@12', 'GET 1@22', 'GET 1@32']);
        const [op] = current(tracker);
        expect(op).toMatchObject({ meta: { title: 'Sales 2024' }, state: 'Succeeded', done: true, percentComplete: 100, location: `${ROOT}$monitor/1` });
        expect(op?.update).toMatchObject({ status: 'Succeeded', poll: 3 });
      }, 100);
    });
  });

  it('waits for the 202’s Retry-After before the first poll, as asyncOp$ does (unless honorRetryAfter is off)', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 2);
      const client = service.client();
      const withRetryAfter = (): ActionResult => {
        const result = start(client);
        return { ...result, retryAfterMs: () => 3000 };
      };
      createOperationTracker(client, { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() }).track(withRetryAfter());
      createOperationTracker(client, { pollOptions: { pollInterval: TICK, maxRetryAfter: 500 }, coordination: soloCoordination() }).track(withRetryAfter());
      createOperationTracker(client, { pollOptions: { pollInterval: TICK, honorRetryAfter: false }, coordination: soloCoordination() }).track(withRetryAfter());
      scheduler.schedule(() => {
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 3@10', 'GET 3@20', 'GET 2@500', 'GET 2@510', 'GET 1@3000', 'GET 1@3010']);
      }, 5000);
    });
  });

  it('lists a synchronous answer as Succeeded, without polling', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler);
      const client = createODataClient({ serviceRoot: ROOT, csrf: 'never', transport: service.transport, preferAsync: false });
      const tracker = createOperationTracker(client, { coordination: soloCoordination() });
      const syncResult: ActionResult = { ...start(client), status: 200, isAsync: () => false, location: () => undefined };
      const id = tracker.track(syncResult);
      expect(current(tracker)).toEqual([expect.objectContaining({ id, state: 'Succeeded', done: true, poll: 0, polledHere: false })]);
      expect(service.seen).toEqual(['POST 1@0']);
    });
  });

  it('tracks a poller you made, with its own options', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 5);
      const client = service.client();
      const monitor = start(client).location()!;
      const tracker = createOperationTracker(client, { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      tracker.track(createAsyncPoller(client, monitor, { pollInterval: TICK, maxPolls: 2, scheduler }));
      scheduler.schedule(() => {
        expect(current(tracker)).toEqual([
          expect.objectContaining({ state: 'TimedOut', poll: 2, message: 'still running after 2 polls: gave up', done: true }),
        ]);
      }, 100);
    });
  });

  it('reports a Failed operation with the server’s message', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler);
      const client = createODataClient({
        serviceRoot: ROOT,
        csrf: 'never',
        transport: (request) =>
          request.method === 'POST'
            ? service.transport(request)
            : service.transport({ ...request, method: 'GET' }).pipe(
                map(() => ({
                  status: 200,
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ status: 'Failed', error: { code: 'E1', message: 'no sales data' } }),
                })),
              ),
      });
      const tracker = createOperationTracker(client, { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      tracker.track(start(client));
      scheduler.schedule(() => {
        expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Failed', poll: 1, message: 'no sales data', done: true })]);
      }, 50);
    });
  });

  it('cancels on the server and lists the operation as Cancelled', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 10);
      const tracker = createOperationTracker(service.client(), { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      const id = tracker.track(start(service.client()));
      scheduler.schedule(() => {
        tracker.cancel(id);
      }, 15);
      scheduler.schedule(() => {
        expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Cancelled', poll: 1, done: true })]);
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10', 'DELETE 1@15']);
      }, 100);
    });
  });

  it('dismiss forgets the operation, stops polling it and removes it from storage', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 10);
      const storage = new FakeStorage();
      const tracker = createOperationTracker(service.client(), { storage, pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      const id = tracker.track(start(service.client()));
      expect([...storage.items.keys()]).toEqual([PREFIX + id]);
      scheduler.schedule(() => {
        tracker.dismiss(id);
      }, 15);
      scheduler.schedule(() => {
        expect(current(tracker)).toEqual([]);
        expect(storage.items.size).toBe(0);
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10']);
      }, 100);
    });
  });

  it('keeps meta as JSON, the same before and after a reload; refuses meta JSON cannot hold', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 1);
      const storage = new FakeStorage();
      const options = { storage, coordination: soloCoordination() };
      const tracker = createOperationTracker(service.client(), options);
      tracker.track(start(service.client()), { at: new Date(Date.UTC(2024, 0, 2)), gone: undefined, list: [1, 'x'] });
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      expect(() => tracker.track(start(service.client()), cyclic)).toThrow(/^OperationTracker.track: meta must be JSON data \(/);
      expect(() => tracker.track(start(service.client()), { n: 1n })).toThrow(TypeError);
      const expected = { at: '2024-01-02T00:00:00.000Z', list: [1, 'x'] };
      expect(current(tracker).map((op) => op.meta)).toEqual([expected]);
      expect(current(createOperationTracker(service.client(), options)).map((op) => op.meta)).toEqual([expected]);
    });
  });

  it('refuses what is neither a result nor a poller, and tracking after close', () => {
    const service = fakeService(scheduler);
    const tracker = createOperationTracker(service.client(), { coordination: soloCoordination() });
    // @ts-expect-error: a plain object is not a source
    expect(() => tracker.track({ status: 202 })).toThrow(new TypeError('OperationTracker.track: expected an ActionResult or an AsyncPoller'));
    tracker.close();
    expect(() => tracker.track(start(service.client()))).toThrow(new TypeError('OperationTracker.track: the tracker is closed'));
    expect(() => createOperationTracker(service.client(), { namespace: '' })).toThrow(TypeError);
  });
});

describe('createOperationTracker, edges', () => {
  it('an operation that ends inside track() (a synchronous scheduler) is not left marked as polled here', () => {
    const service = fakeService(queueScheduler, 1);
    const tracker = createOperationTracker(service.client(), { scheduler: queueScheduler, pollOptions: { pollInterval: 0 }, coordination: soloCoordination() });
    tracker.track(start(service.client()));
    expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Succeeded', poll: 1, polledHere: false })]);
    tracker.close();
  });

  it('a poll stream that ends without a terminal state lets go: Running, polled nowhere', () => {
    const scheduler = testScheduler();
    scheduler.run(() => {
      const service = fakeService(scheduler, 5);
      const tracker = createOperationTracker(service.client(), { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      // A poller of the app's own whose stream just ends.
      const real = createAsyncPoller(service.client(), start(service.client()).location()!);
      tracker.track({ ...real, status$: EMPTY });
      scheduler.schedule(() => {
        expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Running', poll: 0, polledHere: false })]);
        expect(service.seen).toEqual(['POST 1@0']);
      }, 100);
    });
  });

  it('ignores dismiss and cancel of unknown or finished operations, and a second close', () => {
    const scheduler = testScheduler();
    scheduler.run(() => {
      const service = fakeService(scheduler, 1);
      const tracker = createOperationTracker(service.client(), { pollOptions: { pollInterval: TICK }, coordination: soloCoordination() });
      const id = tracker.track(start(service.client()));
      tracker.dismiss('nope');
      tracker.cancel('nope');
      scheduler.schedule(() => {
        tracker.cancel(id);
        expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Succeeded' })]);
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10']);
        tracker.close();
        tracker.close();
        tracker.dismiss(id);
      }, 50);
    });
  });

  it('restores a synchronous answer (no token) as it was', () => {
    const scheduler = testScheduler();
    scheduler.run(() => {
      const service = fakeService(scheduler);
      const storage = new FakeStorage();
      const client = service.client();
      const options = { storage, coordination: soloCoordination() };
      const id = createOperationTracker(client, options).track({ ...start(client), status: 200, isAsync: () => false, location: () => undefined });
      expect(current(createOperationTracker(client, options))).toEqual([expect.objectContaining({ id, state: 'Succeeded', done: true })]);
    });
  });

  it('a record heard from another tab with a refused token is skipped with a warning', () => {
    const scheduler = testScheduler();
    scheduler.run(() => {
      const service = fakeService(scheduler);
      const hub = new FakeChannelHub();
      const warnings: TrackerWarning[] = [];
      const tracker = createOperationTracker(service.client(), {
        coordination: sharedCoordination(hub.channel(), new FakeLocks().forTab('A')),
        onWarning: (w) => warnings.push(w),
      });
      const elsewhere = createODataClient({ serviceRoot: 'https://evil.example/odata/', transport: service.transport, csrf: 'never' });
      const token = createAsyncPoller(elsewhere, 'https://evil.example/odata/$monitor/1').serialize();
      const record = makeRecord({ id: 'x', meta: null, token, facts: { state: 'Running', poll: 0, since: 0, at: 0 }, revision: 0 });
      hub.inject({ kind: 'rxjs-odata-async/tracker', type: 'record', record: recordText(record) });
      expect(current(tracker)).toEqual([]);
      expect(warnings.map((w) => w.code)).toEqual(['rejected-entry']);
    });
  });
});

describe('createOperationTracker: restore after a reload or restart', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = testScheduler();
  });

  it('resumes every unfinished operation with its poll count carried on, one poll per tick across the reload', () => {
    scheduler.run(({ expectObservable }) => {
      const service = fakeService(scheduler, 4);
      const storage = new FakeStorage();
      const options = { storage, pollOptions: { pollInterval: TICK }, coordination: soloCoordination() };
      const before = createOperationTracker(service.client(), options);
      before.track(start(service.client()), { n: 1 });
      before.track(start(service.client()), { n: 2 });
      // The page goes away at 15, after one poll each, and comes back at 17.
      scheduler.schedule(() => {
        before.close();
      }, 15);
      scheduler.schedule(() => {
        const after = createOperationTracker(service.client(), options);
        expect(current(after).map((op) => op.meta)).toEqual([{ n: 1 }, { n: 2 }]);
        const first$ = after.operations$.pipe(map((ops) => ops.slice(0, 1)));
        expectObservable(summary(first$)).toBe('17ms a 2ms b 9ms c 9ms d', {
          a: 'Running/1*',
          b: 'Running/2*',
          c: 'Running/3*',
          d: 'Succeeded/4',
        });
      }, 17);
      scheduler.schedule(() => {
        // The next poll after the reload went out a tick after the last one (10 → 20), not at once.
        expect(service.seen.filter((s) => s.startsWith('GET 1'))).toEqual(['GET 1@10', 'GET 1@20', 'GET 1@30', 'GET 1@40']);
        expect(service.seen.filter((s) => s.startsWith('GET 2'))).toEqual(['GET 2@10', 'GET 2@20', 'GET 2@30', 'GET 2@40']);
        expect(service.seen.filter((s) => s.startsWith('POST'))).toEqual(['POST 1@0', 'POST 2@0']);
      }, 100);
    });
  });

  it('a restart long after the last poll polls on the same beat: at most a tick later, never at once', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 99);
      const storage = new FakeStorage();
      const options = { storage, pollOptions: { pollInterval: TICK }, coordination: soloCoordination() };
      const before = createOperationTracker(service.client(), options);
      before.track(start(service.client()));
      // Gone at 15 (its next poll would have been at 20, possibly sent and never read); back at 35.
      scheduler.schedule(() => {
        before.close();
      }, 15);
      scheduler.schedule(() => {
        createOperationTracker(service.client(), options);
      }, 35);
      scheduler.schedule(() => {
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 1@10', 'GET 1@40', 'GET 1@50']);
      }, 55);
    });
  });

  it('carries maxPolls over the restart: the resumed poller gives up at the same count', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 99);
      const storage = new FakeStorage();
      const options = { storage, pollOptions: { pollInterval: TICK, maxPolls: 3 }, coordination: soloCoordination() };
      const before = createOperationTracker(service.client(), options);
      before.track(start(service.client()));
      scheduler.schedule(() => {
        before.close();
      }, 25);
      let after: OperationTracker | undefined;
      scheduler.schedule(() => (after = createOperationTracker(service.client(), options)), 26);
      scheduler.schedule(() => {
        expect(current(after!)).toEqual([expect.objectContaining({ state: 'TimedOut', poll: 3, done: true })]);
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 1@10', 'GET 1@20', 'GET 1@30']);
      }, 100);
    });
  });

  it('restores finished operations as they were, without polling them', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 1);
      const storage = new FakeStorage();
      const options = { storage, pollOptions: { pollInterval: TICK }, coordination: soloCoordination() };
      createOperationTracker(service.client(), options).track(start(service.client()));
      scheduler.schedule(() => {
        const after = createOperationTracker(service.client(), options);
        expect(current(after)).toEqual([expect.objectContaining({ state: 'Succeeded', poll: 1, done: true, polledHere: false })]);
        expect(current(after)[0]).not.toHaveProperty('update');
      }, 50);
      scheduler.schedule(() => {
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10']);
      }, 100);
    });
  });

  it('skips corrupt, altered and foreign entries with one warning each, and restores the others', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 2);
      const storage = new FakeStorage();
      const options = { storage, pollOptions: { pollInterval: TICK }, coordination: soloCoordination() };
      const first = createOperationTracker(service.client(), options);
      const good = first.track(start(service.client()), 'good');
      const victim = first.track(start(service.client()), 'victim');
      first.close();
      const text = storage.items.get(PREFIX + victim)!;
      const record = readRecord(text);
      if (typeof record === 'string') throw new Error(record);

      storage.items.set(`${PREFIX}not-json`, '{"kind": "rxjs-odata-async/tracked", ');
      storage.items.set(`${PREFIX}not-a-record`, '{"hello": "world"}');
      storage.items.set(`${PREFIX}proto`, '{"__proto__": {"polluted": true}}');
      // Edited by hand: a running operation made to look done.
      storage.items.set(`${PREFIX}edited`, text.replace('"Running"', '"Succeeded"'));
      // A record copied under another key.
      storage.items.set(`${PREFIX}copied`, text);
      // A well-formed record whose token was edited (checksum of the record made anew).
      const token = record.token as Record<string, unknown>;
      storage.items.set(`${PREFIX}bad-token`, recordText(makeRecord({ ...record, id: 'bad-token', token: { ...token, location: `${ROOT}$monitor/9` } })));
      // A token for another origin: a foreign monitor the client will not send credentials to.
      const elsewhere = createODataClient({ serviceRoot: 'https://evil.example/odata/', transport: service.transport, csrf: 'never' });
      const foreign = createAsyncPoller(elsewhere, 'https://evil.example/odata/$monitor/1').serialize();
      storage.items.set(`${PREFIX}foreign`, recordText(makeRecord({ ...record, id: 'foreign', token: foreign })));
      // A v2 client's token on this v4 client.
      const v2 = createODataClient({ serviceRoot: ROOT, transport: service.transport, csrf: 'never', protocol: 'v2' });
      storage.items.set(`${PREFIX}v2`, recordText(makeRecord({ ...record, id: 'v2', token: createAsyncPoller(v2, `${ROOT}$monitor/1`).serialize() })));
      // Meta that the app's codec refuses.
      storage.items.set(`${PREFIX}meta`, recordText(makeRecord({ ...record, id: 'meta', meta: 42 })));
      // Other keys of the app: not ours, not a warning.
      storage.items.set('theme', 'dark');
      storage.items.set('rxjs-odata-async/other/x', '{}');

      const warnings: TrackerWarning[] = [];
      const after = createOperationTracker(service.client(), { ...options, meta: t.string, onWarning: (w) => warnings.push(w) });
      expect(
        current(after)
          .map((op) => [op.id, op.meta])
          .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ).toEqual([
        [good, 'good'],
        [victim, 'victim'],
      ]);
      expect(warnings.map((w) => [w.code, w.key])).toEqual([
        ['corrupt-entry', `${PREFIX}not-json`],
        ['corrupt-entry', `${PREFIX}not-a-record`],
        ['corrupt-entry', `${PREFIX}proto`],
        ['corrupt-entry', `${PREFIX}edited`],
        ['corrupt-entry', `${PREFIX}copied`],
        ['rejected-entry', `${PREFIX}bad-token`],
        ['rejected-entry', `${PREFIX}foreign`],
        ['rejected-entry', `${PREFIX}v2`],
        ['corrupt-entry', `${PREFIX}meta`],
      ]);
      expect(warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(/^skipped .*not-json: not JSON/),
        expect.stringMatching(/^skipped .*not-a-record: not a tracker record/),
        expect.stringMatching(/^skipped .*proto: not a tracker record/),
        expect.stringMatching(/^skipped .*edited: altered or truncated \(bad checksum\)$/),
        expect.stringMatching(/^skipped .*copied: it names another id/),
        expect.stringMatching(/^skipped .*bad-token: its poller token was refused \(resumeAsyncPoller: the token was altered/),
        expect.stringMatching(/^skipped .*foreign: its poller token was refused .*evil\.example/),
        expect.stringMatching(/^skipped .*v2: its poller token was refused \(resumeAsyncPoller: the token was made for a v2 client/),
        expect.stringMatching(/^skipped .*meta: its meta does not match the meta codec$/),
      ]);
      expect({}).not.toHaveProperty('polluted');
      // Skipped entries are left where they are (the app may inspect or remove them); none was lost.
      expect(storage.items.size).toBe(13);
      scheduler.schedule(() => {
        expect(current(after).map((op) => op.state)).toEqual(['Succeeded', 'Succeeded']);
        expect(service.seen.filter((s) => s.includes('evil'))).toEqual([]);
      }, 100);
    });
  });

  it('degrades to memory when the storage throws from the start, and says so once', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 2);
      const storage = new FakeStorage();
      storage.failing = new DOMException('The operation is insecure.', 'SecurityError');
      const warnings: TrackerWarning[] = [];
      const tracker = createOperationTracker(service.client(), {
        storage,
        pollOptions: { pollInterval: TICK },
        coordination: soloCoordination(),
        onWarning: (w) => warnings.push(w),
      });
      tracker.track(start(service.client()));
      tracker.track(start(service.client()));
      scheduler.schedule(() => {
        expect(current(tracker).map((op) => `${op.state}/${op.poll}`)).toEqual(['Succeeded/2', 'Succeeded/2']);
        expect(warnings).toEqual([
          {
            code: 'storage-unavailable',
            message: 'the storage threw (The operation is insecure.): operations are kept in memory only from now on, and will not survive a reload',
            cause: storage.failing,
          },
        ]);
      }, 100);
    });
  });

  it('degrades to memory when the storage fills up mid-run, keeps polling, and says so once', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 3);
      const storage = new FakeStorage();
      const warnings: TrackerWarning[] = [];
      const tracker = createOperationTracker(service.client(), {
        storage,
        pollOptions: { pollInterval: TICK },
        coordination: soloCoordination(),
        onWarning: (w) => warnings.push(w),
      });
      tracker.track(start(service.client()));
      scheduler.schedule(() => (storage.failing = new Error('QuotaExceededError')), 15);
      scheduler.schedule(() => tracker.track(start(service.client())), 16);
      scheduler.schedule(() => {
        expect(current(tracker).map((op) => `${op.state}/${op.poll}`)).toEqual(['Succeeded/3', 'Succeeded/3']);
        expect(warnings.map((w) => w.code)).toEqual(['storage-unavailable']);
      }, 100);
    });
  });

  it('warns through console.warn by default', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const service = fakeService(scheduler);
      const storage = new FakeStorage();
      storage.items.set(`${PREFIX}x`, 'garbage');
      createOperationTracker(service.client(), { storage, coordination: soloCoordination() }).close();
      expect(warn.mock.calls).toEqual([[expect.stringMatching(/^rxjs-odata-async tracker: skipped rxjs-odata-async\/tracker\/op\/x: not JSON/)]]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('createOperationTracker: tabs of one origin (fake BroadcastChannel and Web Locks)', () => {
  let scheduler: TestScheduler;
  let hub: FakeChannelHub;
  let locks: FakeLocks;
  beforeEach(() => {
    scheduler = testScheduler();
    hub = new FakeChannelHub();
    locks = new FakeLocks();
  });

  /** A tab: its tracker on the origin's storage, channel and locks. */
  function tab(name: string, client: ODataClient, storage: FakeStorage | undefined) {
    const tracker = createOperationTracker(client, {
      ...(storage === undefined ? {} : { storage }),
      pollOptions: { pollInterval: TICK },
      coordination: sharedCoordination(hub.channel(), locks.forTab(name)),
    });
    return {
      tracker,
      /** The tab is closed or crashes: nothing of it runs any more, its locks are free. */
      close: () => {
        tracker.close();
        locks.closeTab(name);
      },
    };
  }

  it('three tabs: one polls each operation, all show every poll, one status GET per tick in total', () => {
    scheduler.run(({ expectObservable }) => {
      const service = fakeService(scheduler, 4);
      const storage = new FakeStorage();
      const a = tab('A', service.client(), storage);
      const b = tab('B', service.client(), storage);
      const c = tab('C', service.client(), storage);
      // A starts one operation at 0, C another at 5: each tab polls its own, every tab shows both.
      a.tracker.track(start(service.client()));
      scheduler.schedule(() => c.tracker.track(start(service.client())), 5);
      const views = (mine: 1 | 2 | undefined) => ({
        a: `Running/0${mine === 1 ? '*' : ''}`,
        b: `Running/0${mine === 1 ? '*' : ''} Running/0${mine === 2 ? '*' : ''}`,
        c: `Running/1${mine === 1 ? '*' : ''} Running/0${mine === 2 ? '*' : ''}`,
        d: `Running/1${mine === 1 ? '*' : ''} Running/1${mine === 2 ? '*' : ''}`,
        e: `Running/2${mine === 1 ? '*' : ''} Running/1${mine === 2 ? '*' : ''}`,
        f: `Running/2${mine === 1 ? '*' : ''} Running/2${mine === 2 ? '*' : ''}`,
        g: `Running/3${mine === 1 ? '*' : ''} Running/2${mine === 2 ? '*' : ''}`,
        h: `Running/3${mine === 1 ? '*' : ''} Running/3${mine === 2 ? '*' : ''}`,
        i: `Succeeded/4 Running/3${mine === 2 ? '*' : ''}`,
        j: 'Succeeded/4 Succeeded/4',
      });
      const every5ms = 'a 4ms b 4ms c 4ms d 4ms e 4ms f 4ms g 4ms h 4ms i 4ms j';
      expectObservable(summary(a.tracker.operations$)).toBe(every5ms, views(1));
      // B and C opened before anything was tracked: their empty list first, then the same ticks.
      const nonEmpty = (tracker: OperationTracker) => summary(tracker.operations$).pipe(filter((s) => s !== '-'));
      expectObservable(nonEmpty(b.tracker)).toBe(every5ms, views(undefined));
      expectObservable(nonEmpty(c.tracker)).toBe(every5ms, views(2));
      scheduler.schedule(() => {
        expect(service.seen.filter((s) => s.startsWith('GET 1'))).toEqual(['GET 1@10', 'GET 1@20', 'GET 1@30', 'GET 1@40']);
        expect(service.seen.filter((s) => s.startsWith('GET 2'))).toEqual(['GET 2@15', 'GET 2@25', 'GET 2@35', 'GET 2@45']);
        // The tab that tracked an operation polls it.
        expect(locks.grants.map((g) => g.slice(0, 2))).toEqual(['A:', 'C:']);
      }, 100);
    });
  });

  it('takeover: the polling tab closes, another polls one tick after the last poll, the count carried on', () => {
    scheduler.run(({ expectObservable }) => {
      const service = fakeService(scheduler, 5);
      const storage = new FakeStorage();
      const a = tab('A', service.client(), storage);
      let b: ReturnType<typeof tab> | undefined;
      a.tracker.track(start(service.client()));
      // B opens after A started the operation: it restores it from the storage and waits in line.
      scheduler.schedule(() => {
        b = tab('B', service.client(), storage);
        // Restored at 5; A's poll at 10 heard; A gone at 12: B holds the lock and waits until 20,
        // a tick after A's last poll, then polls on from 2.
        expectObservable(summary(b.tracker.operations$)).toBe('5ms a 4ms b 1ms c 7ms d 9ms e 9ms f 9ms g', {
          a: 'Running/0',
          b: 'Running/1',
          c: 'Running/1*',
          d: 'Running/2*',
          e: 'Running/3*',
          f: 'Running/4*',
          g: 'Succeeded/5',
        });
      }, 5);
      // A goes away just after its poll at 10.
      scheduler.schedule(() => {
        a.close();
      }, 12);
      scheduler.schedule(() => {
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 1@10', 'GET 1@20', 'GET 1@30', 'GET 1@40', 'GET 1@50']);
        expect(locks.grants).toEqual([`A:${PREFIX}${current(b!.tracker)[0]!.id}`, `B:${PREFIX}${current(b!.tracker)[0]!.id}`]);
      }, 100);
    });
  });

  it('takeover: the end the previous tab told as it let the lock go, heard during the wait, sends no poll', () => {
    scheduler.run(() => {
      // A channel that is slow to deliver from 15 on: A's last record (Succeeded at 20) reaches B at 25.
      class SlowHub extends FakeChannelHub {
        override deliver(from: Parameters<FakeChannelHub['deliver']>[0], message: unknown): void {
          if (scheduler.now() < 15) super.deliver(from, message);
          else
            scheduler.schedule(() => {
              super.deliver(from, message);
            }, 5);
        }
      }
      hub = new SlowHub();
      const service = fakeService(scheduler, 2);
      const a = tab('A', service.client(), undefined);
      const b = tab('B', service.client(), undefined);
      const id = a.tracker.track(start(service.client()));
      // A ends the operation at 20 and is gone at 21: B holds the lock, knowing only A's poll at
      // 10, and would poll at 30.
      scheduler.schedule(() => {
        a.close();
      }, 21);
      scheduler.schedule(() => {
        expect(locks.grants).toEqual([`A:${PREFIX}${id}`, `B:${PREFIX}${id}`]);
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 1@10', 'GET 1@20']);
        expect(current(b.tracker)).toEqual([expect.objectContaining({ id, state: 'Succeeded', poll: 2 })]);
      }, 100);
    });
  });

  it('takeover without shared storage: the token heard on the channel is enough', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 5);
      const a = tab('A', service.client(), undefined);
      const b = tab('B', service.client(), undefined);
      const id = a.tracker.track(start(service.client()));
      scheduler.schedule(() => {
        a.close();
      }, 25);
      scheduler.schedule(() => {
        expect(current(b.tracker)).toEqual([expect.objectContaining({ id, state: 'Succeeded', poll: 5 })]);
        expect(service.seen.filter((s) => s.startsWith('GET'))).toEqual(['GET 1@10', 'GET 1@20', 'GET 1@30', 'GET 1@40', 'GET 1@50']);
      }, 100);
    });
  });

  it('cancel in a tab that does not poll: the polling tab sends the DELETE, every tab shows Cancelled', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 10);
      const a = tab('A', service.client(), undefined);
      const b = tab('B', service.client(), undefined);
      const id = a.tracker.track(start(service.client()));
      scheduler.schedule(() => {
        b.tracker.cancel(id);
      }, 15);
      scheduler.schedule(() => {
        for (const tracker of [a.tracker, b.tracker]) expect(current(tracker)).toEqual([expect.objectContaining({ state: 'Cancelled', poll: 1 })]);
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10', 'DELETE 1@15']);
      }, 100);
    });
  });

  it('a refused cancel is said on the operation, which goes on', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 3);
      const client = createODataClient({
        serviceRoot: ROOT,
        csrf: 'never',
        transport: (request) =>
          request.method === 'DELETE'
            ? service.transport({ ...request, method: 'GET' }).pipe(map(() => ({ status: 405, headers: { allow: 'GET' }, body: '' })))
            : service.transport(request),
      });
      const a = tab('A', client, undefined);
      const b = tab('B', client, undefined);
      const id = a.tracker.track(start(client));
      scheduler.schedule(() => {
        b.tracker.cancel(id);
      }, 15);
      scheduler.schedule(() => {
        expect(current(b.tracker)).toEqual([expect.objectContaining({ state: 'Running', poll: 1, cancelError: expect.stringContaining('405') })]);
      }, 16);
      scheduler.schedule(() => {
        expect(current(b.tracker)).toEqual([expect.objectContaining({ state: 'Succeeded' })]);
        expect(current(b.tracker)[0]).not.toHaveProperty('cancelError');
      }, 100);
    });
  });

  it('dismiss in one tab forgets the operation everywhere and stops its polling', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 10);
      const storage = new FakeStorage();
      const a = tab('A', service.client(), storage);
      const b = tab('B', service.client(), storage);
      const id = a.tracker.track(start(service.client()));
      scheduler.schedule(() => {
        b.tracker.dismiss(id);
      }, 15);
      scheduler.schedule(() => {
        expect([current(a.tracker), current(b.tracker), storage.items.size]).toEqual([[], [], 0]);
        expect(service.seen).toEqual(['POST 1@0', 'GET 1@10']);
      }, 100);
    });
  });

  it('ignores what else is posted on the channel: foreign messages, forged records', () => {
    scheduler.run(() => {
      const service = fakeService(scheduler, 2);
      const a = tab('A', service.client(), undefined);
      const id = a.tracker.track(start(service.client()));
      const [op] = current(a.tracker);
      hub.inject('hello');
      hub.inject({ kind: 'rxjs-odata-async/tracker', type: 'record', record: JSON.stringify({ id, facts: { state: 'Succeeded' } }) });
      hub.inject({ kind: 'rxjs-odata-async/tracker', type: 'nonsense' });
      hub.inject({ kind: 'rxjs-odata-async/tracker', type: 'dismiss', id: 'unknown' });
      expect(current(a.tracker)).toEqual([op]);
      scheduler.schedule(() => {
        expect(current(a.tracker)).toEqual([expect.objectContaining({ state: 'Succeeded', poll: 2 })]);
      }, 100);
    });
  });

  it('closing the tracker releases its locks (the work ends) and completes operations$', async () => {
    const service = fakeService(scheduler, 5);
    const a = createOperationTracker(service.client(), {
      pollOptions: { pollInterval: TICK, scheduler },
      coordination: sharedCoordination(hub.channel(), locks.forTab('A')),
    });
    const b = createOperationTracker(service.client(), {
      pollOptions: { pollInterval: TICK, scheduler },
      coordination: sharedCoordination(hub.channel(), locks.forTab('B')),
    });
    const id = a.track(start(service.client()));
    let completed = false;
    a.operations$.subscribe({ complete: () => (completed = true) });
    expect(locks.holder(PREFIX + id)).toBe('A');
    a.close();
    expect(completed).toBe(true);
    // The lock goes when the work's Promise settles.
    await Promise.resolve();
    await Promise.resolve();
    expect(locks.holder(PREFIX + id)).toBe('B');
    expect(current(b)).toEqual([expect.objectContaining({ polledHere: true })]);
    b.close();
  });
});
