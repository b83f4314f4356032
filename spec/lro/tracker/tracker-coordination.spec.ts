import { chooseCoordination, sharedCoordination, soloCoordination } from '../../../lib/lro/tracker/tracker-coordination';
import { FakeChannelHub, FakeLocks } from '../../support/fake-tabs';

const settle = () => new Promise<void>((done) => setImmediate(done));

describe('tracker coordination', () => {
  it('solo: every lock is free at once, nothing is heard, an aborted request does not run', () => {
    const solo = soloCoordination();
    const ran: string[] = [];
    solo.withLock('x', new AbortController().signal, async () => {
      ran.push('x');
    });
    const aborted = new AbortController();
    aborted.abort();
    solo.withLock('y', aborted.signal, async () => {
      ran.push('y');
    });
    const heard: unknown[] = [];
    solo.listen((m) => heard.push(m))();
    solo.post('hello');
    solo.close();
    expect([solo.shared, ran, heard]).toEqual([false, ['x'], []]);
  });

  it('shared: the lock is held while the work runs, the next tab gets it after; queued requests drop on abort', async () => {
    const hub = new FakeChannelHub();
    const locks = new FakeLocks();
    const a = sharedCoordination(hub.channel(), locks.forTab('A'));
    const b = sharedCoordination(hub.channel(), locks.forTab('B'));
    let finishA: () => void = () => undefined;
    const ran: string[] = [];
    a.withLock('op', new AbortController().signal, () => {
      ran.push('A');
      return new Promise<void>((done) => (finishA = done));
    });
    const dropped = new AbortController();
    b.withLock('op', dropped.signal, async () => {
      ran.push('B dropped');
    });
    b.withLock('op', new AbortController().signal, async () => {
      ran.push('B');
    });
    dropped.abort();
    expect(ran).toEqual(['A']);
    finishA();
    await settle();
    expect(ran).toEqual(['A', 'B']);
  });

  it('shared: a request granted after its signal aborted runs nothing', async () => {
    let grant: (lock: unknown) => Promise<void> = async () => undefined;
    const ran: string[] = [];
    const coordination = sharedCoordination(new FakeChannelHub().channel(), {
      request: (_name, _options, callback) => {
        grant = callback;
        return Promise.resolve();
      },
    });
    const signal = new AbortController();
    coordination.withLock('op', signal.signal, async () => {
      ran.push('work');
    });
    signal.abort();
    await grant(null);
    expect(ran).toEqual([]);
  });

  it('shared: hears the other tabs, not itself, and nothing after close', () => {
    const hub = new FakeChannelHub();
    const a = sharedCoordination(hub.channel(), new FakeLocks().forTab('A'));
    const b = sharedCoordination(hub.channel(), new FakeLocks().forTab('B'));
    const heardA: unknown[] = [];
    const heardB: unknown[] = [];
    a.listen((m) => heardA.push(m));
    const stop = b.listen((m) => heardB.push(m));
    a.post({ n: 1 });
    stop();
    a.post({ n: 2 });
    b.close();
    b.close();
    a.post({ n: 3 });
    b.post({ n: 4 });
    expect([heardA, heardB, a.shared]).toEqual([[], [{ n: 1 }], true]);
  });

  describe('chooseCoordination', () => {
    const hub = new FakeChannelHub();
    const locks = new FakeLocks().forTab('A');

    it('shares when both a channel and locks are given', () => {
      expect(chooseCoordination('n', { channel: hub.channel(), locks }).shared).toBe(true);
    });

    it('polls alone when either is missing (null), or when the runtime has no Web Locks (Node)', () => {
      expect(chooseCoordination('n', { channel: null, locks }).shared).toBe(false);
      expect(chooseCoordination('n', { channel: hub.channel(), locks: null }).shared).toBe(false);
      expect(typeof navigator).toBe('undefined');
      expect(chooseCoordination('n', {}).shared).toBe(false);
    });

    it('uses navigator.locks and BroadcastChannel where the runtime has both', () => {
      Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
      try {
        const coordination = chooseCoordination('rxjs-odata-async/spec', {});
        expect(coordination.shared).toBe(true);
        // A real BroadcastChannel (Node has one): closed, so that it does not hold the process.
        coordination.close();
        Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
        expect(chooseCoordination('n', {}).shared).toBe(false);
      } finally {
        Reflect.deleteProperty(globalThis, 'navigator');
      }
    });
  });
});
