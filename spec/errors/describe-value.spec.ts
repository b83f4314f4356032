import { edm } from '../../lib/odata/edm';
import { resolveAsyncOpOptions } from '../../lib/lro/resolve-async-op-options';
import { resolveClientConfig, type ODataClientConfig } from '../../lib/odata/client-config';
import { describeValue } from '../../lib/errors/describe-value';

describe('describeValue', () => {
  it.each<[unknown, string]>([
    [-1, '-1'],
    [NaN, 'NaN'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [5n, '5n'],
    ['2000', '"2000"'],
    ['x'.repeat(61), `"${'x'.repeat(60)}..."`],
    [Symbol('s'), 'Symbol(s)'],
    [new Date(0), 'Date 1970-01-01T00:00:00.000Z'],
    [new Date(NaN), 'an invalid Date'],
    [[1, 2], 'an array'],
    [{ edmType: 'Edm.Int64', value: '5' }, 'an object'],
    [Object.create(null), 'an object'],
    [function secret() {}, 'a function'],
  ])('shows %p as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  // One describer: the same value reads the same in every message of the library.
  it('is the one every message uses', () => {
    const secret = () => 'token';
    const shown = describeValue(secret);
    expect(() => edm.guid(secret as never)).toThrow(`edm.guid: ${shown} `);
    expect(() => resolveClientConfig({ serviceRoot: 'https://host/', protocol: secret } as unknown as ODataClientConfig)).toThrow(
      `protocol must be 'v4' or 'v2', got ${shown}`,
    );
    expect(() => resolveAsyncOpOptions({ retries: secret } as never)).toThrow(
      `retries must be an integer >= 0, or { count, delay(attempt, failure) }, got ${shown}`,
    );
  });
});
