import fc from 'fast-check';
import type { AsyncOpUpdate } from '../../lib/lro/async-op-update.js';
import {
  DEFAULT_MAX_POLLS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RETRIES,
  MAX_DELAY_MS,
  pollDelay,
} from '../../lib/lro/delay-policy.js';

const running: AsyncOpUpdate = { status: 'Running', poll: 0, location: 'https://host/monitor', httpStatus: 202, body: undefined };
const withRetryAfter = (retryAfterMs: number): AsyncOpUpdate => ({ ...running, retryAfterMs });

const base = { nextPoll: 1, lastUpdate: running, pollInterval: 2000, honorRetryAfter: true, maxRetryAfterMs: 300_000 };

describe('defaults', () => {
  it('match the documented values', () => {
    expect({ DEFAULT_POLL_INTERVAL_MS, DEFAULT_MAX_POLLS, DEFAULT_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, MAX_DELAY_MS }).toEqual({
      DEFAULT_POLL_INTERVAL_MS: 2000,
      DEFAULT_MAX_POLLS: 30,
      DEFAULT_RETRIES: 3,
      DEFAULT_MAX_RETRY_AFTER_MS: 300_000,
      MAX_DELAY_MS: 2 ** 31 - 1,
    });
  });
});

describe('pollDelay', () => {
  it('is pollInterval when the last update has no Retry-After', () => {
    expect(pollDelay(base)).toBe(2000);
  });

  it("is the last update's retryAfterMs when honored, even 0", () => {
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(7000) })).toBe(7000);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(0) })).toBe(0);
  });

  it('ignores retryAfterMs when honorRetryAfter is off', () => {
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(7000), honorRetryAfter: false })).toBe(2000);
  });

  it('caps retryAfterMs at maxRetryAfterMs, and at MAX_DELAY_MS', () => {
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(600_000) })).toBe(300_000);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(600_000), maxRetryAfterMs: 0 })).toBe(0);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(Infinity), maxRetryAfterMs: Infinity })).toBe(MAX_DELAY_MS);
  });

  it('never returns a negative or NaN delay from a bad retryAfterMs or cap', () => {
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(-5) })).toBe(0);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(NaN) })).toBe(0);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(5000), maxRetryAfterMs: NaN })).toBe(0);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(5000), maxRetryAfterMs: -1 })).toBe(0);
  });

  it('calls a pollInterval function with the poll number and the last update', () => {
    const interval = jest.fn((poll: number, last: AsyncOpUpdate) => poll * 1000 + last.poll);
    const last = { ...running, poll: 4 };
    expect(pollDelay({ ...base, nextPoll: 5, lastUpdate: last, pollInterval: interval })).toBe(5004);
    expect(interval).toHaveBeenCalledWith(5, last);
  });

  it('does not call the pollInterval function when Retry-After wins', () => {
    const interval = jest.fn(() => 1000);
    expect(pollDelay({ ...base, lastUpdate: withRetryAfter(3000), pollInterval: interval })).toBe(3000);
    expect(interval).not.toHaveBeenCalled();
  });

  it.each([
    [-1, 'gave -1 for poll 3'],
    [NaN, 'gave NaN for poll 3'],
    [Infinity, 'gave Infinity for poll 3'],
    [MAX_DELAY_MS + 1, `gave ${MAX_DELAY_MS + 1} for poll 3`],
  ])('throws a TypeError naming the poll and the value when the function returns %p', (value, message) => {
    expect(() => pollDelay({ ...base, nextPoll: 3, pollInterval: () => value })).toThrow(
      new TypeError(`pollInterval ${message}: it must be a number of ms from 0 to ${MAX_DELAY_MS}`),
    );
  });

  it('describes a non-number from a plain-JavaScript function', () => {
    // @ts-expect-error a JavaScript caller's function may return anything
    expect(() => pollDelay({ ...base, pollInterval: () => '5' })).toThrow('pollInterval gave "5" for poll 1');
    // @ts-expect-error idem
    expect(() => pollDelay({ ...base, pollInterval: () => undefined })).toThrow('pollInterval gave undefined for poll 1');
    // @ts-expect-error idem
    expect(() => pollDelay({ ...base, pollInterval: () => null })).toThrow('pollInterval gave null for poll 1');
    // @ts-expect-error idem
    expect(() => pollDelay({ ...base, pollInterval: () => true })).toThrow('pollInterval gave true for poll 1');
    // @ts-expect-error idem
    expect(() => pollDelay({ ...base, pollInterval: () => ({}) })).toThrow('pollInterval gave an object for poll 1');
  });

  it('throws for a bad numeric pollInterval too', () => {
    expect(() => pollDelay({ ...base, pollInterval: -5 })).toThrow(TypeError);
  });

  it('returns a finite delay in [0, maxRetryAfterMs] or the interval, for all inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double(), { nil: undefined }),
        fc.integer({ min: 0, max: MAX_DELAY_MS }),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.boolean(),
        (retryAfterMs, interval, cap, honor) => {
          const lastUpdate = retryAfterMs === undefined ? running : withRetryAfter(retryAfterMs);
          const delay = pollDelay({ nextPoll: 1, lastUpdate, pollInterval: interval, honorRetryAfter: honor, maxRetryAfterMs: cap });
          expect(Number.isFinite(delay)).toBe(true);
          if (honor && retryAfterMs !== undefined) {
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(Math.min(cap, MAX_DELAY_MS));
          } else {
            expect(delay).toBe(interval);
          }
        },
      ),
    );
  });
});
