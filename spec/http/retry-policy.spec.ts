import fc from 'fast-check';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelay,
  defaultRetryDelay,
  isRetriesOption,
  isTransientFailure,
  retryDelay,
  retryPolicy,
} from '../../lib/http/retry-policy';

const failure = (status: number, headers: Record<string, string> = {}) => new ODataHttpError({ status, method: 'GET', url: 'https://h/m', headers });

describe('backoffDelay: full jitter', () => {
  it('doubles the ceiling with each attempt, times random()', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });

  it('stays at BACKOFF_MAX_MS for very late attempts, and clamps a stray random source (NaN as 0)', () => {
    expect(backoffDelay(5000, () => 1)).toBe(BACKOFF_MAX_MS);
    expect([backoffDelay(1, () => 7), backoffDelay(1, () => -1), backoffDelay(1, () => NaN)]).toEqual([500, 0, 0]);
  });

  it.each([0, -1, 1.5, NaN, Infinity])('throws a RangeError for attempt %p', (attempt) => {
    expect(() => backoffDelay(attempt, () => 1)).toThrow(RangeError);
  });

  it('is finite and in [0, min(BACKOFF_MAX_MS, BASE × 2^(attempt−1))] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double(), (attempt, r) => {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));
      }),
    );
  });
});

describe('defaultRetryDelay', () => {
  const settings = { honorRetryAfter: true, maxRetryAfterMs: 300_000, now: () => 0, random: () => 0.5 };

  it("takes the server's Retry-After when honored, capped, without rolling the dice", () => {
    const random = jest.fn(() => 0.5);
    const delay = defaultRetryDelay({ ...settings, random });
    expect(delay(1, failure(503, { 'retry-after': '10' }))).toBe(10_000);
    expect(delay(1, failure(429, { 'retry-after': '900' }))).toBe(300_000);
    expect(random).not.toHaveBeenCalled();
  });

  it('backs off for a network error, junk Retry-After, or when Retry-After is not honored', () => {
    expect(defaultRetryDelay(settings)(2, new ODataNetworkError({ method: 'GET', url: 'https://h/m', code: 'ECONNRESET' }))).toBe(500);
    expect(defaultRetryDelay(settings)(2, failure(503, { 'retry-after': 'soon' }))).toBe(500);
    expect(defaultRetryDelay({ ...settings, honorRetryAfter: false })(2, failure(503, { 'retry-after': '10' }))).toBe(500);
  });
});

describe('the retries option', () => {
  it('is a count, or { count, delay? }', () => {
    expect([0, 3, { count: 2 }, { count: 1, delay: () => 0 }].every(isRetriesOption)).toBe(true);
    expect([-1, 1.5, '3', null, {}, { count: -1 }, { count: 1, delay: 5 }].some(isRetriesOption)).toBe(false);
  });

  it('takes the default delay unless it brings one, and checks what a delay gives', () => {
    const fallback = () => 7;
    expect(retryPolicy(2, fallback)).toEqual({ count: 2, delay: fallback });
    const own = retryPolicy({ count: 1, delay: (attempt) => attempt * 10 }, fallback);
    expect(retryDelay(own, 3, failure(503))).toBe(30);
    expect(() => retryDelay(retryPolicy({ count: 1, delay: () => -1 }, fallback), 1, failure(503))).toThrow(/retries.delay gave -1 for retry 1/);
    expect(() => retryDelay(retryPolicy({ count: 1, delay: () => 2 ** 31 }, fallback), 1, failure(503))).toThrow(TypeError);
  });

  it('retries what got no complete answer and the transient statuses, nothing else', () => {
    expect([408, 429, 500, 502, 503, 504].every((status) => isTransientFailure(failure(status)))).toBe(true);
    expect([400, 401, 403, 404, 409, 501, 505].some((status) => isTransientFailure(failure(status)))).toBe(false);
    expect(isTransientFailure(new ODataNetworkError({ method: 'GET', url: 'https://h/m' }))).toBe(true);
    expect(isTransientFailure(new TypeError('x'))).toBe(false);
  });
});
