import { edm } from '../../lib/odata/edm';
import { toJsonParameter } from '../../lib/odata/json-parameter';

describe('toJsonParameter (v4 action bodies)', () => {
  it.each<[string, Parameters<typeof toJsonParameter>[0], unknown]>([
    ['a string', "O'Hara", "O'Hara"],
    ['a boolean', false, false],
    ['null', null, null],
    ['a number', 12.5, 12.5],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Infinity, 'INF'],
    ['-Infinity', -Infinity, '-INF'],
    ['a Date', new Date('2024-01-31T10:00:00Z'), '2024-01-31T10:00:00.000Z'],
    ['a decimal, as a string', edm.decimal('12.50'), '12.50'],
    ['an int64, as a string', edm.int64('9007199254740993'), '9007199254740993'],
    ['a guid', edm.guid('0f8fad5b-d9cb-469f-a165-70867728950e'), '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['a date', edm.date('2024-01-31'), '2024-01-31'],
    ['a double', edm.double(1.5), 1.5],
    ['a special double', edm.double(Number.NaN), 'NaN'],
    ['a single', edm.single(2.5), 2.5],
    ['binary, as base64url', edm.binary(new Uint8Array([0xfb, 0xff, 0x01])), '-_8B'],
    ['a duration', edm.duration('PT10H'), 'PT10H'],
  ])('%s', (_, value, json) => {
    expect(toJsonParameter(value)).toEqual(json);
  });

  it('refuses what has no JSON form', () => {
    expect(() => toJsonParameter({} as never)).toThrow(TypeError);
  });
});
