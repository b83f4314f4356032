import fc from 'fast-check';
import * as t from 'io-ts';
import { asyncScheduler, of, queueScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { AsyncOpOptions } from '../../lib/lro/async-op-options.js';
import { MAX_DELAY_MS } from '../../lib/lro/delay-policy.js';
import { resolveAsyncOpOptions } from '../../lib/lro/resolve-async-op-options.js';
import { azureDialect } from '../../lib/lro/dialects/azure.js';
import { odataV4Dialect } from '../../lib/lro/dialects/odata-v4.js';

/**
 * Options as plain JavaScript or a config file could pass them: the point of these tests is
 * that nothing is trusted to match its declared type.
 */
function resolveUntyped(options: unknown): unknown {
  // @ts-expect-error deliberately calling with what a JavaScript caller could pass
  return resolveAsyncOpOptions(options);
}

function resolveUntypedFor(options: unknown, caller: string): unknown {
  // @ts-expect-error deliberately calling with what a JavaScript caller could pass
  return resolveAsyncOpOptions(options, caller);
}

describe('resolveAsyncOpOptions: the retry policy of the defaults', () => {
  it('is one shared, frozen object whenever every setting it reads is at its default, given or not', () => {
    const shared = resolveAsyncOpOptions({}).retries;
    expect(Object.isFrozen(shared)).toBe(true);
    // As a tracker and resumed pollers pass them: the defaults, spelled out.
    expect(resolveAsyncOpOptions({ scheduler: asyncScheduler, retries: 3, honorRetryAfter: true, maxRetryAfter: 300_000, pollInterval: 5 }).retries).toBe(
      shared,
    );
  });

  it('is a policy of its own when a setting it reads differs', () => {
    const shared = resolveAsyncOpOptions({}).retries;
    for (const options of [{ retries: 2 }, { scheduler: queueScheduler }, { honorRetryAfter: false }, { maxRetryAfter: 1000 }, { retries: { count: 3 } }]) {
      expect(resolveAsyncOpOptions(options).retries).not.toBe(shared);
    }
  });
});

describe('resolveAsyncOpOptions', () => {
  const defaults = {
    pollInterval: 2000,
    maxPolls: 30,
    timeout: undefined,
    honorRetryAfter: true,
    maxRetryAfterMs: 300_000,
    retries: { count: 3, delay: expect.any(Function) },
    cancelOnUnsubscribe: false,
    statusMap: {},
    result: undefined,
    scheduler: asyncScheduler,
    visible$: undefined,
    dialect: undefined,
  };

  describe('defaults', () => {
    it('applies every default for undefined options', () => {
      expect(resolveAsyncOpOptions(undefined)).toStrictEqual(defaults);
    });

    it('applies every default for {}', () => {
      expect(resolveAsyncOpOptions({})).toStrictEqual(defaults);
    });

    it('treats an option set to undefined as absent', () => {
      expect(
        resolveAsyncOpOptions({ pollInterval: undefined, maxPolls: undefined, timeout: undefined, statusMap: undefined, scheduler: undefined }),
      ).toStrictEqual(defaults);
    });

    it('gives a frozen default statusMap', () => {
      expect(Object.isFrozen(resolveAsyncOpOptions(undefined).statusMap)).toBe(true);
    });
  });

  describe('accepted values', () => {
    it('keeps every valid value', () => {
      const interval = (poll: number): number => poll * 100;
      const codec = t.type({ id: t.string });
      const scheduler = new TestScheduler(() => undefined);
      const visible$ = of(true);
      const options: AsyncOpOptions<{ id: string }> = {
        pollInterval: interval,
        maxPolls: 100,
        timeout: 60_000,
        honorRetryAfter: false,
        maxRetryAfter: 10_000,
        retries: 0,
        cancelOnUnsubscribe: true,
        statusMap: { SCHEDULED: 'Running', Aborted: 'Cancelled' },
        result: codec,
        scheduler,
        pauseWhenHidden: visible$,
        dialect: [azureDialect, odataV4Dialect],
      };
      expect(resolveAsyncOpOptions(options)).toStrictEqual({
        pollInterval: interval,
        maxPolls: 100,
        timeout: 60_000,
        honorRetryAfter: false,
        maxRetryAfterMs: 10_000,
        retries: { count: 0, delay: expect.any(Function) },
        cancelOnUnsubscribe: true,
        statusMap: { SCHEDULED: 'Running', Aborted: 'Cancelled' },
        result: codec,
        scheduler,
        visible$,
        dialect: [azureDialect, odataV4Dialect],
      });
    });

    it('dialect: one dialect, a list of them (copied), or a dialect of your own', () => {
      const own = {
        name: 'acme',
        recognizes: () => true,
        start: () => ({ kind: 'error' as const, error: new Error('x') as never }),
        read: () => ({ kind: 'error' as const, error: new Error('x') as never }),
      };
      expect(resolveAsyncOpOptions({ dialect: azureDialect }).dialect).toBe(azureDialect);
      const list = [azureDialect, own];
      const resolved = resolveAsyncOpOptions({ dialect: list }).dialect;
      list.pop();
      expect(resolved).toEqual([azureDialect, own]);
    });

    it.each<unknown>([
      [],
      {},
      { name: 'x' },
      [azureDialect, 'azure'],
      'azure',
      { name: 'x', recognizes: () => true, start: () => 0, read: () => 0, cancel: 'DELETE' },
    ])('refuses dialect %p', (dialect) => {
      expect(() => resolveUntyped({ dialect })).toThrow(
        /^asyncOp\$: dialect must be a MonitorDialect \(name, recognizes, start, read\), or a non-empty list of them, got /,
      );
    });

    it('pauseWhenHidden: true follows the page, false never pauses', () => {
      expect(resolveAsyncOpOptions({ pauseWhenHidden: true }).visible$).toBeDefined();
      expect(resolveAsyncOpOptions({ pauseWhenHidden: false }).visible$).toBeUndefined();
    });

    it.each([0, 1, 2000, MAX_DELAY_MS])('pollInterval %p', (pollInterval) => {
      expect(resolveAsyncOpOptions({ pollInterval }).pollInterval).toBe(pollInterval);
    });

    it.each([1, 30, Infinity])('maxPolls %p', (maxPolls) => {
      expect(resolveAsyncOpOptions({ maxPolls }).maxPolls).toBe(maxPolls);
    });

    it.each([0.5, 1, MAX_DELAY_MS])('timeout %p', (timeout) => {
      expect(resolveAsyncOpOptions({ timeout }).timeout).toBe(timeout);
    });

    it.each([0, 1, MAX_DELAY_MS])('maxRetryAfter %p', (maxRetryAfter) => {
      expect(resolveAsyncOpOptions({ maxRetryAfter }).maxRetryAfterMs).toBe(maxRetryAfter);
    });

    it.each([0, 1, 10])('retries %p', (retries) => {
      expect(resolveAsyncOpOptions({ retries }).retries.count).toBe(retries);
    });

    it('retries as { count, delay }: the delay given, or the default one', () => {
      const delay = (attempt: number) => attempt * 10;
      expect(resolveAsyncOpOptions({ retries: { count: 2, delay } }).retries).toStrictEqual({ count: 2, delay });
      expect(resolveAsyncOpOptions({ retries: { count: 2 } }).retries).toStrictEqual({ count: 2, delay: expect.any(Function) });
    });

    it('any io-ts codec as result, including t.unknown and refinements', () => {
      expect(resolveAsyncOpOptions({ result: t.unknown }).result).toBe(t.unknown);
      expect(resolveAsyncOpOptions({ result: t.Int }).result).toBe(t.Int);
    });

    it('any SchedulerLike', () => {
      expect(resolveAsyncOpOptions({ scheduler: queueScheduler }).scheduler).toBe(queueScheduler);
    });

    it('a statusMap with a null prototype', () => {
      const statusMap: Record<string, 'Running'> = Object.create(null);
      statusMap['held'] = 'Running';
      expect(resolveAsyncOpOptions({ statusMap }).statusMap).toEqual({ held: 'Running' });
    });

    it('copies and freezes the statusMap, so later changes by the caller do not leak in', () => {
      const statusMap: Record<string, 'Running' | 'Failed'> = { held: 'Running' };
      const resolved = resolveAsyncOpOptions({ statusMap });
      statusMap['held'] = 'Failed';
      expect(resolved.statusMap).toEqual({ held: 'Running' });
      expect(Object.isFrozen(resolved.statusMap)).toBe(true);
    });

    it('keeps a "__proto__" statusMap key as a plain key, not a prototype', () => {
      const statusMap: Record<string, 'Running'> = {};
      Object.defineProperty(statusMap, '__proto__', { value: 'Running', enumerable: true, configurable: true, writable: true });
      const resolved = resolveAsyncOpOptions({ statusMap });
      expect(Object.getPrototypeOf(resolved.statusMap)).toBe(Object.prototype);
      expect(Object.keys(resolved.statusMap)).toEqual(['__proto__']);
    });
  });

  describe('rejected values', () => {
    it.each([null, 5, 'fast', true, [], () => undefined])('options %p', (options) => {
      expect(() => resolveUntyped(options)).toThrow(/^asyncOp\$: options must be an object, got /);
    });

    it('names the value received', () => {
      expect(() => resolveUntyped(null)).toThrow('got null');
      expect(() => resolveUntyped([])).toThrow('got an array');
      expect(() => resolveUntyped('fast')).toThrow('got "fast"');
      expect(() => resolveUntyped(() => 1)).toThrow('got a function');
      expect(() => resolveUntyped(true)).toThrow('got true');
    });

    it.each([-1, NaN, Infinity, -Infinity, MAX_DELAY_MS + 1, '2000', null, true])('pollInterval %p', (pollInterval) => {
      expect(() => resolveUntyped({ pollInterval })).toThrow(
        new RegExp(`^asyncOp\\$: pollInterval must be a number of ms from 0 to ${MAX_DELAY_MS}, or a function, got `),
      );
    });

    it.each([0, -1, 1.5, NaN, -Infinity, '30', null])('maxPolls %p', (maxPolls) => {
      expect(() => resolveUntyped({ maxPolls })).toThrow(/^asyncOp\$: maxPolls must be a positive integer or Infinity, got /);
    });

    it.each([0, -1, NaN, Infinity, MAX_DELAY_MS + 1, '1000', null])('timeout %p', (timeout) => {
      expect(() => resolveUntyped({ timeout })).toThrow(new RegExp(`^asyncOp\\$: timeout must be a number of ms above 0, up to ${MAX_DELAY_MS}, got `));
    });

    it.each([-1, NaN, Infinity, MAX_DELAY_MS + 1, '1000'])('maxRetryAfter %p', (maxRetryAfter) => {
      expect(() => resolveUntyped({ maxRetryAfter })).toThrow(new RegExp(`^asyncOp\\$: maxRetryAfter must be a number of ms from 0 to ${MAX_DELAY_MS}, got `));
    });

    it.each([-1, 1.5, NaN, Infinity, '3', null, {}, { count: -1 }, { count: 2, delay: 5 }])('retries %p', (retries) => {
      expect(() => resolveUntyped({ retries })).toThrow(/^asyncOp\$: retries must be an integer >= 0, or \{ count, delay\(attempt, failure\) \}, got /);
    });

    it.each(['honorRetryAfter', 'cancelOnUnsubscribe'])('%s that is not a boolean', (name) => {
      for (const value of ['true', 1, 0, null]) {
        expect(() => resolveUntyped({ [name]: value })).toThrow(
          new TypeError(`asyncOp$: ${name} must be true or false, got ${typeof value === 'string' ? `"${value}"` : String(value)}`),
        );
      }
    });

    it.each([null, [], 'Running', new Map([['x', 'Running']]), new (class Words {})()])('statusMap %p that is not a plain object', (statusMap) => {
      expect(() => resolveUntyped({ statusMap })).toThrow(/^asyncOp\$: statusMap must be a plain object, e.g. \{ SCHEDULED: 'Running' \}, got /);
    });

    it.each(['running', 'Done', '', 1, null])('statusMap target %p, listing the four statuses', (target) => {
      expect(() => resolveUntyped({ statusMap: { SCHEDULED: 'Running', HELD: target } })).toThrow(
        /^asyncOp\$: statusMap\["HELD"\] must be one of Running, Succeeded, Failed, Cancelled, got .+$/,
      );
    });

    it('names the statusMap entry and the status it maps to', () => {
      expect(() => resolveUntyped({ statusMap: { HELD: 'Done' } })).toThrow(
        new TypeError('asyncOp$: statusMap["HELD"] must be one of Running, Succeeded, Failed, Cancelled, got "Done"'),
      );
    });

    it.each(['true', 1, null, {}, Promise.resolve(true)])('pauseWhenHidden %p that is neither a boolean nor an Observable', (pauseWhenHidden) => {
      expect(() => resolveUntyped({ pauseWhenHidden })).toThrow(/^asyncOp\$: pauseWhenHidden must be a boolean or an Observable<boolean>, got /);
    });

    it.each([{ decode: () => undefined }, t.type, 'string', null, {}])('result %p that is not an io-ts Type', (result) => {
      expect(() => resolveUntyped({ result })).toThrow(/^asyncOp\$: result must be an io-ts codec, got /);
    });

    it.each<unknown>([
      {},
      { now: () => 0 },
      { schedule: () => undefined },
      { now: 0, schedule: () => undefined },
      { now: () => 0, schedule: 1 },
      null,
      'async',
    ])('scheduler %p without now() and schedule()', (scheduler) => {
      expect(() => resolveUntyped({ scheduler })).toThrow(/^asyncOp\$: scheduler must be a SchedulerLike, got /);
    });

    it('an unknown key, listing the known ones', () => {
      expect(() => resolveUntyped({ interval: 5 })).toThrow(
        new TypeError(
          'asyncOp$: unknown option "interval"; known options: pollInterval, maxPolls, timeout, honorRetryAfter, maxRetryAfter, retries, cancelOnUnsubscribe, statusMap, result, scheduler, pauseWhenHidden, dialect',
        ),
      );
    });

    it.each([
      ['maxPoll', 'maxPolls'],
      ['pollinterval', 'pollInterval'],
      ['timeoutMs', 'timeout'],
      ['maxRetryAfterMs', 'maxRetryAfter'],
      ['STATUSMAP', 'statusMap'],
    ])('a typo %p, suggesting %p', (typo, meant) => {
      expect(() => resolveUntyped({ [typo]: 5 })).toThrow(`asyncOp$: unknown option "${typo}" (did you mean "${meant}"?); known options: pollInterval`);
    });

    it('no suggestion for a short unknown key', () => {
      expect(() => resolveUntyped({ max: 5 })).toThrow(/^asyncOp\$: unknown option "max"; known/);
    });

    it('checks keys before values, so a typo is reported as a typo', () => {
      expect(() => resolveUntyped({ maxPoll: -1 })).toThrow(/unknown option "maxPoll"/);
    });
  });

  describe('options read once', () => {
    /** Options whose `name` reads `first`, then `later` on every further read. */
    function changing(name: string, first: unknown, later: unknown): AsyncOpOptions {
      let reads = 0;
      return Object.defineProperty({}, name, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
    }

    it.each<[string, unknown, unknown, Record<string, unknown>]>([
      ['maxPolls', 5, -1, { maxPolls: 5 }],
      ['retries', 2, 'lots', { retries: { count: 2 } }],
      ['timeout', 1000, -5, { timeout: 1000 }],
      ['pollInterval', 10, 'fast', { pollInterval: 10 }],
      ['statusMap', { HELD: 'Running' }, { HELD: 'Done' }, { statusMap: { HELD: 'Running' } }],
    ])('uses the %s value it checked, even from a getter that changes', (name, first, later, expected) => {
      expect(resolveAsyncOpOptions(changing(name, first, later))).toMatchObject(expected);
    });

    it('checks an inherited option as it uses it', () => {
      expect(() => resolveAsyncOpOptions(Object.create({ maxPolls: -1 }) as AsyncOpOptions)).toThrow(/maxPolls must be a positive integer/);
    });

    it('names the caller in every message', () => {
      expect(() => resolveAsyncOpOptions({ maxPolls: 0 }, 'resumeAsyncPoller')).toThrow(/^resumeAsyncPoller: maxPolls must be/);
      expect(() => resolveUntypedFor({ interval: 1 }, 'createAsyncPoller')).toThrow(/^createAsyncPoller: unknown option "interval"/);
    });
  });

  describe('properties', () => {
    it('any number either resolves to itself or throws a TypeError, for every numeric option', () => {
      const numeric = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Infinity, -Infinity, NaN, 0, -0));
      fc.assert(
        fc.property(fc.constantFrom('pollInterval', 'maxPolls', 'timeout', 'maxRetryAfter', 'retries'), numeric, (name, value) => {
          let resolved: unknown;
          try {
            resolved = resolveUntyped({ [name]: value });
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
            return;
          }
          const key = name === 'maxRetryAfter' ? 'maxRetryAfterMs' : name === 'retries' ? 'retries.count' : name;
          expect(resolved).toHaveProperty(key, value);
          // Every accepted delay fits in a timer.
          if (name !== 'maxPolls' && name !== 'retries') expect(value).toBeLessThanOrEqual(MAX_DELAY_MS);
          expect(value).toBeGreaterThanOrEqual(0);
        }),
      );
    });
  });
});
