import { abortPool, MAX_SPARE, MAX_USES } from '../../lib/http/abort-pool.js';

describe('abortPool', () => {
  it('lends a new controller when none is spare', () => {
    const pool = abortPool();
    const a = pool.take();
    const b = pool.take();
    expect(a.controller).toBeInstanceOf(AbortController);
    expect(b.controller).not.toBe(a.controller);
    expect(a.uses).toBe(1);
  });

  it('lends a given-back controller again, counting its uses', () => {
    const pool = abortPool();
    const first = pool.take();
    pool.give(first);
    const second = pool.take();
    expect(second.controller).toBe(first.controller);
    expect(second.uses).toBe(2);
  });

  it('never lends an aborted controller again: its signal stays aborted', () => {
    const pool = abortPool();
    const lease = pool.take();
    lease.controller.abort();
    pool.give(lease);
    const next = pool.take();
    expect(next.controller).not.toBe(lease.controller);
    expect(next.controller.signal.aborted).toBe(false);
  });

  it(`drops a controller after ${MAX_USES} uses: a listener someone never removed cannot pile up past Node's leak warning`, () => {
    const pool = abortPool();
    const seen = new Set<AbortController>();
    for (let i = 0; i < MAX_USES * 3; i++) {
      const lease = pool.take();
      seen.add(lease.controller);
      expect(lease.uses).toBeLessThanOrEqual(MAX_USES);
      pool.give(lease);
    }
    expect(seen.size).toBe(3);
  });

  it(`keeps at most ${MAX_SPARE} spare controllers`, () => {
    const pool = abortPool();
    const leases = Array.from({ length: MAX_SPARE + 10 }, () => pool.take());
    for (const lease of leases) pool.give(lease);
    const again = new Set(Array.from({ length: MAX_SPARE + 10 }, () => pool.take().controller));
    const reused = leases.filter((lease) => again.has(lease.controller));
    expect(reused).toHaveLength(MAX_SPARE);
  });
});
